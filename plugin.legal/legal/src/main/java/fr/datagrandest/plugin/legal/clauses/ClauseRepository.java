package fr.datagrandest.plugin.legal.clauses;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Clauses and their versions (a version never changes once written), and the record of assembled documents. */
public final class ClauseRepository {

    private final DataSource dataSource;
    private final ObjectMapper json = new ObjectMapper();

    public ClauseRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public long count() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM legal_clause")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The current version of every clause, by category then title. */
    public List<Clause> current() throws SQLException {
        return query("SELECT v.* FROM legal_clause c JOIN legal_clause_version v ON v.clause_id = c.id AND v.version = c.current_version ORDER BY v.category, v.title");
    }

    public Optional<Clause> current(String id) throws SQLException {
        return query("SELECT v.* FROM legal_clause c JOIN legal_clause_version v ON v.clause_id = c.id AND v.version = c.current_version WHERE c.id = ?", id)
                .stream().findFirst();
    }

    public Optional<Clause> version(String id, int version) throws SQLException {
        return query("SELECT * FROM legal_clause_version WHERE clause_id = ? AND version = " + version, id).stream().findFirst();
    }

    public List<Clause> versions(String id) throws SQLException {
        return query("SELECT * FROM legal_clause_version WHERE clause_id = ? ORDER BY version DESC", id);
    }

    private List<Clause> query(String sql, String... parameters) throws SQLException {
        List<Clause> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Clause(rs.getString("clause_id"), rs.getInt("version"), rs.getString("title"), rs.getString("category"),
                            rs.getString("body"), alternatives(rs.getString("alternatives")), rs.getString("commentary"),
                            rs.getObject("changed_at", OffsetDateTime.class).toInstant(), rs.getString("changed_by")));
                }
            }
        }
        return out;
    }

    private List<Clause.Alternative> alternatives(String text) throws SQLException {
        try {
            return json.readValue(text, new TypeReference<List<Clause.Alternative>>() { });
        } catch (JsonProcessingException e) {
            throw new SQLException("stored alternatives are not valid JSON", e);
        }
    }

    /** Writes a new version (1 for a new clause) in one transaction and returns it. */
    public Clause write(ClauseInput in, String id, String by, boolean mustBeNew) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int version;
                try (PreparedStatement ps = c.prepareStatement("SELECT current_version FROM legal_clause WHERE id = ? FOR UPDATE")) {
                    ps.setString(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        version = rs.next() ? rs.getInt(1) + 1 : 1;
                    }
                }
                if (mustBeNew && version != 1) {
                    throw new IllegalStateException("a clause with the id '" + id + "' exists already");
                }
                if (!mustBeNew && version == 1) {
                    throw new java.util.NoSuchElementException("no clause '" + id + "'");
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO legal_clause_version (clause_id, version, title, category, body, alternatives, commentary, changed_at, changed_by) VALUES (?,?,?,?,?,?,?,?,?)")) {
                    if (version == 1) {
                        try (PreparedStatement head = c.prepareStatement("INSERT INTO legal_clause (id, current_version) VALUES (?, 1)")) {
                            head.setString(1, id);
                            head.executeUpdate();
                        }
                    }
                    ps.setString(1, id);
                    ps.setInt(2, version);
                    ps.setString(3, in.title());
                    ps.setString(4, in.category());
                    ps.setString(5, in.body());
                    ps.setString(6, json.writeValueAsString(in.alternatives()));
                    ps.setString(7, in.commentary());
                    ps.setObject(8, OffsetDateTime.now(ZoneOffset.UTC));
                    ps.setString(9, by);
                    ps.executeUpdate();
                } catch (JsonProcessingException e) {
                    throw new SQLException(e);
                }
                if (version > 1) {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE legal_clause SET current_version = ? WHERE id = ?")) {
                        ps.setInt(1, version);
                        ps.setString(2, id);
                        ps.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return current(id).orElseThrow();
    }

    /** Records an assembled document; returns its id. */
    public long recordAssembly(String modelId, String title, String clausesUsed, String variables, String markdown, String by)
            throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO legal_assembly (model_id, title, clauses_used, variables, markdown, created_at, created_by) VALUES (?,?,?,?,?,?,?)",
                        Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, modelId);
            ps.setString(2, title);
            ps.setString(3, clausesUsed);
            ps.setString(4, variables);
            ps.setString(5, markdown);
            ps.setObject(6, OffsetDateTime.now(ZoneOffset.UTC));
            ps.setString(7, by);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    public record StoredAssembly(long id, String modelId, String title, String clausesUsed, String variables, OffsetDateTime createdAt,
            String createdBy) {
    }

    public Optional<StoredAssembly> assembly(long id) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id, model_id, title, clauses_used, variables, created_at, created_by FROM legal_assembly WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new StoredAssembly(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getObject(6, OffsetDateTime.class), rs.getString(7))) : Optional.empty();
            }
        }
    }
}
