package ${package};

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The notes of this plugin, kept in its own database schema (created by the kernel from
 * {@code DGE-Storage-Schema} in bnd.bnd, tables from {@code db/migration/V1__create_notes.sql}).
 * <p>
 * A DS component: the framework creates it once its DataSource exists, and removes it when the DataSource goes
 * (for example while the database is being reconfigured), together with everything that uses it.
 */
@Component(service = NoteStore.class)
public class NoteStore {

    static final int MAX_TITLE = 200;

    private final DataSource dataSource;

    @Activate
    public NoteStore(@Reference(target = "(dge.storage.schema=${pluginName})") DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The latest notes first. */
    public List<Note> latest(int limit) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT id, title, body, created_at FROM note ORDER BY id DESC LIMIT ?")) {
            s.setInt(1, limit);
            List<Note> notes = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    notes.add(new Note(r.getLong(1), r.getString(2), r.getString(3), r.getTimestamp(4).toInstant()));
                }
            }
            return notes;
        }
    }

    /** Stores a note; title and body must already be checked. */
    public Note add(String title, String body) throws SQLException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "INSERT INTO note (title, body, created_at) VALUES (?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            s.setString(1, title);
            s.setString(2, body);
            s.setTimestamp(3, Timestamp.from(now));
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return new Note(keys.getLong(1), title, body, now);
            }
        }
    }

    /** How many notes there are; also tells whether the database answers. */
    public long count() throws SQLException {
        try (Connection c = dataSource.getConnection();
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM note")) {
            r.next();
            return r.getLong(1);
        }
    }
}
