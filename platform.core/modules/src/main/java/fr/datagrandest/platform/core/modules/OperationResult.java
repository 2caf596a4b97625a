package fr.datagrandest.platform.core.modules;

import java.util.List;

/**
 * What a module operation did, or would do for a dry run.
 *
 * @param action        installed, updated, downgraded, reinstalled, unchanged, started, stopped, rolled-back,
 *                      uninstalled; for a dry run the action that would happen
 * @param symbolicName  the module
 * @param fromVersion   the version before, empty for an installation
 * @param toVersion     the version after, empty for an uninstallation
 * @param sha256        SHA-256 of the jar now running (or that would run)
 * @param dryRun        true when nothing was changed
 * @param swapMillis    how long requests to the module were held, 0 when not swapped
 * @param refreshed     other modules restarted because they use this one's packages
 * @param message       one sentence for humans
 */
public record OperationResult(String action, String symbolicName, String fromVersion, String toVersion,
        String sha256, boolean dryRun, long swapMillis, List<String> refreshed, String message) {
}
