package fr.datagrandest.platform.core.storage;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** A schema could not be brought up to date; nothing of the failed migration stays in the database. */
final class MigrationFailure extends Exception {

    private static final long serialVersionUID = 1L;
    private final String script;

    /**
     * @param script the migration at fault ({@code V3__add_index.sql}), or empty when the fault is not one file's
     * @param reason a sentence an administrator or the plugin's developer can act on
     */
    MigrationFailure(String script, String reason, Throwable cause) {
        super(script.isEmpty() ? reason : "migration " + script + ": " + reason, cause);
        this.script = script;
    }

    MigrationFailure(String script, String reason) {
        this(script, reason, null);
    }

    /** The first line of the deepest cause's message: the driver's own words, not a pool's summary. */
    static String reason(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse("");
    }

    String script() {
        return script;
    }

    /**
     * True when trying again later may work: the database could not be reached, or the migration waited too long
     * for other transactions' locks. The script itself is not at fault.
     */
    boolean transientFailure() {
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && isTransient(sql)) {
                return true;
            }
        }
        return databaseUnreachable();
    }

    /**
     * A lock wait that timed out or a deadlock: H2's lock timeout (HYT00), a serialization failure or deadlock
     * (40001, 40P01), PostgreSQL's lock not available (55P03); and SQLState class 08, the connection.
     */
    static boolean isTransient(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.equals("HYT00") || state.equals("40001") || state.equals("40P01") || state.equals("55P03")
                        || state.startsWith("08")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** True when the database could not be reached at all: trying again later may work. */
    boolean databaseUnreachable() {
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            // SQLState class 08: connection exception
            if (t instanceof SQLTransientConnectionException
                    || t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }
}
