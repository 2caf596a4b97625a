package fr.datagrandest.platform.core.storage;

import java.nio.file.Path;
import java.util.Locale;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The database the pool connects to, as a driver's own {@link DataSource} (no DriverManager, no class lookup
 * across bundles).
 *
 * @param description what the health check shows: never a host, a path or a password
 */
record DatabaseTarget(Dialect dialect, DataSource dataSource, String description) {

    /**
     * Settings of the embedded database. PostgreSQL compatibility lets plugins write one SQL for both databases
     * (lower-case names, PostgreSQL types and null ordering). WRITE_DELAY=0 writes every commit before it returns,
     * so a killed process loses no committed transaction; H2's store keeps the file consistent whatever happens.
     * The pool, not a JVM shutdown hook, closes the database, once the bundles using it have stopped.
     * LOCK_TIMEOUT: how long a statement waits for another transaction's lock (H2's default, about a second, is
     * short on a loaded machine); migrations wait longer and are tried again (see SchemaMigrator).
     */
    static final long H2_LOCK_TIMEOUT_MS = 10_000;

    static final String H2_SETTINGS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
            + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;LOCK_TIMEOUT=" + H2_LOCK_TIMEOUT_MS;

    /**
     * The embedded H2 database stored in {@code file} (H2 adds {@code .mv.db}). Through H2's {@code retry:} file
     * system: a plugin that interrupts its own thread during a query (an executor's shutdownNow when the plugin
     * stops) makes the JDK close the shared file channel, which would otherwise break the database for every
     * bundle until restart; {@code retry:} reopens the channel and repeats the operation.
     */
    static DatabaseTarget embedded(Path file) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:retry:" + file.toAbsolutePath() + H2_SETTINGS);
        h2.setUser("sa");
        h2.setPassword("");
        return new DatabaseTarget(Dialect.H2, h2, "embedded H2 database");
    }

    /** A PostgreSQL database, {@code jdbc:postgresql://host:5432/name}. */
    static DatabaseTarget postgresql(String url, String user, String password) {
        if (!url.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("the storage url must be a PostgreSQL JDBC URL such as "
                    + "jdbc:postgresql://localhost:5432/datagrandest, or empty for the embedded H2 database");
        }
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setURL(url);
        if (!user.isBlank()) {
            postgres.setUser(user);
        }
        if (!password.isEmpty()) {
            postgres.setPassword(password);
        }
        postgres.setApplicationName("DataGrandEst");
        postgres.setConnectTimeout(5);
        return new DatabaseTarget(Dialect.POSTGRESQL, postgres, "PostgreSQL database");
    }
}
