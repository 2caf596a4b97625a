package fr.datagrandest.platform.core.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a schema up to date: creates it, checks that no applied migration changed, then applies the pending
 * migrations in order, each in a transaction of its own together with its line in the schema's history table.
 * <p>
 * PostgreSQL rolls back a failed migration, schema changes included. H2 commits schema changes at once, so on H2
 * the schema is first copied to a script file, and put back from it when the migration fails. On PostgreSQL an
 * advisory lock keeps two platform nodes from migrating the same schema at the same time.
 * <p>
 * One migration at a time per platform: plugins start side by side, and on H2 every schema change takes the same
 * table lock. A migration that waits too long for other transactions (a plugin's long first import) fails as
 * {@linkplain MigrationFailure#transientFailure() transient}: nothing is kept of it, and it is tried again.
 */
final class SchemaMigrator {

    /** The history table, in each schema. */
    static final String HISTORY = "dge_schema_history";

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);
    private static final Set<String> TRANSACTION_CONTROL = Set.of("BEGIN", "COMMIT", "ROLLBACK", "START TRANSACTION", "END");

    /** How long a migration waits for the locks held by other transactions, on H2, before it gives up for now. */
    static final Duration LOCK_WAIT = Duration.ofSeconds(30);

    private final Database database;
    private final Dialect dialect;
    private final Duration lockWait;
    private final Object oneAtATime = new Object();

    SchemaMigrator(Database database) {
        this(database, LOCK_WAIT);
    }

    SchemaMigrator(Database database, Duration lockWait) {
        this.database = database;
        this.dialect = database.dialect();
        this.lockWait = lockWait;
    }

    /** A line of the history table. */
    record Applied(long version, String script, String checksum, Timestamp appliedAt, boolean success) {
    }

    /** Brings the schema up to date with the migrations of the folder, then gives the DataSource on it. */
    SchemaDataSource provide(String schema, MigrationFolder folder) throws MigrationFailure {
        migrate(schema, MigrationScripts.read(folder, dialect));
        return new SchemaDataSource(database.pool(), dialect, schema);
    }

    /** Migrates the schema and returns the migrations applied now (empty when it was up to date). */
    List<Migration> migrate(String schema, List<Migration> migrations) throws MigrationFailure {
        try {
            database.checkReachable();
        } catch (SQLException e) {
            throw new MigrationFailure("", "the database cannot be reached: " + MigrationFailure.reason(e), e);
        }
        synchronized (oneAtATime) {
            try (Connection connection = database.connection()) {
                if (dialect == Dialect.H2) {
                    setLockTimeout(connection, lockWait.toMillis());
                }
                try {
                    transaction(connection, schema, false, () -> createSchema(connection, schema));
                    List<Migration> pending = pending(schema, history(connection, schema), migrations);
                    List<Migration> applied = new ArrayList<>();
                    for (Migration migration : pending) {
                        if (apply(connection, schema, migration)) {
                            applied.add(migration);
                        }
                    }
                    return applied;
                } finally {
                    if (dialect == Dialect.H2) {
                        setLockTimeout(connection, DatabaseTarget.H2_LOCK_TIMEOUT_MS);
                    }
                }
            } catch (SQLException e) {
                if (MigrationFailure.isTransient(e)) {
                    throw new MigrationFailure("", "the schema change waited longer than " + lockWait.toSeconds()
                            + " s for other transactions to end (" + MigrationFailure.reason(e)
                            + "); nothing of it was kept, it will be tried again", e);
                }
                throw new MigrationFailure("", "the database failed: " + MigrationFailure.reason(e), e);
            }
        }
    }

    /** A session setting of H2: the pooled connection gets the database's default back before it returns. */
    private static void setLockTimeout(Connection connection, long millis) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCK_TIMEOUT " + millis);
        }
    }

    /** The history of the schema, by version. */
    Map<Long, Applied> history(Connection connection, String schema) throws SQLException {
        Map<Long, Applied> history = new TreeMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT version, script, checksum, applied_at, success FROM "
                        + Dialect.quote(schema) + "." + HISTORY + " ORDER BY version")) {
            while (rows.next()) {
                history.put(rows.getLong(1), new Applied(rows.getLong(1), rows.getString(2), rows.getString(3).strip(),
                        rows.getTimestamp(4), rows.getBoolean(5)));
            }
        }
        return history;
    }

    private Void createSchema(Connection connection, String schema) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + Dialect.quote(schema));
            statement.execute("CREATE TABLE IF NOT EXISTS " + Dialect.quote(schema) + "." + HISTORY + " ("
                    + "version BIGINT PRIMARY KEY, "
                    + "description VARCHAR(255) NOT NULL, "
                    + "script VARCHAR(300) NOT NULL, "
                    + "checksum CHAR(64) NOT NULL, "
                    + "applied_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                    + "success BOOLEAN NOT NULL)");
        }
        return null;
    }

    /** Refuses changed and out-of-order migrations; returns those still to apply, in order. */
    private static List<Migration> pending(String schema, Map<Long, Applied> history, List<Migration> migrations)
            throws MigrationFailure {
        long newestApplied = 0;
        for (Applied applied : history.values()) {
            if (applied.success()) {
                newestApplied = Math.max(newestApplied, applied.version());
            }
        }
        List<Migration> pending = new ArrayList<>();
        for (Migration migration : migrations) {
            Applied applied = history.get(migration.version());
            if (applied != null && applied.success()) {
                if (!applied.checksum().equals(migration.checksum())) {
                    throw new MigrationFailure(migration.script(), "it was applied on " + applied.appliedAt()
                            + " with checksum " + applied.checksum() + " but the file now has checksum "
                            + migration.checksum() + "; an applied migration must never change: put the change in a new migration");
                }
            } else if (migration.version() < newestApplied) {
                throw new MigrationFailure(migration.script(), "its version " + migration.version()
                        + " is lower than version " + newestApplied + ", already applied to schema " + schema
                        + ": give it a number above " + newestApplied);
            } else {
                pending.add(migration);
            }
        }
        return pending;
    }

    /** Applies one migration, or nothing of it; false when another platform node applied it meanwhile. */
    private boolean apply(Connection connection, String schema, Migration migration) throws MigrationFailure, SQLException {
        List<SqlStatements.Statement> statements = SqlStatements.split(migration.sql());
        for (SqlStatements.Statement statement : statements) {
            if (TRANSACTION_CONTROL.contains(statement.sql().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ").replace(" WORK", ""))) {
                throw new MigrationFailure(migration.script(), "line " + statement.line() + ": remove " + statement.sql()
                        + ", each migration already runs in a transaction of its own");
            }
        }
        Path copy = dialect == Dialect.H2 ? copySchema(connection, schema, migration) : null;
        long started = System.nanoTime();
        boolean applied;
        try {
            applied = transaction(connection, schema, true, () -> {
                Applied previous = history(connection, schema).get(migration.version());
                if (previous != null && previous.success()) {
                    return false; // another node was faster
                }
                run(connection, statements);
                record(connection, schema, migration, true);
                return true;
            });
        } catch (MigrationStatementFailure e) {
            if (e.transientFailure()) {
                // The database was busy, the script is not at fault: no failure recorded, tried again later.
                if (e.executedBefore > 0) {
                    restore(connection, schema, copy, migration);
                } else {
                    deleteQuietly(copy);
                }
                throw (SQLException) e.getCause();
            }
            restore(connection, schema, copy, migration);
            recordFailure(connection, schema, migration);
            throw new MigrationFailure(migration.script(), e.getMessage() + "; the migration was rolled back", e.getCause());
        } catch (SQLException e) {
            restore(connection, schema, copy, migration);
            throw e;
        }
        deleteQuietly(copy);
        if (applied) {
            LOG.info("Schema {}: applied migration {} in {} ms", schema, migration.script(), (System.nanoTime() - started) / 1_000_000);
        }
        return applied;
    }

    private static void run(Connection connection, List<SqlStatements.Statement> statements)
            throws SQLException {
        try (Statement jdbc = connection.createStatement()) {
            int executed = 0;
            for (SqlStatements.Statement statement : statements) {
                try {
                    jdbc.execute(statement.sql());
                    executed++;
                } catch (SQLException e) {
                    throw new MigrationStatementFailure("line " + statement.line() + ": " + firstLine(e.getMessage()), e, executed);
                }
            }
        }
    }

    private static void record(Connection connection, String schema, Migration migration, boolean success)
            throws SQLException {
        String table = Dialect.quote(schema) + "." + HISTORY;
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE version = ?");
                PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
                        + " (version, description, script, checksum, applied_at, success) VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP, ?)")) {
            delete.setLong(1, migration.version());
            delete.executeUpdate();
            insert.setLong(1, migration.version());
            insert.setString(2, truncate(migration.description(), 255));
            insert.setString(3, truncate(migration.script(), 300));
            insert.setString(4, migration.checksum());
            insert.setBoolean(5, success);
            insert.executeUpdate();
        }
    }

    /** Leaves a trace of the failed attempt; the next start tries the migration again. */
    private void recordFailure(Connection connection, String schema, Migration migration) {
        try {
            transaction(connection, schema, true, () -> {
                Applied previous = history(connection, schema).get(migration.version());
                if (previous == null || !previous.success()) {
                    record(connection, schema, migration, false);
                }
                return null;
            });
        } catch (SQLException e) {
            LOG.warn("Schema {}: cannot record the failure of {} in {}: {}", schema, migration.script(), HISTORY, e.getMessage());
        }
    }

    /** Runs work in a transaction, with the schema as default (once it exists) and, on PostgreSQL, the schema's lock. */
    private <T> T transaction(Connection connection, String schema, boolean useSchema, SqlWork<T> work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            try (Statement statement = connection.createStatement()) {
                if (dialect == Dialect.POSTGRESQL) {
                    statement.execute("SELECT pg_advisory_xact_lock(" + lockKey(schema) + ")");
                }
                if (useSchema) {
                    statement.execute(dialect == Dialect.POSTGRESQL
                            ? "SET LOCAL search_path TO " + Dialect.quote(schema) + ", public"
                            : dialect.useSchema(schema));
                }
            }
            T result = work.run();
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** H2 only: the schema, data included, as a script that {@link #restore} can replay. */
    private Path copySchema(Connection connection, String schema, Migration migration) throws MigrationFailure {
        Path copy = database.workFolder().resolve(schema + "-before-V" + migration.version() + ".sql.gz");
        try (Statement statement = connection.createStatement()) {
            Files.deleteIfExists(copy);
            statement.execute("SCRIPT NOPASSWORDS NOSETTINGS TO " + literal(copy) + " COMPRESSION GZIP SCHEMA " + Dialect.quote(schema));
            return copy;
        } catch (SQLException | IOException e) {
            throw new MigrationFailure(migration.script(), "cannot copy schema " + schema
                    + " before migrating it, nothing was changed: " + e.getMessage(), e);
        }
    }

    /** H2 only: puts back the schema as it was before the migration (PostgreSQL's rollback already did). */
    private void restore(Connection connection, String schema, Path copy, Migration migration) throws MigrationFailure {
        if (copy == null) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + Dialect.quote(schema) + " CASCADE");
            statement.execute("RUNSCRIPT FROM " + literal(copy) + " COMPRESSION GZIP");
        } catch (SQLException e) {
            LOG.error("Schema {}: cannot put back the schema as it was before {}; its copy is kept in {}", schema,
                    migration.script(), copy, e);
            throw new MigrationFailure(migration.script(), "it failed, and schema " + schema
                    + " could not be put back as it was: restore it from " + copy.getFileName() + " in the database folder", e);
        }
        deleteQuietly(copy);
    }

    private static long lockKey(String schema) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("dge.storage:" + schema).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String literal(Path path) {
        return "'" + path.toAbsolutePath().toString().replace("'", "''") + "'";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "failed";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.endsWith("; SQL statement:") ? line.substring(0, line.length() - "; SQL statement:".length()) : line;
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warn("Cannot delete {}: {}", file, e.getMessage());
            }
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    /** A statement of the migration failed (as opposed to the database itself). */
    private static final class MigrationStatementFailure extends SQLException {
        private static final long serialVersionUID = 1L;
        /** Statements of the migration that ran before this one. */
        final int executedBefore;

        MigrationStatementFailure(String message, SQLException cause, int executedBefore) {
            super(message, cause.getSQLState(), cause);
            this.executedBefore = executedBefore;
        }

        boolean transientFailure() {
            return MigrationFailure.isTransient((SQLException) getCause());
        }
    }
}
