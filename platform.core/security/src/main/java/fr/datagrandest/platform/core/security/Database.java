package fr.datagrandest.platform.core.security;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import javax.sql.DataSource;

/**
 * The security schema, reached through the DataSource the storage kernel registers for it. SQL that runs
 * unchanged on H2 2.x and PostgreSQL 15.
 */
final class Database {

    /** A unit of work on one connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;

    Database(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs the work with auto-commit: each statement stands alone. */
    <T> T read(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("the security database failed: " + e.getMessage(), e);
        }
    }

    /** Runs the work in one transaction: all of it is stored, or none. */
    <T> T transaction(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the security database failed: " + e.getMessage(), e);
        }
    }

    static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** True for a primary key or unique constraint violation (the same SQL state on H2 and PostgreSQL). */
    static boolean isDuplicateKey(SQLException e) {
        for (SQLException cause = e; cause != null; cause = cause.getNextException()) {
            if ("23505".equals(cause.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
