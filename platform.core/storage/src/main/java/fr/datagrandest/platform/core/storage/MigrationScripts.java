package fr.datagrandest.platform.core.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import fr.datagrandest.platform.api.storage.StorageHeaders;

/**
 * Reads a schema's migrations: {@code db/migration/V<n>__<description>.sql}, where a file of the same name in
 * {@code db/migration/h2/} or {@code db/migration/postgresql/} replaces the generic one on that database.
 */
final class MigrationScripts {

    private static final Pattern NAME = Pattern.compile("V(\\d{1,18})__([^/]+)\\.sql");

    private MigrationScripts() {
    }

    /** The migrations in order of version; throws when a file is misnamed or two files share a version. */
    static List<Migration> read(MigrationFolder folder, Dialect dialect) throws MigrationFailure {
        Map<String, byte[]> generic;
        Map<String, byte[]> specific;
        try {
            generic = folder.sqlFiles(StorageHeaders.MIGRATION_FOLDER);
            specific = folder.sqlFiles(StorageHeaders.MIGRATION_FOLDER + "/" + dialect.id());
        } catch (IOException e) {
            throw new MigrationFailure("", "cannot read the migration files: " + e.getMessage(), e);
        }
        Map<String, String> scripts = new TreeMap<>();
        generic.keySet().forEach(name -> scripts.put(name, name));
        specific.keySet().forEach(name -> scripts.put(name, dialect.id() + "/" + name));

        Map<Long, Migration> byVersion = new TreeMap<>();
        for (Map.Entry<String, String> entry : scripts.entrySet()) {
            String name = entry.getKey();
            String script = entry.getValue();
            Matcher matcher = NAME.matcher(name);
            if (!matcher.matches()) {
                throw new MigrationFailure(script, "the file name must be V<number>__<description>.sql, for example V1__create_tables.sql");
            }
            byte[] content = specific.containsKey(name) ? specific.get(name) : generic.get(name);
            long version = Long.parseLong(matcher.group(1));
            Migration migration = new Migration(version, matcher.group(2).replace('_', ' '), script, text(content), sha256(content));
            Migration same = byVersion.putIfAbsent(version, migration);
            if (same != null) {
                throw new MigrationFailure(script, "version " + version + " is also used by " + same.script());
            }
        }
        return new ArrayList<>(byVersion.values());
    }

    private static String text(byte[] content) {
        String sql = new String(content, StandardCharsets.UTF_8);
        return sql.startsWith("\uFEFF") ? sql.substring(1) : sql;
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
