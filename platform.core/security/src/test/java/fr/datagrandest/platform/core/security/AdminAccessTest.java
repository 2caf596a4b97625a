package fr.datagrandest.platform.core.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import fr.datagrandest.platform.api.security.Roles;

/** The role rules of /api/admin/**, enforced by the preprocessor before any servlet, over real HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminAccessTest {

    SecurityFixture fixture;
    TestServer server;
    String admin;
    String moduleAdmin;
    String editor;
    String reader;

    @BeforeAll
    void start(@TempDir Path folder) throws Exception {
        fixture = new SecurityFixture(folder);
        fixture.account("mona", "mona-password-123", Set.of(Roles.MODULE_ADMIN), Set.of());
        fixture.account("ed", "ed-password-12345", Set.of(Roles.EDITOR), Set.of("etat"));
        fixture.account("rita", "rita-password-123", Set.of(Roles.READER), Set.of());
        server = new TestServer(fixture);
        admin = TestServer.basic("admin", SecurityFixture.ADMIN_PASSWORD);
        moduleAdmin = TestServer.basic("mona", "mona-password-123");
        editor = TestServer.basic("ed", "ed-password-12345");
        reader = TestServer.basic("rita", "rita-password-123");
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
        fixture.close();
    }

    @Test
    void anonymousCallersGet401OnEveryAdminPathAndPassElsewhere() throws Exception {
        for (String path : new String[] {"/api/admin/modules", "/api/admin/modules/x/versions", "/api/admin/audit", "/api/admin/accounts"}) {
            HttpResponse<String> response = server.get(path);
            assertEquals(401, response.statusCode(), path);
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        }
        HttpResponse<String> open = server.get("/public/page");
        assertEquals(200, open.statusCode());
        assertEquals("anonymous", TestServer.body(open).get("username").asText(), "anonymous requests carry ANONYMOUS");
    }

    @Test
    void platformAdminsMayCallEverything() throws Exception {
        assertEquals(200, server.get("/api/admin/modules", "Authorization", admin).statusCode());
        assertEquals(200, server.get("/api/admin/audit", "Authorization", admin).statusCode());
        assertEquals(200, server.get("/api/admin/accounts", "Authorization", admin).statusCode());
    }

    @Test
    void moduleAdminsMayUseModulesAndReadTheAuditButNotAccounts() throws Exception {
        assertEquals(200, server.get("/api/admin/modules", "Authorization", moduleAdmin).statusCode());
        assertEquals(200, server.send(server.request("/api/admin/modules/some.bundle/stop").header("Authorization", moduleAdmin)
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody())).statusCode());
        assertEquals(200, server.get("/api/admin/audit", "Authorization", moduleAdmin).statusCode());
        assertEquals(403, server.json("POST", "/api/admin/audit", "{}", "Authorization", moduleAdmin).statusCode());
        HttpResponse<String> accounts = server.get("/api/admin/accounts", "Authorization", moduleAdmin);
        assertEquals(403, accounts.statusCode());
        assertTrue(TestServer.body(accounts).get("detail").asText().contains("platform-admin"), accounts.body());
        assertEquals(403, server.get("/api/admin/anything-else", "Authorization", moduleAdmin).statusCode());
    }

    @Test
    void editorsAndReadersGet403OnEveryAdminPath() throws Exception {
        for (String user : new String[] {editor, reader}) {
            for (String path : new String[] {"/api/admin/modules", "/api/admin/audit", "/api/admin/accounts", "/api/admin"}) {
                assertEquals(403, server.get(path, "Authorization", user).statusCode(), path);
            }
            assertEquals(200, server.get("/public/page", "Authorization", user).statusCode());
        }
        HttpResponse<String> text = server.get("/api/admin/modules", "Authorization", reader, "Accept", "text/plain");
        assertEquals(403, text.statusCode());
        assertTrue(text.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
    }

    @Test
    void pathSpellingsDoNotGetAroundTheRules() throws Exception {
        for (String path : new String[] {"/api//admin/accounts", "/api/admin/modules/../accounts", "/api/./admin/accounts",
                "/api/admin/%61ccounts", "/API/admin/accounts", "/api/admin;x=1/accounts"}) {
            HttpResponse<String> response = server.get(path, "Authorization", moduleAdmin);
            assertNotEquals(200, response.statusCode(), path + " answered " + response.body());
        }
    }

    @Test
    void whileTheDatabaseIsNotReadyNothingPassesWithCredentialsOrToAdminPaths() throws Exception {
        try (TestServer waiting = new TestServer(fixture, new AuthenticationFilter())) {
            HttpResponse<String> admin = waiting.get("/api/admin/modules");
            assertEquals(503, admin.statusCode());
            assertEquals("5", admin.headers().firstValue("Retry-After").orElse(""));
            assertEquals(503, waiting.get("/public/page", "Authorization", moduleAdmin).statusCode());
            assertEquals(503, waiting.get("/public/page", "Cookie", "DGE_SESSION=abc").statusCode());
            HttpResponse<String> open = waiting.get("/public/page");
            assertEquals(200, open.statusCode());
            assertEquals("anonymous", TestServer.body(open).get("username").asText());
        }
    }

    @Test
    void theRuleTableItself() {
        assertNull(AdminAccessRules.allowedRoles("GET", "/api/auth/me"));
        assertNull(AdminAccessRules.allowedRoles("GET", "/api/administration"));
        assertEquals(Set.of(Roles.PLATFORM_ADMIN, Roles.MODULE_ADMIN), AdminAccessRules.allowedRoles("DELETE", "/api/admin/modules/x"));
        assertEquals(Set.of(Roles.PLATFORM_ADMIN, Roles.MODULE_ADMIN), AdminAccessRules.allowedRoles("GET", "/api/admin/audit"));
        assertEquals(Set.of(Roles.PLATFORM_ADMIN), AdminAccessRules.allowedRoles("DELETE", "/api/admin/audit"));
        assertEquals(Set.of(Roles.PLATFORM_ADMIN), AdminAccessRules.allowedRoles("GET", "/api/admin/modules/../accounts/x"));
        assertEquals(Set.of(Roles.PLATFORM_ADMIN), AdminAccessRules.allowedRoles("GET", "/API/Admin/Accounts"));
        assertEquals("/api/admin/accounts", AdminAccessRules.canonical("//api/./admin;jsessionid=1/accounts/"));
        assertEquals("/api/admin/accounts", AdminAccessRules.percentDecoded("/api/admin/%61ccounts"));
    }
}
