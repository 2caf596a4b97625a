package fr.datagrandest.platform.core.security;

import java.util.Base64;

/**
 * A stored password: the algorithm and its cost travel with the salt and the hash, so the cost can be raised
 * later and old hashes still verify (and are re-hashed at the next sign-in).
 * Text form: {@code pbkdf2-sha256$<iterations>$<salt, base64>$<hash, base64>}.
 */
record PasswordHash(String algorithm, int iterations, byte[] salt, byte[] hash) {

    static final String PBKDF2_SHA256 = "pbkdf2-sha256";

    static PasswordHash parse(String text) {
        String[] parts = text == null ? new String[0] : text.split("\\$");
        if (parts.length != 4) {
            throw new IllegalArgumentException("not a stored password hash");
        }
        try {
            return new PasswordHash(parts[0], Integer.parseInt(parts[1]), Base64.getDecoder().decode(parts[2]),
                    Base64.getDecoder().decode(parts[3]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a stored password hash", e);
        }
    }

    String format() {
        return algorithm + "$" + iterations + "$" + Base64.getEncoder().encodeToString(salt) + "$"
                + Base64.getEncoder().encodeToString(hash);
    }

    @Override
    public String toString() {
        return algorithm + "$" + iterations + "$…";
    }
}
