package fr.datagrandest.platform.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

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

    @Test
    void schemaNamesAreChecked() {
        assertThat(SchemaName.check(" catalog_2 ")).isEqualTo("catalog_2");
        for (String bad : new String[] {"Catalog", "2fast", "a-b", "x\"; DROP", "public", "pg_catalog", "", "a".repeat(64)}) {
            assertThatThrownBy(() -> SchemaName.check(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
