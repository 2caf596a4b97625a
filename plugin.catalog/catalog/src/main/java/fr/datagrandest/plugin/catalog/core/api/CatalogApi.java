package fr.datagrandest.plugin.catalog.core.api;

import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationBase;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

import jakarta.ws.rs.core.Application;

/** The catalogue's JSON API, under /catalog/api. */
@Component(service = Application.class)
@JakartarsApplicationBase("/catalog/api")
@JakartarsName("catalog")
public class CatalogApi extends Application {

    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
