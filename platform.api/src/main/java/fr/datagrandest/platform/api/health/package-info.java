/**
 * Health of modules: a plugin registers {@link fr.datagrandest.platform.api.health.HealthCheck} services; the kernel aggregates them at {@code GET /health}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package fr.datagrandest.platform.api.health;
