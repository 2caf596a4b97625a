package fr.datagrandest.test.hellorest;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /hello-rest} in the platform's default REST application (served under {@code /rest}): a greeting
 * with the version of the bundle that answers. {@code GET /hello-rest/fail} fails on purpose, to show the
 * problem details every REST failure becomes.
 */
@Component(service = HelloResource.class)
@JakartarsResource
@JakartarsName("hello-rest")
@JSONRequired
@Path("hello-rest")
@Produces(MediaType.APPLICATION_JSON)
public class HelloResource {

    /** The greeting, as JSON: {@code {"message":"hello","version":"1.0.0"}}. */
    public record Greeting(String message, String version) {
    }

    private final String version;

    @Activate
    public HelloResource(BundleContext context) {
        this.version = context.getBundle().getVersion().toString();
    }

    @GET
    public Greeting hello() {
        return new Greeting("hello", version);
    }

    @GET
    @Path("fail")
    public Greeting fail() {
        throw new IllegalStateException("hello-rest fails on purpose; this message stays in the server log");
    }
}
