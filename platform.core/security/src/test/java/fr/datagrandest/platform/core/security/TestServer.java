package fr.datagrandest.platform.core.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;

import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.datagrandest.platform.api.security.UserIdentity;
import fr.datagrandest.platform.core.web.Responses;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The bundle's preprocessor and servlets on a real Jetty 12 (the one the platform runs), with a stand-in for
 * the module manager's endpoints that answers who called.
 */
final class TestServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Server server;
    final String base;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    TestServer(SecurityFixture fixture) throws Exception {
        this(fixture, new AuthenticationFilter(fixture.authenticator));
    }

    TestServer(SecurityFixture fixture, AuthenticationFilter filter) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(0);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addFilter(new FilterHolder(filter), "/*",
                EnumSet.of(DispatcherType.REQUEST));
        AuthServlet auth = new AuthServlet(fixture.authenticator);
        context.addServlet(new ServletHolder(auth), "/api/auth/login");
        context.addServlet(new ServletHolder(auth), "/api/auth/logout");
        context.addServlet(new ServletHolder(auth), "/api/auth/me");
        TokensServlet tokens = new TokensServlet(fixture.authenticator, fixture.audit);
        context.addServlet(new ServletHolder(tokens), "/api/auth/tokens");
        context.addServlet(new ServletHolder(tokens), "/api/auth/tokens/*");
        AccountsServlet accounts = new AccountsServlet(fixture.authenticator);
        context.addServlet(new ServletHolder(accounts), "/api/admin/accounts");
        context.addServlet(new ServletHolder(accounts), "/api/admin/accounts/*");
        context.addServlet(new ServletHolder(new AuditServlet(fixture.audit)), "/api/admin/audit");
        WhoCalled modules = new WhoCalled();
        context.addServlet(new ServletHolder(modules), "/api/admin/modules");
        context.addServlet(new ServletHolder(modules), "/api/admin/modules/*");
        context.addServlet(new ServletHolder(new WhoCalled()), "/public/*");
        server.setHandler(context);
        server.start();
        base = "http://127.0.0.1:" + connector.getLocalPort();
    }

    /** Answers 200 with the identity the preprocessor attached, as any plugin would read it. */
    static final class WhoCalled extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            UserIdentity user = (UserIdentity) request.getAttribute(UserIdentity.REQUEST_ATTRIBUTE);
            Responses.json(response, 200, Map.of("username", user.username(), "roles", user.roles()));
        }
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder builder = request(path).GET();
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return send(builder);
    }

    HttpResponse<String> json(String method, String path, String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder builder = request(path).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return send(builder);
    }

    static String basic(String username, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static JsonNode body(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    /** The DGE_SESSION value from a Set-Cookie header of the response. */
    static String sessionCookie(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(SessionCookie.NAME + "="))
                .map(c -> c.substring(SessionCookie.NAME.length() + 1, c.indexOf(';'))).reduce((a, b) -> b).orElse(null);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
