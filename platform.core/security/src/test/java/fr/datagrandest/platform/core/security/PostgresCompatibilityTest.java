package fr.datagrandest.platform.core.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import fr.datagrandest.platform.api.security.AuditEvent;
import fr.datagrandest.platform.api.security.Roles;

/**
 * The migrations and every query of the bundle on PostgreSQL, in a schema of their own as the storage kernel
 * provides it. DGE_TEST_POSTGRES_URL (with _USER and _PASSWORD) names the PostgreSQL database; {@code ./dge test}
 * starts a throwaway one. Without it the test fails rather than pass unseen.
 */
class PostgresCompatibilityTest {

    @org.junit.jupiter.api.BeforeAll
    static void requirePostgres() {
        String url = System.getenv("DGE_TEST_POSTGRES_URL");
        if (url == null || url.isBlank()) {
            org.junit.jupiter.api.Assertions.fail("DGE_TEST_POSTGRES_URL is not set: run the tests through ./dge test, which starts a PostgreSQL");
        }
    }

    private final String schema = "security_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private PGSimpleDataSource dataSource;
    private Database database;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00.123456789Z"));

    @BeforeEach
    void migrate() throws Exception {
        dataSource = new PGSimpleDataSource();
        dataSource.setURL(System.getenv("DGE_TEST_POSTGRES_URL"));
        dataSource.setUser(System.getenv("DGE_TEST_POSTGRES_USER"));
        dataSource.setPassword(System.getenv("DGE_TEST_POSTGRES_PASSWORD"));
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA \"" + schema + "\"");
        }
        dataSource.setCurrentSchema(schema);
        TestDatabase.migrate(dataSource);
        database = new Database(dataSource);
    }

    @AfterEach
    void drop() throws Exception {
        dataSource.setCurrentSchema("public");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA \"" + schema + "\" CASCADE");
        }
    }

    @Test
    void accountsTokensSessionsThrottleAndAuditWork() {
        AccountStore accounts = new AccountStore(database);
        Instant now = clock.instant();
        assertTrue(accounts.insert(new Account("ana", Account.LOCAL, "h", true, Set.of(Roles.EDITOR), Set.of("etat"), now, now)));
        assertEquals(false, accounts.insert(new Account("ana", Account.LOCAL, "h", true, Set.of(), Set.of(), now, now)));
        Account ana = accounts.find("ana").orElseThrow();
        assertEquals(Set.of("etat"), ana.colleges());
        assertEquals(now.truncatedTo(ChronoUnit.MILLIS), ana.createdAt().truncatedTo(ChronoUnit.MILLIS));
        assertTrue(accounts.update(new Account("ana", Account.LDAP, null, false, Set.of(Roles.PLATFORM_ADMIN), Set.of(), now, now)));
        assertEquals(0, accounts.otherEnabledPlatformAdmins("bob"));
        assertEquals(1, accounts.list().size());
        accounts.update(new Account("ana", Account.LOCAL, "h", true, Set.of(Roles.PLATFORM_ADMIN), Set.of(), now, now));

        TokenStore tokens = new TokenStore(database, clock);
        NewApiToken token = tokens.create("ana", "ci", now.plus(Duration.ofDays(1)));
        assertEquals("ana", tokens.check(token.token()).username());
        assertEquals(1, tokens.list("ana").size());
        assertTrue(tokens.revoke("ana", token.id()).isPresent());
        assertEquals(TokenStore.Refusal.REVOKED, tokens.check(token.token()).refusal());

        SessionStore sessions = new SessionStore(database, clock, Duration.ofMinutes(30), Duration.ofHours(12));
        SessionStore.Opened opened = sessions.open("ana");
        clock.advance(Duration.ofMinutes(5));
        assertEquals("ana", sessions.find(opened.cookieValue()).orElseThrow().username());
        clock.advance(Duration.ofMinutes(31));
        assertTrue(sessions.find(opened.cookieValue()).isEmpty());

        LoginThrottle throttle = new LoginThrottle(database, clock, 2, Duration.ofMinutes(15));
        throttle.failed("ana", "192.0.2.1");
        throttle.failed("ana", "192.0.2.2");
        assertTrue(throttle.blockedFor("ana", "192.0.2.3").isPresent());
        throttle.succeeded("ana");
        assertTrue(throttle.blockedFor("ana", "192.0.2.3").isEmpty());

        AuditChain chain = new AuditChain(database);
        chain.append(AuditEvent.of("ana", "account.create", "bob", "success", "é, ü and 🗺 survive hashing"));
        chain.append(new AuditEvent(clock.instant(), "ana", "login", "ana", "success", ""));
        assertTrue(chain.verify().intact(), chain.verify().problem());
        assertEquals(2, chain.total());
        assertEquals("login", chain.recent(0, 1).get(0).action());

        assertTrue(accounts.delete("ana"));
    }
}
