package fr.datagrandest.plugin.ocs.core;

import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationBase;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

import jakarta.ws.rs.core.Application;

/** The OCS GE REST API under {@code /ocs/api}. */
@Component(service = Application.class)
@JakartarsApplicationBase("/ocs/api")
@JakartarsName("ocs")
public class OcsApi extends Application {

    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
