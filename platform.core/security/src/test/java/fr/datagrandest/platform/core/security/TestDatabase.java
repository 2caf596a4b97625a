package fr.datagrandest.platform.core.security;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;

/**
 * A file H2 database in a test folder with this bundle's migrations applied in version order, as the storage
 * kernel applies them (same H2 settings, the schema "security" as the default), so tests need no running platform.
 */
final class TestDatabase {

    private static final Pattern MIGRATION = Pattern.compile("V(\\d+)__.+\\.sql");

    private TestDatabase() {
    }

    static JdbcDataSource create(Path folder) throws IOException, SQLException {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + folder.resolve("platform").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
                + ";INIT=CREATE SCHEMA IF NOT EXISTS \"security\"\\;SET SCHEMA \"security\"");
        dataSource.setUser("sa");
        migrate(dataSource);
        return dataSource;
    }

    static void migrate(DataSource dataSource) throws IOException, SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (Path migration : migrations()) {
                for (String sql : statements(Files.readString(migration, StandardCharsets.UTF_8))) {
                    statement.execute(sql);
                }
            }
        }
    }

    static void shutdown(JdbcDataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        }
    }

    static List<Path> migrations() throws IOException {
        Path folder;
        try {
            folder = Path.of(TestDatabase.class.getClassLoader().getResource("db/migration").toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> MIGRATION.matcher(f.getFileName().toString()).matches())
                    .sorted((a, b) -> Integer.compare(version(a), version(b))).toList();
        }
    }

    private static int version(Path migration) {
        Matcher matcher = MIGRATION.matcher(migration.getFileName().toString());
        matcher.matches();
        return Integer.parseInt(matcher.group(1));
    }

    /** Splits a migration into statements; comments are dropped (our migrations have no ';' inside literals). */
    static List<String> statements(String script) {
        String withoutComments = script.replaceAll("(?m)--.*$", "");
        return Stream.of(withoutComments.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
