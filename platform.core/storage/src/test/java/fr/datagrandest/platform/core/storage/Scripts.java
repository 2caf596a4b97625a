package fr.datagrandest.platform.core.storage;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

import fr.datagrandest.platform.api.storage.StorageHeaders;

/** Migration files held in memory, laid out as in a bundle: {@code V1__x.sql}, {@code h2/V1__x.sql}. */
final class Scripts implements MigrationFolder {

    private final Map<String, Map<String, byte[]>> folders = new TreeMap<>();

    /** Adds or replaces a file, by its path under {@code db/migration}. */
    Scripts with(String path, String sql) {
        int slash = path.lastIndexOf('/');
        String folder = StorageHeaders.MIGRATION_FOLDER + (slash < 0 ? "" : "/" + path.substring(0, slash));
        folders.computeIfAbsent(folder, f -> new TreeMap<>()).put(path.substring(slash + 1), sql.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    @Override
    public Map<String, byte[]> sqlFiles(String folder) {
        return folders.getOrDefault(folder, Map.of());
    }
}
