package fr.datagrandest.platform.core.modules;

import java.util.List;

/**
 * A module as administrators see it.
 *
 * @param symbolicName     the bundle symbolic name
 * @param name             the human name (Bundle-Name)
 * @param version          the running version
 * @param state            ACTIVE, RESOLVED, INSTALLED, STARTING or STOPPING
 * @param health           UP, DEGRADED, DOWN, or STOPPED when an administrator stopped it
 * @param healthMessages   why, when it is not UP
 * @param source           profile (shipped), upload or deploy-folder
 * @param sha256           SHA-256 of the running jar
 * @param kernel           part of the kernel: cannot be stopped or removed at runtime
 * @param fragment         a fragment: attached to its host, never started on its own
 * @param previousVersions how many earlier versions are kept for rollback
 */
public record ModuleView(String symbolicName, String name, String version, String state, String health,
        List<String> healthMessages, String source, String sha256, boolean kernel, boolean fragment,
        int previousVersions) {
}
