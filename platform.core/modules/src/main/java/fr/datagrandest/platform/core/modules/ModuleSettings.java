package fr.datagrandest.platform.core.modules;

/**
 * The module manager's configuration, checked: DS hands over a configuration proxy whose accessors throw when a
 * file holds a value of the wrong type, so values are read and validated once, here.
 */
record ModuleSettings(int maxUploadMiB, int keptVersions, int swapTimeoutSeconds, String trustedCertificates,
        java.util.List<String> repositories) {

    static final ModuleSettings DEFAULTS = new ModuleSettings(100, 3, 10, "", java.util.List.of());

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
        java.util.List<String> repositories = ModuleRepositories.locations(config.repositories());
        for (String location : repositories) {
            if (location.contains("://") && !location.startsWith("http://") && !location.startsWith("https://")
                    && !location.startsWith("file:")) {
                throw new IllegalArgumentException("repositories: '" + location + "' is neither an http(s) URL nor a folder");
            }
        }
        return new ModuleSettings(maxUpload, kept, timeout, certificates == null ? "" : certificates, repositories);
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
