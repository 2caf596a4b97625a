package fr.datagrandest.platform.core.security;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Browser sessions in the table of V3__sessions.sql, shared by all nodes. A session ends after
 * {@code idle} without a request, and in any case {@code absolute} after sign-in.
 */
final class SessionStore {

    /** Record activity at most this often, so that reading pages does not write on every request. */
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    /** A session just opened: the cookie value is known only here and in the browser. */
    record Opened(String cookieValue, Session session) {
    }

    private final Database database;
    private final Clock clock;
    private final Duration idle;
    private final Duration absolute;

    SessionStore(Database database, Clock clock, Duration idle, Duration absolute) {
        this.database = database;
        this.clock = clock;
        this.idle = idle;
        this.absolute = absolute;
    }

    Duration absolute() {
        return absolute;
    }

    Opened open(String username) {
        String cookie = Secrets.randomToken(32);
        Session session = new Session(username, Secrets.randomToken(32), clock.instant(), clock.instant());
        database.read(c -> {
            try (PreparedStatement statement = c.prepareStatement("DELETE FROM sessions WHERE created_at < ? OR last_seen_at < ?")) {
                statement.setObject(1, Database.timestamp(session.createdAt().minus(absolute)));
                statement.setObject(2, Database.timestamp(session.createdAt().minus(idle)));
                statement.executeUpdate();
            }
            try (PreparedStatement statement = c.prepareStatement("INSERT INTO sessions"
                    + " (id_sha256, username, csrf_token, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)")) {
                statement.setString(1, Secrets.sha256Hex(cookie));
                statement.setString(2, username);
                statement.setString(3, session.csrfToken());
                statement.setObject(4, Database.timestamp(session.createdAt()));
                statement.setObject(5, Database.timestamp(session.lastSeenAt()));
                return statement.executeUpdate();
            }
        });
        return new Opened(cookie, session);
    }

    /** The live session for a cookie value; an expired one is removed and reported as absent. */
    Optional<Session> find(String cookieValue) {
        if (cookieValue == null || cookieValue.isEmpty() || cookieValue.length() > 100) {
            return Optional.empty();
        }
        String id = Secrets.sha256Hex(cookieValue);
        Instant now = clock.instant();
        return database.read(c -> {
            Session session;
            try (PreparedStatement statement = c.prepareStatement(
                    "SELECT username, csrf_token, created_at, last_seen_at FROM sessions WHERE id_sha256 = ?")) {
                statement.setString(1, id);
                try (ResultSet row = statement.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    session = new Session(row.getString(1), row.getString(2), Database.instant(row, "created_at"),
                            Database.instant(row, "last_seen_at"));
                }
            }
            boolean expired = !now.isBefore(session.createdAt().plus(absolute)) || !now.isBefore(session.lastSeenAt().plus(idle));
            if (expired) {
                try (PreparedStatement statement = c.prepareStatement("DELETE FROM sessions WHERE id_sha256 = ?")) {
                    statement.setString(1, id);
                    statement.executeUpdate();
                }
                return Optional.empty();
            }
            if (Duration.between(session.lastSeenAt(), now).compareTo(TOUCH_INTERVAL) > 0) {
                try (PreparedStatement statement = c.prepareStatement("UPDATE sessions SET last_seen_at = ? WHERE id_sha256 = ?")) {
                    statement.setObject(1, Database.timestamp(now));
                    statement.setString(2, id);
                    statement.executeUpdate();
                }
            }
            return Optional.of(session);
        });
    }

    void close(String cookieValue) {
        if (cookieValue == null || cookieValue.isEmpty()) {
            return;
        }
        database.read(c -> {
            try (PreparedStatement statement = c.prepareStatement("DELETE FROM sessions WHERE id_sha256 = ?")) {
                statement.setString(1, Secrets.sha256Hex(cookieValue));
                return statement.executeUpdate();
            }
        });
    }

    /** Ends every session of the account (its password was reset, it was disabled). */
    int closeAll(String username) {
        return database.read(c -> {
            try (PreparedStatement statement = c.prepareStatement("DELETE FROM sessions WHERE username = ?")) {
                statement.setString(1, username);
                return statement.executeUpdate();
            }
        });
    }
}
