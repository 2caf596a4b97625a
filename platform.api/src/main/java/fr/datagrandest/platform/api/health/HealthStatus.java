package fr.datagrandest.platform.api.health;

/** Whether a module can serve its users. */
public enum HealthStatus {
    /** Everything works. */
    UP,
    /** The module serves, with reduced function (a remote source is down, an index is rebuilding…). */
    DEGRADED,
    /** The module cannot serve; {@code GET /health} answers 503. */
    DOWN
}
