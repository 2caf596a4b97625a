package fr.datagrandest.platform.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.datagrandest.platform.api.health.HealthResult;
import fr.datagrandest.platform.api.health.HealthStatus;

class DatabaseHealthTest {

    @TempDir
    Path work;

    @Test
    void embeddedDatabaseIsUp() throws Exception {
        try (Database database = new Database(DatabaseTarget.embedded(work.resolve("platform")), 2, work)) {
            HealthResult result = new DatabaseHealth(database).check();

            assertThat(result.status()).as(result.message()).isEqualTo(HealthStatus.UP);
            assertThat(result.message()).contains("embedded H2 database answered in", "of at most 2");
        }
    }

    @Test
    void unreachableDatabaseIsDownQuicklyAndSchemasWaitForIt() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        DatabaseTarget nowhere = DatabaseTarget.postgresql("jdbc:postgresql://127.0.0.1:" + closedPort + "/none", "u", "p");
        try (Database database = new Database(nowhere, 2, work)) {
            long started = System.nanoTime();
            HealthResult result = new DatabaseHealth(database).check();

            assertThat(result.status()).isEqualTo(HealthStatus.DOWN);
            assertThat(result.message()).startsWith("PostgreSQL database").doesNotContain("127.0.0.1");
            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2_000);

            started = System.nanoTime();
            assertThatThrownBy(() -> new SchemaMigrator(database).provide("catalog", new Scripts()))
                    .isInstanceOfSatisfying(MigrationFailure.class, failure -> {
                        assertThat(failure.databaseUnreachable()).isTrue();
                        assertThat(failure.getMessage()).contains("cannot be reached", "Connection refused");
                    });
            assertThat((System.nanoTime() - started) / 1_000_000).as("no wait for the pool's timeout").isLessThan(3_000);
        }
    }

    @Test
    void onlyPostgresqlUrlsAreAccepted() {
        assertThatThrownBy(() -> DatabaseTarget.postgresql("jdbc:mysql://host/db", "", ""))
                .hasMessageContaining("PostgreSQL JDBC URL").hasMessageNotContaining("mysql");
    }
}
