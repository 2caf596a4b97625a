package fr.datagrandest.platform.core.modules;

/**
 * The module manager's configuration, checked: DS hands over a configuration proxy whose accessors throw when a
 * file holds a value of the wrong type, so values are read and validated once, here.
 */
record ModuleSettings(int maxUploadMiB, int keptVersions, int swapTimeoutSeconds, String trustedCertificates) {

    static final ModuleSettings DEFAULTS = new ModuleSettings(100, 3, 10, "");

    /** Reads and checks the configuration; throws IllegalArgumentException saying which value is wrong. */
    static ModuleSettings from(ModuleManager.Config config) {
        int maxUpload = read("maxUploadMiB", config::maxUploadMiB);
        int kept = read("keptVersions", config::keptVersions);
        int timeout = read("swapTimeoutSeconds", config::swapTimeoutSeconds);
        String certificates = config.trustedCertificates();
        if (maxUpload < 1) {
            throw new IllegalArgumentException("maxUploadMiB must be at least 1, not " + maxUpload);
        }
        if (kept < 1) {
            throw new IllegalArgumentException("keptVersions must be at least 1, not " + kept);
        }
        if (timeout < 1) {
            throw new IllegalArgumentException("swapTimeoutSeconds must be at least 1, not " + timeout);
        }
        return new ModuleSettings(maxUpload, kept, timeout, certificates == null ? "" : certificates);
    }

    private static int read(String name, java.util.function.IntSupplier value) {
        try {
            return value.getAsInt();
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalArgumentException(name + " is not a whole number (" + cause.getMessage() + ")");
        }
    }
}
