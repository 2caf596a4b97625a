package fr.datagrandest.platform.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migration contract on a real PostgreSQL with PostGIS, given by DGE_TEST_POSTGRES_URL, _USER and _PASSWORD
 * ({@code ./dge test} starts one). Without it the test fails: a skipped PostgreSQL test would hide a broken
 * PostgreSQL support.
 */
class PostgresMigrationTest extends MigrationContract {

    private static String url;
    private final String prefix = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";
    private final List<String> schemas = new ArrayList<>();

    @TempDir
    Path work;

    @BeforeAll
    static void postgresql() {
        url = System.getenv("DGE_TEST_POSTGRES_URL");
        if (url == null || url.isBlank()) {
            fail("DGE_TEST_POSTGRES_URL is not set: run the tests through ./dge test, which starts a PostgreSQL with "
                    + "PostGIS for them (or set DGE_TEST_POSTGRES_URL, DGE_TEST_POSTGRES_USER and DGE_TEST_POSTGRES_PASSWORD)");
        }
    }

    @Override
    protected Database openDatabase() throws Exception {
        return new Database(DatabaseTarget.postgresql(url, env("DGE_TEST_POSTGRES_USER"), env("DGE_TEST_POSTGRES_PASSWORD")), 4, work);
    }

    @Override
    protected String schema(String name) {
        schemas.add(prefix + name);
        return prefix + name;
    }

    @AfterEach
    void dropSchemas() throws Exception {
        try (Database database = openDatabase(); Connection connection = database.connection();
                Statement statement = connection.createStatement()) {
            for (String schema : schemas) {
                statement.execute("DROP SCHEMA IF EXISTS " + Dialect.quote(schema) + " CASCADE");
            }
        }
    }

    @Test
    void postgisIsVisibleFromAPluginSchema() throws Exception {
        Database database = database();
        try (Connection connection = database.connection(); Statement statement = connection.createStatement()) {
            // Where an administrator installs it: in public, once per database.
            statement.execute("SET search_path TO public");
            statement.execute("CREATE EXTENSION IF NOT EXISTS postgis");
        }
        String schema = schema("maps");
        DataSource dataSource = new SchemaMigrator(database).provide(schema, new Scripts().with("V1__zone.sql", """
                CREATE TABLE zone (id INT PRIMARY KEY, geom geometry(Polygon, 2154));
                INSERT INTO zone VALUES (1, ST_GeomFromText('POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))', 2154));
                """));

        assertThat(strings(dataSource, "SELECT ST_Area(geom) FROM zone")).containsExactly("100");
        assertThat(strings(dataSource, "SELECT current_schema()")).containsExactly(schema);
    }

    private static String env(String name) {
        String value = System.getenv(name);
        return value == null ? "" : value;
    }
}
