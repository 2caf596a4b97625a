package fr.datagrandest.platform.core.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import fr.datagrandest.platform.api.security.AuditEvent;

/** Account administration over real HTTP, as a platform administrator. */
class AccountsApiTest {

    @TempDir
    Path folder;
    SecurityFixture fixture;
    TestServer server;
    final String admin = TestServer.basic("admin", SecurityFixture.ADMIN_PASSWORD);

    @BeforeEach
    void start() throws Exception {
        fixture = new SecurityFixture(folder);
        server = new TestServer(fixture);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        fixture.close();
    }

    @Test
    void createChangeResetAndDeleteAnAccount() throws Exception {
        HttpResponse<String> created = post("{\"username\": \"Zoe.Martin\", \"password\": \"zoe-password-123\","
                + " \"roles\": [\"editor\"], \"colleges\": [\"etat\"]}");
        assertEquals(201, created.statusCode(), created.body());
        JsonNode zoe = TestServer.body(created);
        assertEquals("zoe.martin", zoe.get("username").asText());
        assertEquals("local", zoe.get("source").asText());
        assertTrue(zoe.get("enabled").asBoolean());
        assertTrue(zoe.get("passwordHash") == null && !created.body().contains("pbkdf2"), "never the hash");
        String zoeBasic = TestServer.basic("zoe.martin", "zoe-password-123");
        assertEquals(200, server.get("/api/auth/me", "Authorization", zoeBasic).statusCode());

        HttpResponse<String> promoted = put("zoe.martin", "{\"roles\": [\"module-admin\", \"editor\"]}");
        assertEquals(200, promoted.statusCode(), promoted.body());
        assertEquals("[\"editor\",\"module-admin\"]", TestServer.body(promoted).get("roles").toString());
        assertEquals("[\"etat\"]", TestServer.body(promoted).get("colleges").toString(), "untouched members stay");
        assertEquals(200, server.get("/api/admin/modules", "Authorization", zoeBasic).statusCode());

        assertEquals(200, put("zoe.martin", "{\"password\": \"a-brand-new-password\"}").statusCode());
        assertEquals(401, server.get("/api/auth/me", "Authorization", zoeBasic).statusCode());
        String newBasic = TestServer.basic("zoe.martin", "a-brand-new-password");
        assertEquals(200, server.get("/api/auth/me", "Authorization", newBasic).statusCode());

        assertEquals(200, put("zoe.martin", "{\"enabled\": false}").statusCode());
        assertEquals(401, server.get("/api/auth/me", "Authorization", newBasic).statusCode());

        HttpResponse<String> one = server.get("/api/admin/accounts/zoe.martin", "Authorization", admin);
        assertEquals(false, TestServer.body(one).get("enabled").asBoolean());
        HttpResponse<String> list = server.get("/api/admin/accounts", "Authorization", admin, "Accept", "text/plain");
        assertTrue(list.body().contains("zoe.martin") && list.body().contains("module-admin"), list.body());

        HttpResponse<String> deleted = server.send(server.request("/api/admin/accounts/zoe.martin").DELETE().header("Authorization", admin));
        assertEquals(204, deleted.statusCode());
        assertEquals(404, server.get("/api/admin/accounts/zoe.martin", "Authorization", admin).statusCode());

        List<String> actions = fixture.audit.recent(0, 20).stream().filter(e -> e.target().equals("zoe.martin") && e.action().startsWith("account."))
                .map(AuditEvent::action).toList();
        assertEquals(List.of("account.delete", "account.update", "account.update", "account.update", "account.create"), actions);
        assertTrue(fixture.audit.recent(0, 20).stream().anyMatch(e -> e.detail().equals("password reset")));
    }

    @Test
    void anLdapAccountHasNoPassword() throws Exception {
        HttpResponse<String> created = post("{\"username\": \"jdupont\", \"source\": \"ldap\", \"roles\": [\"reader\"]}");
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("ldap", TestServer.body(created).get("source").asText());
        assertEquals(400, post("{\"username\": \"jdoe\", \"source\": \"ldap\", \"password\": \"some-password-1\"}").statusCode());
    }

    @Test
    void badInputGets400WithAMessage() throws Exception {
        expect400("{\"username\": \"../etc/passwd\", \"password\": \"long-enough-pass\"}", "not a valid username");
        expect400("{\"username\": \"a..b\", \"password\": \"long-enough-pass\"}", "not a valid username");
        expect400("{\"username\": \"jean dupont\", \"password\": \"long-enough-pass\"}", "not a valid username");
        expect400("{\"username\": \"anonymous\", \"password\": \"long-enough-pass\"}", "reserved");
        expect400("{\"username\": \"jean\"}", "password is missing");
        expect400("{\"username\": \"jean\", \"password\": \"short\"}", "too short");
        expect400("{\"username\": \"jean\", \"password\": \"long-enough-pass\", \"roles\": [\"root\"]}", "unknown role");
        expect400("{\"username\": \"jean\", \"password\": \"long-enough-pass\", \"roles\": [\"editor\"]}", "collège");
        expect400("{\"username\": \"jean\", \"password\": \"long-enough-pass\", \"colleges\": [\"../x\"]}", "collège");
        expect400("{\"username\": \"jean\", \"password\": \"long-enough-pass\", \"roles\": \"reader\"}", "wrong type");
        expect400("{\"username\": \"jean\", \"password\": \"long-enough-pass\", \"isAdmin\": true}", "unknown member");
        expect400("{\"username\": ", "not valid JSON");
        expect400("[1, 2]", "must be an object");
        HttpResponse<String> path = server.get("/api/admin/accounts/..%2Fetc", "Authorization", admin);
        assertTrue(path.statusCode() == 400 || path.statusCode() == 404, path.statusCode() + " " + path.body());
        assertEquals(409, post("{\"username\": \"admin\", \"password\": \"long-enough-pass\"}").statusCode());
    }

    @Test
    void theLastPlatformAdministratorCannotBeRemoved() throws Exception {
        assertEquals(409, put("admin", "{\"enabled\": false}").statusCode());
        assertEquals(409, put("admin", "{\"roles\": [\"reader\"]}").statusCode());
        HttpResponse<String> delete = server.send(server.request("/api/admin/accounts/admin").DELETE().header("Authorization", admin));
        assertEquals(409, delete.statusCode());
        assertTrue(TestServer.body(delete).get("detail").asText().contains("last enabled platform administrator"));

        assertEquals(201, post("{\"username\": \"second\", \"password\": \"second-admin-pass\", \"roles\": [\"platform-admin\"]}").statusCode());
        assertEquals(200, put("admin", "{\"enabled\": false}").statusCode());
    }

    private void expect400(String body, String words) throws Exception {
        HttpResponse<String> response = post(body);
        assertEquals(400, response.statusCode(), body + " → " + response.body());
        assertTrue(TestServer.body(response).get("detail").asText().contains(words), body + " → " + response.body());
    }

    private HttpResponse<String> post(String body) throws Exception {
        return server.json("POST", "/api/admin/accounts", body, "Authorization", admin);
    }

    private HttpResponse<String> put(String username, String body) throws Exception {
        return server.json("PUT", "/api/admin/accounts/" + username, body, "Authorization", admin);
    }
}
