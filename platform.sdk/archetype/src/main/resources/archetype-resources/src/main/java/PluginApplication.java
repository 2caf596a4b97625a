package ${package};

import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationBase;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

import jakarta.ws.rs.core.Application;

/**
 * This plugin's REST application: every resource that selects it answers under {@code /${pluginName}/api}.
 * The kernel adds JSON (Jackson) and turns every error into problem details ({@code application/problem+json}).
 */
@Component(service = Application.class)
@JakartarsApplicationBase("/${pluginName}/api")
@JakartarsName("${pluginName}")
public class PluginApplication extends Application {

    @Override
    public Map<String, Object> getProperties() {
        // Jersey's WADL needs JAXB, which the platform does not ship.
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
