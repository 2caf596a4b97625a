package fr.datagrandest.platform.core.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import fr.datagrandest.platform.api.security.Roles;

/** Browser sessions over real HTTP: the cookie, the CSRF rule, logout and the two timeouts. */
class SessionsTest {

    @TempDir
    Path folder;
    SecurityFixture fixture;
    TestServer server;

    @BeforeEach
    void start() throws Exception {
        fixture = new SecurityFixture(folder);
        fixture.account("eve", "eve-password-1234", Set.of(Roles.EDITOR), Set.of("etat", "epci"));
        server = new TestServer(fixture);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        fixture.close();
    }

    @Test
    void loginSetsAStrictHttpOnlyCookieAndAnswersTheIdentityWithItsCsrfToken() throws Exception {
        HttpResponse<String> login = login("Eve", "eve-password-1234");
        assertEquals(200, login.statusCode(), login.body());
        String setCookie = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("DGE_SESSION=")).findFirst().orElseThrow();
        assertTrue(setCookie.contains("HttpOnly"), setCookie);
        assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
        assertTrue(setCookie.contains("Path=/"), setCookie);
        assertFalse(setCookie.contains("Secure"), "plain http: " + setCookie);
        JsonNode body = TestServer.body(login);
        assertEquals("eve", body.get("username").asText());
        assertEquals("[\"editor\"]", body.get("roles").toString());
        assertEquals("[\"epci\",\"etat\"]", body.get("colleges").toString());
        String csrf = body.get("csrfToken").asText();

        String cookie = "DGE_SESSION=" + TestServer.sessionCookie(login);
        HttpResponse<String> me = server.get("/api/auth/me", "Cookie", cookie);
        assertEquals(200, me.statusCode());
        assertEquals(csrf, TestServer.body(me).get("csrfToken").asText());

        // behind a TLS proxy the cookie is Secure
        HttpResponse<String> overHttps = server.send(server.request("/api/auth/login").header("Content-Type", "application/json")
                .header("X-Forwarded-Proto", "https")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"username\":\"eve\",\"password\":\"eve-password-1234\"}")));
        assertTrue(overHttps.headers().firstValue("Set-Cookie").orElse("").contains("; Secure"));
    }

    @Test
    void aCookieAuthenticatedChangeNeedsTheSessionsCsrfToken() throws Exception {
        HttpResponse<String> login = login("eve", "eve-password-1234");
        String cookie = "DGE_SESSION=" + TestServer.sessionCookie(login);
        String csrf = TestServer.body(login).get("csrfToken").asText();
        String body = "{\"name\": \"from the browser\"}";

        HttpResponse<String> missing = server.json("POST", "/api/auth/tokens", body, "Cookie", cookie);
        assertEquals(403, missing.statusCode(), missing.body());
        assertTrue(TestServer.body(missing).get("detail").asText().contains("X-CSRF-Token"));
        HttpResponse<String> wrong = server.json("POST", "/api/auth/tokens", body, "Cookie", cookie, "X-CSRF-Token", csrf + "x");
        assertEquals(403, wrong.statusCode(), wrong.body());
        assertEquals(0, fixture.authenticator.tokens().list("eve").size(), "nothing was created by the refused requests");

        HttpResponse<String> right = server.json("POST", "/api/auth/tokens", body, "Cookie", cookie, "X-CSRF-Token", csrf);
        assertEquals(201, right.statusCode(), right.body());

        // reading needs no token; scripts (Basic, Bearer) need none either
        assertEquals(200, server.get("/api/auth/tokens", "Cookie", cookie).statusCode());
        assertEquals(201, server.json("POST", "/api/auth/tokens", body, "Authorization",
                TestServer.basic("eve", "eve-password-1234")).statusCode());
    }

    @Test
    void logoutEndsTheSessionEverywhere() throws Exception {
        HttpResponse<String> login = login("eve", "eve-password-1234");
        String cookie = "DGE_SESSION=" + TestServer.sessionCookie(login);
        String csrf = TestServer.body(login).get("csrfToken").asText();

        HttpResponse<String> logout = server.json("POST", "/api/auth/logout", null, "Cookie", cookie, "X-CSRF-Token", csrf);
        assertEquals(204, logout.statusCode(), logout.body());
        assertTrue(logout.headers().firstValue("Set-Cookie").orElse("").contains("Max-Age=0"));
        HttpResponse<String> after = server.get("/api/auth/me", "Cookie", cookie);
        assertEquals(401, after.statusCode());
        assertTrue(after.headers().firstValue("Set-Cookie").orElse("").contains("Max-Age=0"), "the dead cookie is cleared");
    }

    @Test
    void sessionsEndAfterTheIdleTimeoutAndTheAbsoluteTimeout() throws Exception {
        String idle = "DGE_SESSION=" + TestServer.sessionCookie(login("eve", "eve-password-1234"));
        fixture.clock.advance(Duration.ofMinutes(29));
        assertEquals(200, server.get("/api/auth/me", "Cookie", idle).statusCode(), "activity within the idle timeout");
        fixture.clock.advance(Duration.ofMinutes(29));
        assertEquals(200, server.get("/api/auth/me", "Cookie", idle).statusCode(), "the last request renewed it");
        fixture.clock.advance(Duration.ofMinutes(31));
        assertEquals(401, server.get("/api/auth/me", "Cookie", idle).statusCode(), "idle for 31 minutes");

        String busy = "DGE_SESSION=" + TestServer.sessionCookie(login("eve", "eve-password-1234"));
        for (int i = 0; i < 28; i++) {
            fixture.clock.advance(Duration.ofMinutes(25));
            assertEquals(200, server.get("/api/auth/me", "Cookie", busy).statusCode(), "active for " + (i + 1) * 25 + " min");
        }
        fixture.clock.advance(Duration.ofMinutes(25)); // 12 h 5 min after sign-in
        assertEquals(401, server.get("/api/auth/me", "Cookie", busy).statusCode());
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswer() throws Exception {
        HttpResponse<String> wrong = login("eve", "not-her-password");
        HttpResponse<String> unknown = login("nobody", "not-her-password");
        assertEquals(401, wrong.statusCode());
        assertEquals(401, unknown.statusCode());
        assertEquals(TestServer.body(wrong).get("detail"), TestServer.body(unknown).get("detail"));
        assertTrue(wrong.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertEquals(null, TestServer.sessionCookie(wrong));

        HttpResponse<String> text = server.json("POST", "/api/auth/login", "{\"username\":\"eve\",\"password\":\"nope\"}",
                "Accept", "text/plain");
        assertEquals(401, text.statusCode());
        assertEquals(Refusals.WRONG_CREDENTIALS, text.body().strip());

        var events = fixture.audit.recent(0, 3);
        assertEquals("login", events.get(0).action());
        assertEquals("refused", events.get(0).result());
        assertEquals("(unknown account)", events.get(1).target(), "an unknown name (maybe a typed password) is not logged");
        assertEquals("eve", events.get(2).target());
    }

    @Test
    void malformedOrOversizedBodiesGetAClear4xx() throws Exception {
        HttpResponse<String> malformed = server.json("POST", "/api/auth/login", "{\"username\": \"eve\", ");
        assertEquals(400, malformed.statusCode());
        assertTrue(TestServer.body(malformed).get("detail").asText().startsWith("the request body is not valid JSON"), malformed.body());
        HttpResponse<String> unknown = server.json("POST", "/api/auth/login", "{\"user\": \"eve\"}");
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.body().contains("unknown member"), unknown.body());
        HttpResponse<String> huge = server.json("POST", "/api/auth/login", "{\"username\": \"" + "x".repeat(70_000) + "\"}");
        assertEquals(413, huge.statusCode(), huge.body());
        HttpResponse<String> form = server.send(server.request("/api/auth/login").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("username=eve&password=x")));
        assertEquals(415, form.statusCode());
        assertEquals(405, server.get("/api/auth/login").statusCode());
    }

    @Test
    void disablingAnAccountEndsItsSessions() throws Exception {
        String cookie = "DGE_SESSION=" + TestServer.sessionCookie(login("eve", "eve-password-1234"));
        fixture.authenticator.administration().update("eve", new AccountRequest(null, null, null, null, null, false), SecurityFixture.ADMIN);
        assertEquals(401, server.get("/api/auth/me", "Cookie", cookie).statusCode());
        HttpResponse<String> again = login("eve", "eve-password-1234");
        assertEquals(401, again.statusCode());
        assertTrue(again.body().contains("disabled"), again.body());
        assertNotNull(again.body());
    }

    private HttpResponse<String> login(String username, String password) throws Exception {
        return server.json("POST", "/api/auth/login", "{\"username\": \"" + username + "\", \"password\": \"" + password + "\"}");
    }
}
