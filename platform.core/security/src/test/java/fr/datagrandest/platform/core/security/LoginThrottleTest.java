package fr.datagrandest.platform.core.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.datagrandest.platform.api.security.Roles;
import fr.datagrandest.platform.core.web.HttpProblem;

/** After 5 failures in 15 minutes for one username or one address: 429 with Retry-After, for that one only. */
class LoginThrottleTest {

    @TempDir
    Path folder;
    SecurityFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new SecurityFixture(folder);
        fixture.account("alice", "alice-password-12", Set.of(Roles.READER), Set.of());
        fixture.account("bob", "bob-password-1234", Set.of(Roles.READER), Set.of());
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void aUsernameIsThrottledAfterFiveFailuresWhateverThePasswordAndOthersAreNot() {
        for (int i = 1; i <= 5; i++) {
            int attempt = i;
            assertEquals(401, status(() -> signIn("alice", "guess-" + attempt, "198.51.100." + attempt)), "failure " + i);
            fixture.clock.advance(Duration.ofMinutes(1));
        }
        TooManyAttempts throttled = assertThrows(TooManyAttempts.class, () -> signIn("alice", "alice-password-12", "203.0.113.9"));
        assertEquals(429, throttled.status());
        // the first failure (at 0 min) leaves the 15-minute window at 15 min; we are at 5 min
        assertEquals(600, throttled.retryAfterSeconds());

        assertEquals("bob", signIn("bob", "bob-password-1234", "198.51.100.1").username(), "another user is not affected");

        fixture.clock.advance(Duration.ofMinutes(10));
        assertEquals("alice", signIn("alice", "alice-password-12", "203.0.113.9").username(), "allowed again after the window");
    }

    @Test
    void anAddressIsThrottledAfterFiveFailuresAcrossUsernames() {
        for (String name : new String[] {"alice", "bob", "carol", "dave", "erin"}) {
            assertEquals(401, status(() -> signIn(name, "wrong-password", "192.0.2.66")));
        }
        assertThrows(TooManyAttempts.class, () -> signIn("bob", "bob-password-1234", "192.0.2.66"));
        assertEquals("bob", signIn("bob", "bob-password-1234", "192.0.2.67").username(), "another address is not affected");
    }

    @Test
    void aSuccessClearsTheUsernamesFailures() {
        for (int i = 0; i < 4; i++) {
            String address = "192.0.2." + i;
            status(() -> signIn("alice", "wrong", address));
        }
        signIn("alice", "alice-password-12", "192.0.2.100");
        for (int i = 0; i < 4; i++) {
            String address = "192.0.2." + (10 + i);
            assertEquals(401, status(() -> signIn("alice", "wrong", address)));
        }
    }

    @Test
    void overHttpTheSixthAttemptGets429WithRetryAfter() throws Exception {
        try (TestServer server = new TestServer(fixture)) {
            for (int i = 0; i < 5; i++) {
                assertEquals(401, server.get("/api/admin/modules", "Authorization", TestServer.basic("alice", "nope")).statusCode());
            }
            HttpResponse<String> throttled = server.get("/api/admin/modules", "Authorization", TestServer.basic("alice", "alice-password-12"));
            assertEquals(429, throttled.statusCode(), throttled.body());
            long retryAfter = Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retryAfter > 0 && retryAfter <= 900, "Retry-After " + retryAfter);
            assertTrue(TestServer.body(throttled).get("detail").asText().contains("try again"));
            HttpResponse<String> login = server.json("POST", "/api/auth/login", "{\"username\":\"alice\",\"password\":\"alice-password-12\"}");
            assertEquals(429, login.statusCode(), "the login form shares the same count");
        }
    }

    private Account signIn(String username, String password, String address) {
        return fixture.authenticator.signIn(username, password, address, Authenticator.Channel.LOGIN);
    }

    private static int status(Runnable attempt) {
        try {
            attempt.run();
            return 200;
        } catch (HttpProblem e) {
            return e.status();
        }
    }
}
