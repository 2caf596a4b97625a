package fr.datagrandest.platform.core.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.framework.Bundle;

/** Where a schema's migration files are read from: a bundle in the platform, a plain folder in tests. */
@FunctionalInterface
interface MigrationFolder {

    /** The {@code .sql} files directly inside {@code folder} (not in its sub-folders): file name to content. */
    Map<String, byte[]> sqlFiles(String folder) throws IOException;

    /** The bundle's own entries and those of its fragments; the bundle's classes are not loaded. */
    static MigrationFolder of(Bundle bundle) {
        return folder -> {
            Map<String, byte[]> files = new TreeMap<>();
            Enumeration<URL> entries = bundle.findEntries(folder, "*.sql", false);
            while (entries != null && entries.hasMoreElements()) {
                URL entry = entries.nextElement();
                String path = entry.getPath();
                try (InputStream in = entry.openStream()) {
                    files.put(path.substring(path.lastIndexOf('/') + 1), in.readAllBytes());
                }
            }
            return files;
        };
    }
}
