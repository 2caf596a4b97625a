package fr.datagrandest.platform.core.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import fr.datagrandest.platform.api.security.Roles;

/** API tokens over real HTTP: created once, used as Bearer, listed without secret, revoked, expired. */
class ApiTokensTest {

    @TempDir
    Path folder;
    SecurityFixture fixture;
    TestServer server;
    final String basic = TestServer.basic("robot", "robot-password-123");

    @BeforeEach
    void start() throws Exception {
        fixture = new SecurityFixture(folder);
        fixture.account("robot", "robot-password-123", Set.of(Roles.MODULE_ADMIN), Set.of());
        server = new TestServer(fixture);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        fixture.close();
    }

    @Test
    void aTokenIsShownOnceStoredHashedUsableListedAndRevoked() throws Exception {
        HttpResponse<String> created = server.json("POST", "/api/auth/tokens", "{\"name\": \"nightly deploy\"}",
                "Authorization", basic);
        assertEquals(201, created.statusCode(), created.body());
        JsonNode token = TestServer.body(created);
        String secret = token.get("token").asText();
        String id = token.get("id").asText();
        assertTrue(secret.startsWith("dge_") && secret.length() > 40, secret);

        // only the SHA-256 is stored
        try (Connection c = fixture.dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet row = s.executeQuery("SELECT secret_sha256 FROM api_tokens")) {
            row.next();
            assertEquals(Secrets.sha256Hex(secret), row.getString(1).strip());
        }

        HttpResponse<String> me = server.get("/api/auth/me", "Authorization", "Bearer " + secret);
        assertEquals(200, me.statusCode(), me.body());
        assertEquals("robot", TestServer.body(me).get("username").asText());
        assertEquals(200, server.get("/api/admin/modules", "Authorization", "Bearer " + secret).statusCode());

        HttpResponse<String> list = server.get("/api/auth/tokens", "Authorization", "Bearer " + secret);
        assertEquals(200, list.statusCode());
        assertFalse(list.body().contains(secret), "a listed token never shows its secret");
        JsonNode listed = TestServer.body(list).get("tokens");
        assertEquals(1, listed.size());
        assertEquals("nightly deploy", listed.get(0).get("name").asText());
        assertTrue(listed.get(0).hasNonNull("lastUsedAt"));

        HttpResponse<String> revoked = server.send(server.request("/api/auth/tokens/" + id).DELETE()
                .header("Authorization", "Bearer " + secret));
        assertEquals(204, revoked.statusCode(), revoked.body());

        HttpResponse<String> refused = server.get("/api/auth/me", "Authorization", "Bearer " + secret);
        assertEquals(401, refused.statusCode());
        assertTrue(TestServer.body(refused).get("detail").asText().contains("revoked"), refused.body());
        assertEquals("Bearer realm=\"DataGrandEst\"", refused.headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals(0, TestServer.body(server.get("/api/auth/tokens", "Authorization", basic)).get("tokens").size());

        var actions = fixture.audit.recent(0, 10).stream().map(e -> e.action()).toList();
        assertTrue(actions.contains("token.create") && actions.contains("token.revoke"), actions.toString());
    }

    @Test
    void unknownMissingAndExpiredTokensAreRefused() throws Exception {
        assertEquals(401, server.get("/public/x", "Authorization", "Bearer dge_not-a-real-token").statusCode());
        HttpResponse<String> missing = server.get("/public/x", "Authorization", "Bearer");
        assertEquals(401, missing.statusCode());
        assertTrue(missing.body().contains("missing"), missing.body());

        HttpResponse<String> created = server.json("POST", "/api/auth/tokens", "{\"name\": \"short\", \"expiresInDays\": 1}",
                "Authorization", basic);
        assertEquals(201, created.statusCode(), created.body());
        String secret = TestServer.body(created).get("token").asText();
        assertEquals(200, server.get("/api/auth/me", "Authorization", "Bearer " + secret).statusCode());

        fixture.clock.advance(Duration.ofDays(1).plusSeconds(1));
        HttpResponse<String> expired = server.get("/api/auth/me", "Authorization", "Bearer " + secret);
        assertEquals(401, expired.statusCode());
        assertTrue(expired.body().contains("expired"), expired.body());
    }

    @Test
    void aTokenCannotMintTokensNorTouchAnotherUsersToken() throws Exception {
        String secret = TestServer.body(server.json("POST", "/api/auth/tokens", "{\"name\": \"ci\"}", "Authorization", basic))
                .get("token").asText();
        HttpResponse<String> minted = server.json("POST", "/api/auth/tokens", "{\"name\": \"more\"}", "Authorization", "Bearer " + secret);
        assertEquals(403, minted.statusCode(), minted.body());

        fixture.account("other", "other-password-123", Set.of(Roles.READER), Set.of());
        String otherId = TestServer.body(server.json("POST", "/api/auth/tokens", "{\"name\": \"mine\"}",
                "Authorization", TestServer.basic("other", "other-password-123"))).get("id").asText();
        HttpResponse<String> foreign = server.send(server.request("/api/auth/tokens/" + otherId).DELETE().header("Authorization", basic));
        assertEquals(404, foreign.statusCode(), foreign.body());
    }

    @Test
    void badTokenRequestsSayWhatIsWrong() throws Exception {
        HttpResponse<String> noName = server.json("POST", "/api/auth/tokens", "{}", "Authorization", basic);
        assertEquals(400, noName.statusCode());
        assertTrue(noName.body().contains("name"), noName.body());
        HttpResponse<String> past = server.json("POST", "/api/auth/tokens", "{\"name\": \"x\", \"expiresAt\": \"2001-01-01T00:00:00Z\"}",
                "Authorization", basic);
        assertEquals(400, past.statusCode());
        assertTrue(past.body().contains("past"), past.body());
        HttpResponse<String> anonymous = server.json("POST", "/api/auth/tokens", "{\"name\": \"x\"}");
        assertEquals(401, anonymous.statusCode());
    }
}
