package fr.datagrandest.platform.api.health;

import java.util.Objects;

/**
 * The outcome of one health check.
 *
 * @param status  UP, DEGRADED or DOWN
 * @param message a short sentence an administrator can act on (never a stack trace)
 */
public record HealthResult(HealthStatus status, String message) {

    public HealthResult {
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
    }

    public static HealthResult up(String message) {
        return new HealthResult(HealthStatus.UP, message);
    }

    public static HealthResult degraded(String message) {
        return new HealthResult(HealthStatus.DEGRADED, message);
    }

    public static HealthResult down(String message) {
        return new HealthResult(HealthStatus.DOWN, message);
    }
}
