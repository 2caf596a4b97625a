package fr.datagrandest.platform.core.storage;

import fr.datagrandest.platform.api.health.HealthCheck;
import fr.datagrandest.platform.api.health.HealthResult;

/** Registered on behalf of a bundle whose schema could not be prepared: the bundle shows DOWN, and why. */
record StorageFailure(String message) implements HealthCheck {

    @Override
    public HealthResult check() {
        return HealthResult.down(message);
    }
}
