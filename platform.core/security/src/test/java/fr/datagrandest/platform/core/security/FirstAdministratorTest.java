package fr.datagrandest.platform.core.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.datagrandest.platform.api.security.Roles;

class FirstAdministratorTest {

    @TempDir
    Path folder;

    @Test
    void thePasswordFromTheEnvironmentIsUsedAndNothingIsWritten() throws Exception {
        try (SecurityFixture fixture = new SecurityFixture(folder)) {
            Account admin = new AccountStore(fixture.database).find("admin").orElseThrow();
            assertEquals(Account.LOCAL, admin.source());
            assertTrue(admin.enabled());
            assertEquals(java.util.Set.of(Roles.PLATFORM_ADMIN), admin.roles());
            assertTrue(fixture.authenticator.hasher().verify(SecurityFixture.ADMIN_PASSWORD, admin.passwordHash()));
            assertFalse(Files.exists(folder.resolve("data").resolve(FirstAdministrator.PASSWORD_FILE)));
            assertFalse(fixture.stdout.toString(StandardCharsets.UTF_8).contains(SecurityFixture.ADMIN_PASSWORD));
            assertEquals("account.create", fixture.audit.recent(0, 1).get(0).action());
        }
    }

    @Test
    void withoutThePasswordARandomOneIsWrittenOwnerOnlyAndPrintedOnce() throws Exception {
        try (SecurityFixture fixture = new SecurityFixture(folder)) {
            emptyAccounts(fixture);

            assertTrue(fixture.firstAdministrator(null).createIfNoAccount());

            Path file = folder.resolve("data").resolve(FirstAdministrator.PASSWORD_FILE);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            String password = Files.readString(file, StandardCharsets.UTF_8).strip();
            assertTrue(password.length() >= 20, password);
            Account admin = new AccountStore(fixture.database).find("admin").orElseThrow();
            assertTrue(fixture.authenticator.hasher().verify(password, admin.passwordHash()));
            String printed = fixture.stdout.toString(StandardCharsets.UTF_8);
            assertTrue(printed.contains(password), printed);
            assertTrue(printed.contains(file.toAbsolutePath().toString()), printed);

            // the next start finds an account: nothing is created, written or printed again
            Files.delete(file);
            fixture.stdout.reset();
            assertFalse(fixture.firstAdministrator(null).createIfNoAccount());
            assertFalse(Files.exists(file));
            assertEquals("", fixture.stdout.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aBlankEnvironmentValueCountsAsNoPassword() throws Exception {
        try (SecurityFixture fixture = new SecurityFixture(folder)) {
            emptyAccounts(fixture);
            assertTrue(fixture.firstAdministrator("  ").createIfNoAccount());
            assertTrue(Files.exists(folder.resolve("data").resolve(FirstAdministrator.PASSWORD_FILE)));
        }
    }

    private static void emptyAccounts(SecurityFixture fixture) throws Exception {
        try (Connection c = fixture.dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM accounts");
        }
    }
}
