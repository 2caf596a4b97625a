package fr.datagrandest.platform.core.storage;

import java.nio.file.Path;

import org.osgi.framework.BundleContext;

/** The platform's data folder: the framework property {@code dge.data} the launcher sets ({@code --data}). */
final class DataFolder {

    private DataFolder() {
    }

    static Path of(BundleContext context) {
        String data = context.getProperty("dge.data");
        return Path.of(data == null ? "data" : data).toAbsolutePath().normalize();
    }
}
