package fr.datagrandest.platform.core.security;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Slows password guessing: after {@code maxFailures} failed sign-ins for one username, or from one client
 * address, within {@code window}, that username (or address) is refused until the oldest of those failures
 * leaves the window. Others are not affected. Failures are kept in the database so all nodes count together.
 */
final class LoginThrottle {

    private final Database database;
    private final Clock clock;
    private final int maxFailures;
    private final Duration window;

    LoginThrottle(Database database, Clock clock, int maxFailures, Duration window) {
        this.database = database;
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.window = window;
    }

    /** Seconds to wait before trying again, when the username or the address is blocked. */
    OptionalLong blockedFor(String username, String address) {
        Instant now = clock.instant();
        long wait = Math.max(secondsUntilAllowed(userKey(username), now), secondsUntilAllowed(addressKey(address), now));
        return wait > 0 ? OptionalLong.of(wait) : OptionalLong.empty();
    }

    void failed(String username, String address) {
        Instant now = clock.instant();
        database.read(c -> {
            try (PreparedStatement statement = c.prepareStatement("DELETE FROM login_failures WHERE failed_at < ?")) {
                statement.setObject(1, Database.timestamp(now.minus(window)));
                statement.executeUpdate();
            }
            try (PreparedStatement statement = c.prepareStatement("INSERT INTO login_failures (subject, failed_at) VALUES (?, ?)")) {
                for (String subject : List.of(userKey(username), addressKey(address))) {
                    statement.setString(1, subject);
                    statement.setObject(2, Database.timestamp(now));
                    statement.executeUpdate();
                }
            }
            return null;
        });
    }

    /** A correct password clears the username's failures (not the address's: one address may try many names). */
    void succeeded(String username) {
        database.read(c -> {
            try (PreparedStatement statement = c.prepareStatement("DELETE FROM login_failures WHERE subject = ?")) {
                statement.setString(1, userKey(username));
                return statement.executeUpdate();
            }
        });
    }

    private long secondsUntilAllowed(String subject, Instant now) {
        List<Instant> failures = database.read(c -> {
            try (PreparedStatement statement = c.prepareStatement(
                    "SELECT failed_at FROM login_failures WHERE subject = ? AND failed_at > ? ORDER BY failed_at DESC")) {
                statement.setString(1, subject);
                statement.setObject(2, Database.timestamp(now.minus(window)));
                statement.setMaxRows(maxFailures);
                try (ResultSet row = statement.executeQuery()) {
                    List<Instant> times = new ArrayList<>();
                    while (row.next()) {
                        times.add(Database.instant(row, "failed_at"));
                    }
                    return times;
                }
            }
        });
        if (failures.size() < maxFailures) {
            return 0;
        }
        // Allowed again once the oldest of the last maxFailures failures is out of the window.
        Duration wait = Duration.between(now, failures.get(maxFailures - 1).plus(window));
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    private static String userKey(String username) {
        String value = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        return "user:" + (value.length() > 150 ? value.substring(0, 150) : value);
    }

    private static String addressKey(String address) {
        return "address:" + (address == null ? "" : address);
    }
}
