package fr.datagrandest.platform.core.rest.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.jakartars.runtime.JakartarsServiceRuntime;
import org.osgi.service.jakartars.runtime.dto.ApplicationDTO;
import org.osgi.service.jakartars.runtime.dto.ResourceDTO;
import org.osgi.service.jakartars.runtime.dto.ResourceMethodInfoDTO;
import org.osgi.service.jakartars.runtime.dto.RuntimeDTO;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.datagrandest.platform.api.health.HealthCheck;
import fr.datagrandest.platform.api.health.HealthStatus;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.MediaType;

/**
 * The REST whiteboard inside a real Felix with the real Jetty whiteboard and Jersey: a plain whiteboard resource
 * answers JSON under the default application's base, every failure becomes problem details, a plugin's own
 * application answers under its own base with the same extensions, the kernel's servlets are not shadowed, and
 * the runtime DTOs say which URL paths a bundle's resources are served under.
 */
@ExtendWith(BundleContextExtension.class)
class RestWhiteboardIT {

    static final String HELLO_REST = "fr.datagrandest.test.hellorest";
    static final String RUNTIME_PID = "JakartarsServletWhiteboardRuntimeComponent";
    static final ObjectMapper JSON = new ObjectMapper();

    @InjectBundleContext
    BundleContext context;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    String base;

    @BeforeEach
    void whiteboardServes() throws Exception {
        ServiceReference<HttpServiceRuntime> runtime = context.getServiceReference(HttpServiceRuntime.class);
        Object endpoint = runtime.getProperty("osgi.http.endpoint");
        String url = endpoint instanceof String[] all ? all[0]
                : endpoint instanceof List<?> list ? list.get(0).toString() : endpoint.toString();
        base = url.replace("0.0.0.0", "localhost").replaceAll("/$", "");
        awaitStatus("/rest/hello-rest", 200);
    }

    @AfterEach
    void unregister() {
        registrations.forEach(ServiceRegistration::unregister);
    }

    @Test
    void aPlainResourceAnswersJsonUnderTheDefaultApplication() throws Exception {
        HttpResponse<String> response = get("/rest/hello-rest");
        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(Map.of("message", "hello", "version", "1.0.0"),
                JSON.convertValue(JSON.readTree(response.body()), Map.class));
    }

    @Test
    void aFailureIsAProblemThatShowsNothingOfTheServer() throws Exception {
        HttpResponse<String> response = get("/rest/hello-rest/fail");
        assertEquals(500, response.statusCode());
        JsonNode problem = problem(response);
        assertEquals("Internal Server Error", problem.get("title").asText());
        assertEquals(500, problem.get("status").asInt());
        assertEquals("/rest/hello-rest/fail", problem.get("instance").asText());
        assertFalse(response.body().contains("on purpose"), response.body());
        assertFalse(response.body().contains("Exception"), response.body());
        assertFalse(response.body().contains("\tat "), response.body());
    }

    @Test
    void anUnknownPathIsANotFoundProblem() throws Exception {
        HttpResponse<String> response = get("/rest/no-such-resource");
        assertEquals(404, response.statusCode());
        JsonNode problem = problem(response);
        assertEquals("Not Found", problem.get("title").asText());
        assertEquals("nothing is published at this path", problem.get("detail").asText());
        assertEquals("/rest/no-such-resource", problem.get("instance").asText());
    }

    @Test
    void aWrongMethodIsAProblemThatKeepsTheAllowHeader() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/rest/hello-rest"))
                .DELETE().build());
        assertEquals(405, response.statusCode());
        assertTrue(response.headers().firstValue("Allow").orElseThrow().contains("GET"));
        assertTrue(problem(response).get("detail").asText().contains("allowed: GET"), response.body());
    }

    @Test
    void aBodyThatIsNotTheExpectedJsonIsABadRequestThatSaysWhy() throws Exception {
        register(Object.class, new EchoResource(), resource("echo"));
        awaitStatus("/rest/echo", 405);

        HttpResponse<String> echoed = post("/rest/echo", "{\"text\":\"bonjour\",\"count\":2}");
        assertEquals(200, echoed.statusCode(), echoed.body());
        assertEquals("bonjour", JSON.readTree(echoed.body()).get("text").asText());

        HttpResponse<String> malformed = post("/rest/echo", "{\"text\": ");
        assertEquals(400, malformed.statusCode(), malformed.body());
        assertTrue(problem(malformed).get("detail").asText().startsWith("the request body is not valid JSON"),
                malformed.body());

        HttpResponse<String> unknownField = post("/rest/echo", "{\"text\":\"a\",\"colour\":\"red\"}");
        assertEquals(400, unknownField.statusCode(), unknownField.body());
        assertEquals("the request body has an unknown field 'colour'", problem(unknownField).get("detail").asText());

        HttpResponse<String> wrongType = post("/rest/echo", "{\"text\":\"a\",\"count\":\"many\"}");
        assertEquals(400, wrongType.statusCode(), wrongType.body());
        assertEquals("the value of 'count' in the request body has the wrong type or format",
                problem(wrongType).get("detail").asText());
        assertFalse(wrongType.body().contains("fr.datagrandest"), wrongType.body());
    }

    @Test
    void aPluginApplicationAnswersUnderItsOwnBaseWithTheKernelExtensions() throws Exception {
        Dictionary<String, Object> application = new Hashtable<>();
        application.put("osgi.jakartars.application.base", "/itcatalog/api");
        application.put("osgi.jakartars.name", "itcatalog");
        register(Application.class, new Application(), application);
        Dictionary<String, Object> ping = resource("ping");
        ping.put("osgi.jakartars.application.select", "(osgi.jakartars.name=itcatalog)");
        register(Object.class, new PingResource(), ping);
        awaitStatus("/itcatalog/api/ping?name=x", 200);

        assertEquals("x", JSON.readTree(get("/itcatalog/api/ping?name=x").body()).get("pong").asText());
        HttpResponse<String> refused = get("/itcatalog/api/ping");
        assertEquals(400, refused.statusCode());
        assertEquals("the query parameter 'name' is required", problem(refused).get("detail").asText());
        assertEquals(404, get("/rest/ping").statusCode(), "the resource is only in its own application");
    }

    @Test
    void theDefaultApplicationDoesNotShadowTheKernelServlets() throws Exception {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("osgi.http.whiteboard.servlet.pattern", "/");
        register(Servlet.class, new PortalStandIn(), properties);
        awaitStatus("/some/page", 200);
        assertEquals("portal", get("/some/page").body());
        assertEquals("portal", get("/").body());
        assertEquals(200, get("/rest/hello-rest").statusCode());
    }

    @Test
    void theRuntimeDtoSaysUnderWhichPathsABundleServes() throws Exception {
        Bundle hello = bundle(HELLO_REST);
        ServiceReference<JakartarsServiceRuntime> reference = context.getServiceReference(JakartarsServiceRuntime.class);
        RuntimeDTO runtime = context.getService(reference).getRuntimeDTO();
        try {
            assertEquals("/rest", runtime.defaultApplication.base);
            assertEquals(Set.of("/rest/hello-rest", "/rest/hello-rest/fail"), pathsServedBy(runtime, hello));
        } finally {
            context.ungetService(reference);
        }
    }

    @Test
    void theKernelCreatesTheWhiteboardConfigurationAndRestoresItWhenDeleted() throws Exception {
        ServiceReference<ConfigurationAdmin> reference = context.getServiceReference(ConfigurationAdmin.class);
        ConfigurationAdmin configurations = context.getService(reference);
        try {
            Configuration[] existing = configurations.listConfigurations("(service.pid=" + RUNTIME_PID + ")");
            assertNotNull(existing);
            assertEquals("/", existing[0].getProperties().get("jersey.context.path"));

            existing[0].delete();
            await(() -> exists(configurations), "the configuration comes back");
            awaitStatus("/rest/hello-rest", 200);
        } finally {
            context.ungetService(reference);
        }
    }

    @Test
    void theKernelHealthCheckSaysTheWhiteboardRuns() throws Exception {
        ServiceReference<?>[] checks = context.getServiceReferences(HealthCheck.class.getName(),
                "(" + HealthCheck.NAME + "=rest-whiteboard)");
        assertNotNull(checks);
        HealthCheck check = (HealthCheck) context.getService(checks[0]);
        try {
            assertEquals(HealthStatus.UP, check.check().status(), check.check().message());
        } finally {
            context.ungetService(checks[0]);
        }
    }

    /**
     * The URL paths under which a bundle's Jakarta REST resources answer: for each application (the default one
     * and the others), the application's base joined to the path of each resource method whose service the
     * bundle registered. With {@code jersey.context.path=/} the base is the URL path itself.
     */
    Set<String> pathsServedBy(RuntimeDTO runtime, Bundle bundle) throws InvalidSyntaxException {
        Set<String> paths = new HashSet<>();
        List<ApplicationDTO> applications = new ArrayList<>(List.of(runtime.applicationDTOs));
        applications.add(runtime.defaultApplication);
        for (ApplicationDTO application : applications) {
            for (ResourceDTO resource : application.resourceDTOs) {
                if (bundleOfService(resource.serviceId) == bundle.getBundleId()) {
                    for (ResourceMethodInfoDTO method : resource.resourceMethods) {
                        paths.add(join(application.base, method.path));
                    }
                }
            }
        }
        return paths;
    }

    static String join(String applicationBase, String path) {
        String left = applicationBase.endsWith("/") ? applicationBase.substring(0, applicationBase.length() - 1) : applicationBase;
        return left + (path.startsWith("/") ? path : "/" + path);
    }

    long bundleOfService(long serviceId) throws InvalidSyntaxException {
        ServiceReference<?>[] references = context.getAllServiceReferences(null, "(service.id=" + serviceId + ")");
        return references == null ? -1 : references[0].getBundle().getBundleId();
    }

    Bundle bundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError(symbolicName + " is not installed");
    }

    static boolean exists(ConfigurationAdmin configurations) {
        try {
            return configurations.listConfigurations("(service.pid=" + RUNTIME_PID + ")") != null;
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Dictionary<String, Object> resource(String name) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("osgi.jakartars.resource", true);
        properties.put("osgi.jakartars.name", name);
        return properties;
    }

    <S> void register(Class<S> type, S service, Dictionary<String, Object> properties) {
        registrations.add(context.registerService(type, service, properties));
    }

    static JsonNode problem(HttpResponse<String> response) throws IOException {
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        JsonNode problem = JSON.readTree(response.body());
        Set<String> fields = new HashSet<>();
        problem.fieldNames().forEachRemaining(fields::add);
        assertEquals(Set.of("type", "title", "status", "detail", "instance"), fields, response.body());
        assertEquals("about:blank", problem.get("type").asText());
        assertEquals(response.statusCode(), problem.get("status").asInt());
        return problem;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    void awaitStatus(String path, int status) throws Exception {
        await(() -> {
            try {
                return get(path).statusCode() == status;
            } catch (IOException | InterruptedException e) {
                return false;
            }
        }, path + " answers " + status);
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    /** Reads and writes JSON with the kernel's provider. */
    @Path("echo")
    public static class EchoResource {
        public record Message(String text, int count) {
        }

        @POST
        @Consumes(MediaType.APPLICATION_JSON)
        @Produces(MediaType.APPLICATION_JSON)
        public Message echo(Message message) {
            return message;
        }
    }

    /** A resource of a plugin's own application. */
    @Path("ping")
    public static class PingResource {
        @GET
        @Produces(MediaType.APPLICATION_JSON)
        public Map<String, String> ping(@QueryParam("name") String name) {
            if (name == null) {
                throw new BadRequestException("the query parameter 'name' is required");
            }
            return Map.of("pong", name);
        }
    }

    /** Stands in for the portal's catch-all page servlet. */
    static class PortalStandIn extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain");
            response.getWriter().write("portal");
        }
    }
}
