package fr.datagrandest.platform.core.storage;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * The DataSource a plugin gets: connections of the shared pool with the plugin's schema as default, so its SQL
 * names its own tables without a schema prefix. (It is a convention between the platform's own bundles, not a
 * security boundary: they share one database account.)
 */
final class SchemaDataSource implements DataSource {

    private final DataSource pool;
    private final String schema;
    private final String useSchema;

    SchemaDataSource(DataSource pool, Dialect dialect, String schema) {
        this.pool = pool;
        this.schema = schema;
        this.useSchema = dialect.useSchema(schema);
    }

    String schema() {
        return schema;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection connection = pool.getConnection();
        try (Statement statement = connection.createStatement()) {
            statement.execute(useSchema);
            return connection;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.close();
            } catch (SQLException close) {
                e.addSuppressed(close);
            }
            throw e;
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the platform's pool connects with its configured account; use getConnection()");
    }

    // The pool's settings are the platform's: a plugin cannot change them for the others.
    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // ignored, see above
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // ignored, see above
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("the platform logs through slf4j");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("a schema's DataSource does not give access to the platform's pool");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }

    @Override
    public String toString() {
        return "DataSource of schema " + schema;
    }
}
