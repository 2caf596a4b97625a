package fr.datagrandest.platform.core.security;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import fr.datagrandest.platform.core.web.HttpProblem;

/**
 * API tokens for scripts, in the table of V2__api_tokens.sql. A token is {@code dge_} followed by 256 random
 * bits; the table keeps its SHA-256 only, so a copy of the database does not give working tokens.
 */
final class TokenStore {

    static final String PREFIX = "dge_";
    /** Enough for any real use; a runaway script cannot fill the table. */
    static final int MAX_TOKENS_PER_ACCOUNT = 50;
    private static final Duration USE_RECORDING_INTERVAL = Duration.ofMinutes(1);

    /** Why a presented token is refused. */
    enum Refusal {
        UNKNOWN, REVOKED, EXPIRED
    }

    /** The owner of a token that may be used, or why it may not. */
    record Check(String username, Refusal refusal) {
    }

    private final Database database;
    private final Clock clock;

    TokenStore(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    NewApiToken create(String username, String name, Instant expiresAt) {
        String id = Secrets.randomToken(9);
        String secret = PREFIX + Secrets.randomToken(32);
        Instant now = clock.instant();
        database.transaction(c -> {
            try (PreparedStatement statement = c.prepareStatement(
                    "SELECT COUNT(*) FROM api_tokens WHERE username = ? AND revoked_at IS NULL")) {
                statement.setString(1, username);
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    if (row.getLong(1) >= MAX_TOKENS_PER_ACCOUNT) {
                        throw HttpProblem.conflict("you already have " + MAX_TOKENS_PER_ACCOUNT
                                + " API tokens: revoke the ones you no longer use first");
                    }
                }
            }
            try (PreparedStatement statement = c.prepareStatement("INSERT INTO api_tokens"
                    + " (id, username, name, secret_sha256, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                statement.setString(1, id);
                statement.setString(2, username);
                statement.setString(3, name);
                statement.setString(4, Secrets.sha256Hex(secret));
                statement.setObject(5, Database.timestamp(now));
                statement.setObject(6, Database.timestamp(expiresAt));
                return statement.executeUpdate();
            }
        });
        return new NewApiToken(id, name, now, expiresAt, secret);
    }

    /** The account's tokens that are not revoked, newest first (expired ones included, so they can be cleaned). */
    List<ApiToken> list(String username) {
        return database.read(c -> {
            try (PreparedStatement statement = c.prepareStatement("SELECT id, name, created_at, expires_at, last_used_at"
                    + " FROM api_tokens WHERE username = ? AND revoked_at IS NULL ORDER BY created_at DESC, id")) {
                statement.setString(1, username);
                try (ResultSet row = statement.executeQuery()) {
                    List<ApiToken> tokens = new ArrayList<>();
                    while (row.next()) {
                        tokens.add(new ApiToken(row.getString("id"), row.getString("name"), Database.instant(row, "created_at"),
                                Database.instant(row, "expires_at"), Database.instant(row, "last_used_at")));
                    }
                    return tokens;
                }
            }
        });
    }

    /** Revokes one of the account's own tokens; empty when it has no such token, else the revoked token's name. */
    Optional<String> revoke(String username, String id) {
        return database.transaction(c -> {
            String name;
            try (PreparedStatement statement = c.prepareStatement(
                    "SELECT name FROM api_tokens WHERE id = ? AND username = ? AND revoked_at IS NULL")) {
                statement.setString(1, id);
                statement.setString(2, username);
                try (ResultSet row = statement.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    name = row.getString(1);
                }
            }
            try (PreparedStatement statement = c.prepareStatement("UPDATE api_tokens SET revoked_at = ? WHERE id = ?")) {
                statement.setObject(1, Database.timestamp(clock.instant()));
                statement.setString(2, id);
                statement.executeUpdate();
            }
            return Optional.of(name);
        });
    }

    /** Looks a presented token up by its hash and records its use. */
    Check check(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 100) {
            return new Check(null, Refusal.UNKNOWN);
        }
        String hash = Secrets.sha256Hex(secret);
        Instant now = clock.instant();
        return database.read(c -> {
            String id;
            String username;
            Instant lastUsed;
            try (PreparedStatement statement = c.prepareStatement("SELECT id, username, expires_at, revoked_at, last_used_at"
                    + " FROM api_tokens WHERE secret_sha256 = ?")) {
                statement.setString(1, hash);
                try (ResultSet row = statement.executeQuery()) {
                    if (!row.next()) {
                        return new Check(null, Refusal.UNKNOWN);
                    }
                    if (row.getObject("revoked_at") != null) {
                        return new Check(null, Refusal.REVOKED);
                    }
                    Instant expires = Database.instant(row, "expires_at");
                    if (expires != null && !now.isBefore(expires)) {
                        return new Check(null, Refusal.EXPIRED);
                    }
                    id = row.getString("id");
                    username = row.getString("username");
                    lastUsed = Database.instant(row, "last_used_at");
                }
            }
            if (lastUsed == null || Duration.between(lastUsed, now).compareTo(USE_RECORDING_INTERVAL) > 0) {
                try (PreparedStatement statement = c.prepareStatement("UPDATE api_tokens SET last_used_at = ? WHERE id = ?")) {
                    statement.setObject(1, Database.timestamp(now));
                    statement.setString(2, id);
                    statement.executeUpdate();
                }
            }
            return new Check(username, null);
        });
    }
}
