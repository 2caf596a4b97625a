package fr.datagrandest.plugin.legal;

import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationBase;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

import jakarta.ws.rs.core.Application;

/** The legal plugin's REST application: everything under {@code /legal/api}. */
@Component(service = Application.class)
@JakartarsApplicationBase("/legal/api")
@JakartarsName(LegalApi.NAME)
public class LegalApi extends Application {

    /** The application's name, which the resources select. */
    public static final String NAME = "legal";
    public static final String SELECT = "(osgi.jakartars.name=legal)";

    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
