package fr.datagrandest.platform.core.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.datagrandest.platform.api.security.Roles;

class PasswordHasherTest {

    @TempDir
    Path folder;

    @Test
    void theProductionHashIsPbkdf2Sha256WithAtLeast210000IterationsAndItsOwnSalt() {
        PasswordHasher hasher = new PasswordHasher(PasswordHasher.MIN_ITERATIONS);
        String first = hasher.hash("correct horse battery staple");

        PasswordHash parsed = PasswordHash.parse(first);
        assertEquals("pbkdf2-sha256", parsed.algorithm());
        assertTrue(parsed.iterations() >= 210_000);
        assertEquals(16, parsed.salt().length);
        assertEquals(32, parsed.hash().length);
        assertTrue(first.startsWith("pbkdf2-sha256$210000$"), first);
        PasswordHasher fast = new PasswordHasher(SecurityFixture.TEST_ITERATIONS);
        assertNotEquals(fast.hash("same"), fast.hash("same"), "each password gets its own salt");
        assertTrue(hasher.verify("correct horse battery staple", first));
        assertFalse(hasher.verify("correct horse battery stapler", first));
    }

    @Test
    void wrongEmptyOrUnreadableInputsNeverVerify() {
        PasswordHasher hasher = new PasswordHasher(SecurityFixture.TEST_ITERATIONS);
        String stored = hasher.hash("a password");
        assertFalse(hasher.verify("", stored));
        assertFalse(hasher.verify(null, stored));
        assertFalse(hasher.verify("a password", null));
        assertFalse(hasher.verify("a password", "plain-text"));
        assertFalse(hasher.verify("a password", stored.replace("pbkdf2-sha256", "md5")));
        assertThrows(IllegalArgumentException.class, () -> hasher.hash(""));
    }

    @Test
    void aWeakerStoredHashStillVerifiesAndIsUpgradedAtTheNextSignIn() throws Exception {
        try (SecurityFixture fixture = new SecurityFixture(folder)) {
            // an account hashed when the platform used fewer rounds
            String old = new PasswordHasher(500).hash("an-older-password-1");
            fixture.account("olga", "a-temporary-password", Set.of(Roles.READER), Set.of());
            new AccountStore(fixture.database).updatePasswordHash("olga", old);
            assertTrue(fixture.authenticator.hasher().needsRehash(old));

            Account signedIn = fixture.authenticator.signIn("olga", "an-older-password-1", "192.0.2.1", Authenticator.Channel.LOGIN);

            assertEquals("olga", signedIn.username());
            String upgraded = new AccountStore(fixture.database).find("olga").orElseThrow().passwordHash();
            assertEquals(SecurityFixture.TEST_ITERATIONS, PasswordHash.parse(upgraded).iterations());
            assertFalse(fixture.authenticator.hasher().needsRehash(upgraded));
            assertTrue(fixture.authenticator.hasher().verify("an-older-password-1", upgraded));
        }
    }

    @Test
    void theConfiguredRoundsCanOnlyRaiseTheFloor() {
        Authenticator.Config low = config(1000);
        Authenticator.Config high = config(600_000);
        assertEquals(PasswordHasher.MIN_ITERATIONS, Authenticator.settings(low, folder).passwordIterations());
        assertEquals(600_000, Authenticator.settings(high, folder).passwordIterations());
    }

    private static Authenticator.Config config(int iterations) {
        return new Authenticator.Config() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return Authenticator.Config.class;
            }

            @Override
            public int sessionIdleMinutes() {
                return 30;
            }

            @Override
            public int sessionMaxHours() {
                return 12;
            }

            @Override
            public int maxFailedLogins() {
                return 5;
            }

            @Override
            public int failedLoginWindowMinutes() {
                return 15;
            }

            @Override
            public int passwordIterations() {
                return iterations;
            }

            @Override
            public int maxRequestKiB() {
                return 64;
            }

            @Override
            public String[] trustedProxies() {
                return new String[0];
            }
        };
    }
}
