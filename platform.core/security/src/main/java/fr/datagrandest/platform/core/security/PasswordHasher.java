package fr.datagrandest.platform.core.security;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.spec.KeySpec;
import java.util.Arrays;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 from the Java runtime, with a random 16-byte salt per password and a 256-bit result.
 * Verification compares in constant time.
 */
final class PasswordHasher {

    /** The floor for stored passwords (OWASP's recommendation for PBKDF2-HMAC-SHA256). */
    static final int MIN_ITERATIONS = 210_000;
    private static final String JCA_NAME = "PBKDF2WithHmacSHA256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    private final int iterations;
    private volatile PasswordHash decoy;

    /** Hashes new passwords with {@code iterations} rounds (tests use fewer than the floor to stay fast). */
    PasswordHasher(int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive");
        }
        this.iterations = iterations;
    }

    int iterations() {
        return iterations;
    }

    String hash(String password) {
        byte[] salt = Secrets.randomBytes(SALT_BYTES);
        return new PasswordHash(PasswordHash.PBKDF2_SHA256, iterations, salt, derive(password, salt, iterations)).format();
    }

    /** True when the password matches the stored hash; false for a wrong password or an unreadable hash. */
    boolean verify(String password, String stored) {
        if (password == null || password.isEmpty()) {
            return false;
        }
        PasswordHash expected;
        try {
            expected = PasswordHash.parse(stored);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (!PasswordHash.PBKDF2_SHA256.equals(expected.algorithm()) || expected.iterations() < 1) {
            return false;
        }
        return MessageDigest.isEqual(expected.hash(), derive(password, expected.salt(), expected.iterations()));
    }

    /** Spends the time of a verification, so that an unknown username answers as slowly as a wrong password. */
    void verifyDecoy(String password) {
        PasswordHash current = decoy;
        if (current == null) {
            current = PasswordHash.parse(hash(Secrets.randomToken(16)));
            decoy = current;
        }
        verify(password == null || password.isEmpty() ? "-" : password, current.format());
    }

    /** True when the stored hash is weaker than what this hasher produces now. */
    boolean needsRehash(String stored) {
        try {
            PasswordHash hash = PasswordHash.parse(stored);
            return !PasswordHash.PBKDF2_SHA256.equals(hash.algorithm()) || hash.iterations() < iterations;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        if (password.isEmpty()) {
            throw new IllegalArgumentException("a password cannot be empty");
        }
        char[] chars = password.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(JCA_NAME).generateSecret((KeySpec) spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the Java runtime lacks " + JCA_NAME, e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }
}
