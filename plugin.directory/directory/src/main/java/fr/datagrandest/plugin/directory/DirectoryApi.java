package fr.datagrandest.plugin.directory;

import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationBase;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

import jakarta.ws.rs.core.Application;

/** The directory's REST API under {@code /directory/api}. */
@Component(service = Application.class)
@JakartarsApplicationBase("/directory/api")
@JakartarsName(DirectoryApi.NAME)
public class DirectoryApi extends Application {

    static final String NAME = "directory";
    static final String SELECT = "(osgi.jakartars.name=" + NAME + ")";

    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
