package fr.datagrandest.platform.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The migration contract on the embedded H2 database, as the platform runs it by default. */
class H2MigrationTest extends MigrationContract {

    @TempDir
    Path data;

    @Override
    protected Database openDatabase() throws Exception {
        Path db = data.resolve("db");
        return new Database(DatabaseTarget.embedded(db.resolve("platform")), 4, db);
    }

    @Override
    protected String schema(String name) {
        return name;
    }

    @Test
    void databaseLivesInOneFileAndNoSchemaCopyIsLeftBehind() throws Exception {
        Database database = database();
        new SchemaMigrator(database).provide("files", new Scripts().with("V1__t.sql", "CREATE TABLE t (id INT);"));
        assertThatThrownBy(() -> new SchemaMigrator(database).provide("files",
                new Scripts().with("V1__t.sql", "CREATE TABLE t (id INT);").with("V2__bad.sql", "DROP TABLE t; SELECT nonsense;")))
                .isInstanceOf(MigrationFailure.class);

        assertThat(tables(database, "files")).contains("t");
        try (var files = Files.list(data.resolve("db"))) {
            // platform.trace.db is H2's error log, there when H2 reports an error.
            assertThat(files.map(f -> f.getFileName().toString())).containsAnyOf("platform.mv.db")
                    .allMatch(name -> name.equals("platform.mv.db") || name.equals("platform.trace.db"));
        }
    }

    /**
     * Plugins migrate at start while others run their first imports: on H2 a schema change waits for the
     * transaction that holds the SYS table. A migration that waited too long is a passing state, not a broken script: it
     * leaves nothing behind, is not recorded as failed, says it can be tried again, and the next attempt applies it.
     */
    @Test
    void migrationBlockedByAnotherTransactionIsTransientAndAppliedOnTheNextAttempt() throws Exception {
        Database database = database();
        SchemaMigrator migrator = new SchemaMigrator(database, Duration.ofMillis(500));
        DataSource importing = migrator.provide("importer", new Scripts().with("V1__t.sql", "CREATE TABLE t (id INT);"));
        Scripts late = new Scripts().with("V1__a.sql", "CREATE TABLE a (id INT);");
        migrator.provide("late", late);
        late.with("V2__b.sql", "CREATE TABLE b (id INT);\nCREATE INDEX b_id ON b (id);");
        try (Connection longImport = importing.getConnection()) {
            longImport.setAutoCommit(false);
            try (Statement insert = longImport.createStatement()) {
                insert.execute("INSERT INTO t VALUES (1)");
                // H2 keeps its SYS table locked until this transaction ends, as CI saw at a first start
                insert.execute("CREATE SEQUENCE import_batch");
            }
            assertThatThrownBy(() -> migrator.provide("late", late))
                    .isInstanceOfSatisfying(MigrationFailure.class, failure -> assertThat(failure.transientFailure()).isTrue())
                    .hasMessageContaining("try");
            longImport.commit();
        }

        assertThat(history(database, "late")).containsOnlyKeys(1L);
        assertThat(tables(database, "late")).doesNotContain("b");
        DataSource late2 = migrator.provide("late", late);
        assertThat(tables(database, "late")).contains("a", "b");
        assertThat(history(database, "late").values()).hasSize(2).allMatch(SchemaMigrator.Applied::success);
        try (Connection c = late2.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO b VALUES (1)");
        }
    }

    @Test
    void schemaNamesAreChecked() {
        assertThat(SchemaName.check(" catalog_2 ")).isEqualTo("catalog_2");
        for (String bad : new String[] {"Catalog", "2fast", "a-b", "x\"; DROP", "public", "pg_catalog", "", "a".repeat(64)}) {
            assertThatThrownBy(() -> SchemaName.check(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
