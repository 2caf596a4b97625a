package fr.datagrandest.platform.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class SqlStatementsTest {

    @Test
    void splitsAtSemicolonsThatEndStatements() {
        List<SqlStatements.Statement> statements = SqlStatements.split("""
                -- a comment; with a semicolon
                CREATE TABLE note (id INT, text VARCHAR(50));
                INSERT INTO note VALUES (1, 'it''s; fine');
                /* block; comment */ INSERT INTO "odd;name" VALUES (2);

                CREATE FUNCTION f() RETURNS INT AS $body$ BEGIN RETURN 1; END; $body$ LANGUAGE plpgsql;
                SELECT E'a\\'; b', $$x;y$$
                """);

        assertThat(statements).extracting(SqlStatements.Statement::line).containsExactly(2, 3, 4, 6, 7);
        assertThat(statements.get(1).sql()).isEqualTo("INSERT INTO note VALUES (1, 'it''s; fine')");
        assertThat(statements.get(2).sql()).endsWith("INSERT INTO \"odd;name\" VALUES (2)");
        assertThat(statements.get(3).sql()).endsWith("END; $body$ LANGUAGE plpgsql");
        assertThat(statements.get(4).sql()).isEqualTo("SELECT E'a\\'; b', $$x;y$$");
    }

    @Test
    void ignoresEmptyStatementsAndTrailingComments() {
        assertThat(SqlStatements.split(";;\n  ; -- nothing\n")).isEmpty();
        assertThat(SqlStatements.split("SELECT 1\n-- done")).hasSize(1);
    }
}
