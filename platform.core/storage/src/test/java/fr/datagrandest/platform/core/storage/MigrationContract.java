package fr.datagrandest.platform.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the storage promises about migrations and schemas, checked against a real database: H2 and PostgreSQL
 * run the same tests.
 */
abstract class MigrationContract {

    private final List<Database> opened = new ArrayList<>();

    /** A new pool on the test's database: the same data as the previous one, as after a restart. */
    protected abstract Database openDatabase() throws Exception;

    /** A schema name of this test's own (PostgreSQL tests share one database). */
    protected abstract String schema(String name);

    protected Database database() throws Exception {
        Database database = openDatabase();
        opened.add(database);
        return database;
    }

    @AfterEach
    void closeDatabases() {
        opened.forEach(Database::close);
    }

    @Test
    void appliesMigrationsInOrderOfTheirNumber() throws Exception {
        Database database = database();
        String schema = schema("ordered");
        Scripts scripts = new Scripts()
                .with("V10__third.sql", "INSERT INTO step (n) VALUES (10);")
                .with("V2__second.sql", "INSERT INTO step (n) VALUES (2);")
                .with("V1__first.sql", "CREATE TABLE step (position SERIAL PRIMARY KEY, n INT NOT NULL);");

        DataSource dataSource = new SchemaMigrator(database).provide(schema, scripts);

        assertThat(strings(dataSource, "SELECT n FROM step ORDER BY position")).containsExactly("2", "10");
        Map<Long, SchemaMigrator.Applied> history = history(database, schema);
        assertThat(history).containsOnlyKeys(1L, 2L, 10L);
        assertThat(history.values()).allMatch(SchemaMigrator.Applied::success);
        assertThat(history.get(2L).checksum()).isEqualTo(MigrationScripts.sha256(
                "INSERT INTO step (n) VALUES (2);".getBytes(StandardCharsets.UTF_8)));
        assertThat(history.get(10L).script()).isEqualTo("V10__third.sql");
    }

    @Test
    void appliesEachMigrationOnceAcrossRestarts() throws Exception {
        String schema = schema("once");
        Scripts scripts = new Scripts()
                .with("V1__table.sql", "CREATE TABLE visit (id INT);")
                .with("V2__row.sql", "INSERT INTO visit VALUES (1);");
        Database first = database();
        assertThat(new SchemaMigrator(first).migrate(schema, MigrationScripts.read(scripts, first.dialect()))).hasSize(2);
        first.close();

        Database second = database();
        assertThat(new SchemaMigrator(second).migrate(schema, MigrationScripts.read(scripts, second.dialect()))).isEmpty();
        scripts.with("V3__another_row.sql", "INSERT INTO visit VALUES (3);");
        List<Migration> applied = new SchemaMigrator(second).migrate(schema, MigrationScripts.read(scripts, second.dialect()));

        assertThat(applied).extracting(Migration::version).containsExactly(3L);
        DataSource dataSource = new SchemaDataSource(second.pool(), second.dialect(), schema);
        assertThat(strings(dataSource, "SELECT id FROM visit ORDER BY id")).containsExactly("1", "3");
    }

    @Test
    void dialectSpecificFileReplacesTheGenericOne() throws Exception {
        Database database = database();
        String schema = schema("dialect");
        Scripts scripts = new Scripts()
                .with("V1__table.sql", "CREATE TABLE flavour (name VARCHAR(20));")
                .with("V2__fill.sql", "INSERT INTO flavour VALUES ('generic');")
                .with("h2/V2__fill.sql", "INSERT INTO flavour VALUES ('h2');")
                .with("postgresql/V2__fill.sql", "INSERT INTO flavour VALUES ('postgresql');");

        DataSource dataSource = new SchemaMigrator(database).provide(schema, scripts);

        String dialect = database.dialect().id();
        assertThat(strings(dataSource, "SELECT name FROM flavour")).containsExactly(dialect);
        assertThat(history(database, schema).get(2L).script()).isEqualTo(dialect + "/V2__fill.sql");
    }

    @Test
    void brokenMigrationLeavesNoPartialChangeAndNoDataSource() throws Exception {
        Database database = database();
        String schema = schema("broken");
        SchemaMigrator migrator = new SchemaMigrator(database);
        Scripts scripts = new Scripts().with("V1__table.sql", "CREATE TABLE account (id INT PRIMARY KEY);\nINSERT INTO account VALUES (1);");
        migrator.provide(schema, scripts);
        scripts.with("V2__broken.sql", """
                CREATE TABLE extra (id INT);
                INSERT INTO account VALUES (2);
                ALTER TABLE account ADD COLUMN label VARCHAR(10);
                INSERT INTO missing_table VALUES (3);
                """);

        assertThatThrownBy(() -> migrator.provide(schema, scripts))
                .isInstanceOf(MigrationFailure.class)
                .hasMessageContaining("V2__broken.sql").hasMessageContaining("line 4").hasMessageContaining("rolled back");

        DataSource unmanaged = new SchemaDataSource(database.pool(), database.dialect(), schema);
        assertThat(strings(unmanaged, "SELECT id FROM account")).containsExactly("1");
        assertThat(tables(database, schema)).containsExactlyInAnyOrder("account", SchemaMigrator.HISTORY);
        assertThat(columns(database, schema, "account")).containsExactly("id");
        assertThat(history(database, schema).get(2L).success()).isFalse();

        // Once corrected, the migration is applied on the next attempt.
        scripts.with("V2__broken.sql", "ALTER TABLE account ADD COLUMN label VARCHAR(10);");
        DataSource fixed = migrator.provide(schema, scripts);
        assertThat(columns(database, schema, "account")).containsExactly("id", "label");
        assertThat(history(database, schema).get(2L).success()).isTrue();
        assertThat(strings(fixed, "SELECT count(*) FROM account")).containsExactly("1");
    }

    @Test
    void changedChecksumOfAnAppliedMigrationIsRefused() throws Exception {
        Database database = database();
        String schema = schema("checksum");
        SchemaMigrator migrator = new SchemaMigrator(database);
        Scripts scripts = new Scripts().with("V1__table.sql", "CREATE TABLE place (id INT);");
        migrator.provide(schema, scripts);

        scripts.with("V1__table.sql", "CREATE TABLE place (id BIGINT);")
                .with("V2__more.sql", "CREATE TABLE later (id INT);");

        assertThatThrownBy(() -> migrator.provide(schema, scripts))
                .isInstanceOf(MigrationFailure.class)
                .hasMessageContaining("V1__table.sql").hasMessageContaining("checksum");
        assertThat(tables(database, schema)).doesNotContain("later");
    }

    @Test
    void schemasAreIsolated() throws Exception {
        Database database = database();
        String catalog = schema("catalog");
        String directory = schema("directory");
        SchemaMigrator migrator = new SchemaMigrator(database);
        DataSource first = migrator.provide(catalog, new Scripts()
                .with("V1__item.sql", "CREATE TABLE item (name VARCHAR(20)); INSERT INTO item VALUES ('record');"));
        DataSource second = migrator.provide(directory, new Scripts()
                .with("V1__item.sql", "CREATE TABLE item (name VARCHAR(20)); INSERT INTO item VALUES ('contact');"));

        // Alternating, so that pooled connections go from one schema to the other.
        for (int i = 0; i < 3; i++) {
            assertThat(strings(first, "SELECT name FROM item")).containsExactly("record");
            assertThat(strings(second, "SELECT name FROM item")).containsExactly("contact");
        }
        assertThat(strings(first, "SELECT CURRENT_SCHEMA")).containsExactly(catalog);
        try (Connection connection = second.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO item VALUES ('another')");
        }
        assertThat(strings(first, "SELECT count(*) FROM item")).containsExactly("1");
    }

    @Test
    void outOfOrderAndMisnamedMigrationsAreRefused() throws Exception {
        Database database = database();
        String schema = schema("order");
        SchemaMigrator migrator = new SchemaMigrator(database);
        migrator.provide(schema, new Scripts().with("V5__table.sql", "CREATE TABLE t (id INT);"));

        assertThatThrownBy(() -> migrator.provide(schema, new Scripts()
                .with("V5__table.sql", "CREATE TABLE t (id INT);").with("V3__late.sql", "CREATE TABLE late (id INT);")))
                .hasMessageContaining("V3__late.sql").hasMessageContaining("above 5");
        assertThatThrownBy(() -> migrator.provide(schema, new Scripts().with("v6-typo.sql", "SELECT 1;")))
                .hasMessageContaining("v6-typo.sql").hasMessageContaining("V<number>__<description>.sql");
        assertThatThrownBy(() -> migrator.provide(schema, new Scripts()
                .with("V6__a.sql", "SELECT 1;").with("V6__b.sql", "SELECT 2;")))
                .hasMessageContaining("version 6");
    }

    static List<String> strings(DataSource dataSource, String query) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return strings(connection, query);
        }
    }

    static List<String> strings(Connection connection, String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    static Map<Long, SchemaMigrator.Applied> history(Database database, String schema) throws Exception {
        try (Connection connection = database.connection()) {
            return new SchemaMigrator(database).history(connection, schema);
        }
    }

    static List<String> tables(Database database, String schema) throws SQLException {
        try (Connection connection = database.connection()) {
            return strings(connection, "SELECT table_name FROM information_schema.tables WHERE table_schema = '" + schema + "'");
        }
    }

    static List<String> columns(Database database, String schema, String table) throws SQLException {
        try (Connection connection = database.connection()) {
            return strings(connection, "SELECT column_name FROM information_schema.columns WHERE table_schema = '"
                    + schema + "' AND table_name = '" + table + "' ORDER BY ordinal_position");
        }
    }
}
