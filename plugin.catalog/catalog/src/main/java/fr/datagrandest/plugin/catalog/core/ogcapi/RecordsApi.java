package fr.datagrandest.plugin.catalog.core.ogcapi;

import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationBase;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

import jakarta.ws.rs.core.Application;

/** OGC API – Records, under /catalog/ogcapi. */
@Component(service = Application.class)
@JakartarsApplicationBase("/catalog/ogcapi")
@JakartarsName("catalog-ogcapi")
public class RecordsApi extends Application {

    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
