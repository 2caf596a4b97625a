package fr.datagrandest.platform.core.rest;

import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.JakartarsWhiteboardConstants;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationBase;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import jakarta.ws.rs.core.Application;

/**
 * The application that serves every resource and extension that selects no application of its own, under
 * {@code /rest}. It replaces the whiteboard's built-in default application, whose base {@code /} would put a
 * catch-all servlet in front of the portal and of every kernel servlet.
 */
@Component(service = Application.class, configurationPid = DefaultApplication.PID)
@Designate(ocd = DefaultApplication.Config.class)
@JakartarsName(JakartarsWhiteboardConstants.JAKARTA_RS_DEFAULT_APPLICATION)
@JakartarsApplicationBase(DefaultApplication.BASE)
public class DefaultApplication extends Application {

    public static final String PID = "fr.datagrandest.platform.rest";
    public static final String BASE = "/rest";

    @ObjectClassDefinition(name = "REST whiteboard", description = "Where REST resources without an application of their own are served")
    public @interface Config {
        @AttributeDefinition(name = "Base of the default application",
                description = "URL path of the resources that select no application; keep it clear of /api, /health, /metrics and the portal's pages")
        String osgi_jakartars_application_base() default BASE;
    }

    @Override
    public Map<String, Object> getProperties() {
        // WADL needs a JAXB implementation the platform does not ship: off, Jersey no longer warns at each reload.
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
