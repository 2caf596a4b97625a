package fr.datagrandest.platform.core.storage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import fr.datagrandest.platform.api.health.HealthCheck;
import fr.datagrandest.platform.api.health.HealthResult;

/**
 * Can the platform use its database: a connection from the pool answers {@code SELECT 1} within a second, and
 * the pool has connections to spare. A slow database is reported, not waited for.
 */
@Component(property = HealthCheck.NAME + "=database")
public class DatabaseHealth implements HealthCheck {

    private static final long ANSWER_MILLIS = 1000;

    private final Database database;
    /** The probe under way: a health request arriving meanwhile waits for it instead of starting another. */
    private final AtomicReference<CompletableFuture<Long>> probe = new AtomicReference<>();

    @Activate
    public DatabaseHealth(@Reference Database database) {
        this.database = database;
    }

    @Override
    public HealthResult check() {
        CompletableFuture<Long> running = probe.updateAndGet(p -> p == null || p.isDone() ? start() : p);
        try {
            long millis = running.get(ANSWER_MILLIS, TimeUnit.MILLISECONDS);
            Database.PoolState pool = database.poolState();
            String state = database.description() + " answered in " + millis + " ms; connections: " + pool;
            return pool.exhausted() ? HealthResult.degraded("all connections are busy: " + state) : HealthResult.up(state);
        } catch (TimeoutException e) {
            return HealthResult.down(database.description() + " did not answer within " + ANSWER_MILLIS
                    + " ms; connections: " + database.poolState());
        } catch (ExecutionException e) {
            return HealthResult.down(database.description() + " cannot be used: " + MigrationFailure.reason(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HealthResult.down("interrupted while checking the " + database.description());
        }
    }

    private CompletableFuture<Long> start() {
        CompletableFuture<Long> future = new CompletableFuture<>();
        Thread.ofVirtual().name("dge-storage-health").start(() -> {
            long started = System.nanoTime();
            try (Connection connection = database.connection();
                    Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery("SELECT 1")) {
                result.next();
                future.complete((System.nanoTime() - started) / 1_000_000);
            } catch (SQLException | RuntimeException e) {
                future.completeExceptionally(e);
            }
        });
        return future;
    }
}
