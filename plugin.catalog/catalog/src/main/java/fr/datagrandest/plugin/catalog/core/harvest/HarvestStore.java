package fr.datagrandest.plugin.catalog.core.harvest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The harvest sources and the report of each run, in the catalogue's schema. */
public class HarvestStore {

    private final DataSource dataSource;
    private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public HarvestStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void create(HarvestSource s) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO harvest_source (id, name, protocol, url,"
                        + " interval_minutes, created_by, created_at) VALUES (?,?,?,?,?,?,?)")) {
            ps.setString(1, s.id());
            ps.setString(2, s.name());
            ps.setString(3, s.protocol());
            ps.setString(4, s.url());
            ps.setInt(5, s.intervalMinutes());
            ps.setString(6, s.createdBy());
            ps.setTimestamp(7, Timestamp.from(s.createdAt()));
            ps.executeUpdate();
        }
    }

    public List<HarvestSource> sources() throws SQLException {
        List<HarvestSource> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id, name, protocol, url, interval_minutes, created_by,"
                        + " created_at FROM harvest_source ORDER BY name, id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(source(rs));
            }
        }
        return out;
    }

    public Optional<HarvestSource> source(String id) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id, name, protocol, url, interval_minutes, created_by,"
                        + " created_at FROM harvest_source WHERE id=?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(source(rs)) : Optional.empty();
            }
        }
    }

    private static HarvestSource source(ResultSet rs) throws SQLException {
        return new HarvestSource(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                rs.getString(6), rs.getTimestamp(7).toInstant());
    }

    /** Removes the source and its reports (its records are removed by the caller, through the catalogue). */
    public boolean delete(String id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM harvest_run WHERE source_id=?")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM harvest_source WHERE id=?")) {
                ps.setString(1, id);
                return ps.executeUpdate() > 0;
            }
        }
    }

    /** Writes (or rewrites, when it ends) the report of a run. */
    public void saveRun(HarvestReport r) throws SQLException {
        String text;
        try {
            text = json.writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE harvest_run SET finished_at=?, report=? WHERE id=?")) {
                ps.setTimestamp(1, r.getFinishedAt() == null ? null : Timestamp.from(Instant.parse(r.getFinishedAt())));
                ps.setString(2, text);
                ps.setString(3, r.getId());
                if (ps.executeUpdate() > 0) {
                    return;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO harvest_run (id, source_id, started_at, finished_at,"
                    + " report) VALUES (?,?,?,?,?)")) {
                ps.setString(1, r.getId());
                ps.setString(2, r.getSourceId());
                ps.setTimestamp(3, Timestamp.from(r.started()));
                ps.setTimestamp(4, r.getFinishedAt() == null ? null : Timestamp.from(Instant.parse(r.getFinishedAt())));
                ps.setString(5, text);
                ps.executeUpdate();
            }
        }
    }

    /** The latest runs of a source, newest first. */
    public List<HarvestReport> runs(String sourceId, int limit) throws SQLException {
        List<HarvestReport> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT report FROM harvest_run WHERE source_id=?"
                        + " ORDER BY started_at DESC, id DESC")) {
            ps.setString(1, sourceId);
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && out.size() < limit) {
                    out.add(json.readValue(rs.getString(1), HarvestReport.class));
                }
            }
        } catch (JsonProcessingException e) {
            throw new SQLException("a stored harvest report cannot be read: " + e.getMessage(), e);
        }
        return out;
    }
}
