package fr.datagrandest.plugin.catalog.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.datagrandest.plugin.catalog.core.record.CatalogRecord;

/** The catalogue's table: one row per record, original document and derived fields written in one statement. */
public class RecordStore {

    private final DataSource dataSource;
    private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public RecordStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public enum Outcome { CREATED, UPDATED }

    /** Creates or replaces the record in one transaction: a failure leaves the previous state untouched. */
    public Outcome save(CatalogRecord record, byte[] original, String originalName, String sha256, String user)
            throws SQLException {
        return saveAll(java.util.List.of(record), original, originalName, sha256, user).get(0);
    }

    /**
     * Creates or replaces the records of one document in a single transaction: all of them are written, or none
     * (the previous versions stay as they were).
     */
    public java.util.List<Outcome> saveAll(java.util.List<CatalogRecord> records, byte[] original, String originalName,
            String sha256, String user) throws SQLException {
        return saveAll(records, original, originalName, sha256, user, null, r -> null);
    }

    /**
     * The same for harvested records: {@code harvestSource} names the source they came from (null for a record
     * imported here), {@code harvestChecksum} what the harvester compares to skip unchanged records.
     */
    public java.util.List<Outcome> saveAll(java.util.List<CatalogRecord> records, byte[] original, String originalName,
            String sha256, String user, String harvestSource,
            java.util.function.Function<CatalogRecord, String> harvestChecksum) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        java.util.List<Outcome> outcomes = new java.util.ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement update = c.prepareStatement("UPDATE record SET standard=?, title=?, resource_type=?,"
                    + " organisation=?, date_stamp=?, west=?, south=?, east=?, north=?, derived=?, original=?,"
                    + " original_name=?, original_sha256=?, imported_by=?, harvest_source=?, harvest_checksum=?, updated_at=?"
                    + " WHERE identifier=?");
                    PreparedStatement insert = c.prepareStatement("INSERT INTO record (standard, title, resource_type,"
                            + " organisation, date_stamp, west, south, east, north, derived, original, original_name,"
                            + " original_sha256, imported_by, harvest_source, harvest_checksum, created_at, updated_at,"
                            + " identifier) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                for (CatalogRecord record : records) {
                    String derived = write(record);
                    int i = bind(update, record, derived, original, originalName, sha256, user);
                    update.setString(i++, harvestSource);
                    update.setString(i++, harvestChecksum.apply(record));
                    update.setTimestamp(i++, now);
                    update.setString(i, record.identifier());
                    if (update.executeUpdate() > 0) {
                        outcomes.add(Outcome.UPDATED);
                        continue;
                    }
                    i = bind(insert, record, derived, original, originalName, sha256, user);
                    insert.setString(i++, harvestSource);
                    insert.setString(i++, harvestChecksum.apply(record));
                    insert.setTimestamp(i++, now);
                    insert.setTimestamp(i++, now);
                    insert.setString(i, record.identifier());
                    insert.executeUpdate();
                    outcomes.add(Outcome.CREATED);
                }
                c.commit();
                return outcomes;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }

    private int bind(PreparedStatement ps, CatalogRecord r, String derived, byte[] original, String originalName,
            String sha256, String user) throws SQLException {
        int i = 1;
        ps.setString(i++, r.standard());
        ps.setString(i++, r.title());
        ps.setString(i++, r.resourceType());
        ps.setString(i++, r.organisation());
        ps.setString(i++, r.dateStamp());
        for (Double d : r.bbox() == null ? new Double[4]
                : new Double[] {r.bbox().west(), r.bbox().south(), r.bbox().east(), r.bbox().north()}) {
            if (d == null) {
                ps.setNull(i++, Types.DOUBLE);
            } else {
                ps.setDouble(i++, d);
            }
        }
        ps.setString(i++, derived);
        ps.setBytes(i++, original);
        ps.setString(i++, originalName);
        ps.setString(i++, sha256);
        ps.setString(i++, user);
        return i;
    }

    /** A flag of the catalogue itself (such as "the demo content was loaded completely"). */
    public String setting(String key) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT setting_value FROM catalog_setting WHERE setting_key=?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    public void setSetting(String key, String value) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM catalog_setting WHERE setting_key=?")) {
                ps.setString(1, key);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO catalog_setting (setting_key, setting_value) VALUES (?, ?)")) {
                ps.setString(1, key);
                ps.setString(2, value);
                ps.executeUpdate();
            }
        }
    }

    public boolean delete(String identifier) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM record WHERE identifier=?")) {
            ps.setString(1, identifier);
            return ps.executeUpdate() > 0;
        }
    }

    public Optional<StoredRecord> find(String identifier) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT derived, original_name, original_sha256, created_at,"
                        + " updated_at, harvest_source FROM record WHERE identifier=?")) {
            ps.setString(1, identifier);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(stored(rs)) : Optional.empty();
            }
        }
    }

    public Optional<byte[]> original(String identifier) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT original FROM record WHERE identifier=?")) {
            ps.setString(1, identifier);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        }
    }

    public int count() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM record");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Streams every record (for rebuilding the search index) without holding them all in memory. */
    public void forEach(Consumer<StoredRecord> consumer) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
            try (PreparedStatement ps = c.prepareStatement("SELECT derived, original_name, original_sha256,"
                    + " created_at, updated_at, harvest_source FROM record ORDER BY identifier")) {
                ps.setFetchSize(500);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        consumer.accept(stored(rs));
                    }
                }
            } finally {
                c.commit();
                c.setAutoCommit(auto);
            }
        }
    }

    /** The records that came from one harvest source: identifier and the checksum of their last harvest. */
    public java.util.Map<String, String> harvested(String source) throws SQLException {
        java.util.Map<String, String> out = new java.util.HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT identifier, harvest_checksum FROM record WHERE harvest_source=?")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    /** How many records came from one harvest source. */
    public int countHarvested(String source) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM record WHERE harvest_source=?")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Where a record came from: empty if there is no such record, "" for a record imported here, else the source. */
    public Optional<String> provenance(String identifier) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT harvest_source FROM record WHERE identifier=?")) {
            ps.setString(1, identifier);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1) == null ? "" : rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Deletes a record only if it came from that source (a record imported here meanwhile stays). */
    public boolean deleteHarvested(String identifier, String source) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM record WHERE identifier=? AND harvest_source=?")) {
            ps.setString(1, identifier);
            ps.setString(2, source);
            return ps.executeUpdate() > 0;
        }
    }

    public List<String> identifiers() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT identifier FROM record ORDER BY identifier");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private StoredRecord stored(ResultSet rs) throws SQLException {
        return new StoredRecord(read(rs.getString(1)), rs.getString(2), rs.getString(3),
                rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant(), rs.getString(6));
    }

    public String write(CatalogRecord record) {
        try {
            return json.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public CatalogRecord read(String derived) {
        try {
            return json.readValue(derived, CatalogRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored record cannot be read back: " + e.getMessage(), e);
        }
    }
}
