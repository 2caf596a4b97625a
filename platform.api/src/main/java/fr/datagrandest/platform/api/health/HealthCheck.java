package fr.datagrandest.platform.api.health;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A check of one module's ability to serve, registered as an OSGi service by the module itself.
 * The kernel reports it under the symbolic name of the bundle that registered it.
 * <p>
 * Implementations must answer quickly (well under a second) and must not throw: a thrown exception is
 * reported as {@link HealthStatus#DOWN}.
 */
@ConsumerType
public interface HealthCheck {

    /** Service property naming the check within its module, for example {@code "database"}. */
    String NAME = "health.name";

    HealthResult check();
}
