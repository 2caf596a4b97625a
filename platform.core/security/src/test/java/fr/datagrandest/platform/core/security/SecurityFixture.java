package fr.datagrandest.platform.core.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.h2.jdbcx.JdbcDataSource;

import fr.datagrandest.platform.api.security.Roles;
import fr.datagrandest.platform.api.security.UserIdentity;

/**
 * The security bundle's objects wired as DS wires them, on a real H2 database: the audit trail, the
 * authenticator (with few PBKDF2 rounds so tests stay fast) and the first administrator.
 */
final class SecurityFixture implements AutoCloseable {

    static final String ADMIN_PASSWORD = "first-Admin-password-42";
    static final int TEST_ITERATIONS = 1_000;
    static final UserIdentity ADMIN = new UserIdentity("admin", Set.of(Roles.PLATFORM_ADMIN), Set.of());

    final Path folder;
    final JdbcDataSource dataSource;
    final Database database;
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    final AuditTrail audit;
    final Authenticator authenticator;
    final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    SecurityFixture(Path folder) throws IOException, SQLException {
        this.folder = folder;
        this.dataSource = TestDatabase.create(folder);
        this.database = new Database(dataSource);
        this.audit = new AuditTrail(new AuditChain(database, folder.resolve("data").resolve("security").resolve("audit-head")),
                clock, Duration.ZERO);
        SecuritySettings settings = new SecuritySettings(Duration.ofMinutes(30), Duration.ofHours(12), 5,
                Duration.ofMinutes(15), TEST_ITERATIONS, 64 * 1024, folder.resolve("requests"),
                TrustedProxies.parse("127.0.0.1"));
        this.authenticator = new Authenticator(database, settings, audit, clock);
        firstAdministrator(ADMIN_PASSWORD).createIfNoAccount();
    }

    FirstAdministrator firstAdministrator(String passwordFromEnvironment) {
        return new FirstAdministrator(new AccountStore(database), authenticator.hasher(), folder.resolve("data"),
                passwordFromEnvironment, new PrintStream(stdout, true, StandardCharsets.UTF_8), audit, clock);
    }

    /** Creates a local account through the administration, as the admin API does. */
    AccountView account(String username, String password, Set<String> roles, Set<String> colleges) {
        return authenticator.administration().create(new AccountRequest(username, password, null,
                roles.stream().toList(), colleges.stream().toList(), null), ADMIN);
    }

    @Override
    public void close() throws SQLException {
        TestDatabase.shutdown(dataSource);
    }
}
