package fr.datagrandest.platform.core.portal;

import org.osgi.service.component.annotations.Component;

/**
 * Serves the portal's styles, scripts and logo (the bundle's {@code /static} folder) under
 * {@code /portal/static/}: everything the pages need ships in this bundle, nothing comes from another site.
 */
@Component(service = StaticResources.class, property = {
        "osgi.http.whiteboard.resource.pattern=/portal/static/*",
        "osgi.http.whiteboard.resource.prefix=/static"})
public class StaticResources {
}
