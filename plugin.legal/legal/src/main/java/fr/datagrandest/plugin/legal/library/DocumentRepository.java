package fr.datagrandest.plugin.legal.library;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import javax.sql.DataSource;

/** The library's documents, versions and attachments in the plugin's schema (plain JDBC). */
public final class DocumentRepository {

    private final DataSource dataSource;

    public DocumentRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public long count() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM legal_document")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public boolean slugExists(String slug) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM legal_document WHERE slug = ?")) {
            ps.setString(1, slug);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Inserts the document and its first version in one transaction; returns its id. */
    public long insert(DocumentInput in, String slug, String by) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long id;
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO legal_document (slug, kind, title, summary, body, themes, audience, author, issued, licence, status, version, updated_at, updated_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,1,?,?)",
                        Statement.RETURN_GENERATED_KEYS)) {
                    ps.setString(1, slug);
                    fill(ps, in, 2);
                    ps.setObject(12, now());
                    ps.setString(13, by);
                    ps.executeUpdate();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                }
                insertVersion(c, id, 1, in.title(), in.summary(), in.body(), in.status(), by, "création");
                c.commit();
                return id;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Replaces the document's content and records a new version, in one transaction. */
    public void update(long id, DocumentInput in, int newVersion, String by, String note) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("UPDATE legal_document SET kind=?, title=?, summary=?, body=?, themes=?, audience=?, author=?, issued=?, licence=?, status=?, version=?, updated_at=?, updated_by=? WHERE id=?")) {
                    fill(ps, in, 1);
                    ps.setInt(11, newVersion);
                    ps.setObject(12, now());
                    ps.setString(13, by);
                    ps.setLong(14, id);
                    ps.executeUpdate();
                }
                insertVersion(c, id, newVersion, in.title(), in.summary(), in.body(), in.status(), by, note);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static void fill(PreparedStatement ps, DocumentInput in, int first) throws SQLException {
        ps.setString(first, in.kind());
        ps.setString(first + 1, in.title());
        ps.setString(first + 2, in.summary());
        ps.setString(first + 3, in.body());
        ps.setString(first + 4, String.join(",", in.themes()));
        ps.setString(first + 5, String.join(",", in.audience()));
        ps.setString(first + 6, in.author());
        ps.setDate(first + 7, Date.valueOf(in.issued()));
        ps.setString(first + 8, in.licence());
        ps.setString(first + 9, in.status());
    }

    private static void insertVersion(Connection c, long id, int version, String title, String summary, String body,
            String status, String by, String note) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO legal_document_version (document_id, version, title, summary, body, status, changed_at, changed_by, note) VALUES (?,?,?,?,?,?,?,?,?)")) {
            ps.setLong(1, id);
            ps.setInt(2, version);
            ps.setString(3, title);
            ps.setString(4, summary);
            ps.setString(5, body);
            ps.setString(6, status);
            ps.setObject(7, now());
            ps.setString(8, by);
            ps.setString(9, note.length() > 300 ? note.substring(0, 300) : note);
            ps.executeUpdate();
        }
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    public Optional<LegalDocument> find(long id) throws SQLException {
        return findBy("id = ?", ps -> set(ps, id));
    }

    public Optional<LegalDocument> findBySlug(String slug) throws SQLException {
        return findBy("slug = ?", ps -> set(ps, slug));
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private static Binder set(PreparedStatement ps, Object value) throws SQLException {
        ps.setObject(1, value);
        return null;
    }

    private Optional<LegalDocument> findBy(String where, Binder binder) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT * FROM legal_document WHERE " + where)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(read(rs, attachments(c, rs.getLong("id"))));
            }
        }
    }

    /** Every document with the text of its attachments, in batches, for rebuilding the index. */
    public void forEach(Consumer<LegalDocumentWithText> action) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT d.*, (SELECT STRING_AGG(a.extracted_text, ' ') FROM legal_attachment a WHERE a.document_id = d.id) AS all_text FROM legal_document d ORDER BY d.id")) {
            ps.setFetchSize(200);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String text = rs.getString("all_text");
                    action.accept(new LegalDocumentWithText(read(rs, List.of()), text == null ? "" : text));
                }
            }
        }
    }

    public record LegalDocumentWithText(LegalDocument document, String attachmentText) {
    }

    public String attachmentText(long documentId) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT extracted_text FROM legal_attachment WHERE document_id = ? ORDER BY id")) {
            ps.setLong(1, documentId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.append(rs.getString(1)).append('\n');
                }
            }
        }
        return out.toString();
    }

    private static LegalDocument read(ResultSet rs, List<LegalDocument.Attachment> attachments) throws SQLException {
        return new LegalDocument(rs.getLong("id"), rs.getString("slug"), rs.getString("kind"), rs.getString("title"),
                rs.getString("summary"), rs.getString("body"), split(rs.getString("themes")), split(rs.getString("audience")),
                rs.getString("author"), rs.getDate("issued").toLocalDate(), rs.getString("licence"), rs.getString("status"),
                rs.getInt("version"), rs.getObject("updated_at", OffsetDateTime.class).toInstant(), rs.getString("updated_by"),
                attachments);
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }

    private static List<LegalDocument.Attachment> attachments(Connection c, long documentId) throws SQLException {
        List<LegalDocument.Attachment> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, filename, media_type, size_bytes, sha256, pages FROM legal_attachment WHERE document_id = ? ORDER BY id")) {
            ps.setLong(1, documentId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new LegalDocument.Attachment(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.getString(5), rs.getInt(6)));
                }
            }
        }
        return out;
    }

    public List<LegalDocument.Version> versions(long id) throws SQLException {
        List<LegalDocument.Version> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT version, title, status, changed_at, changed_by, note FROM legal_document_version WHERE document_id = ? ORDER BY version DESC")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new LegalDocument.Version(rs.getInt(1), rs.getString(2), rs.getString(3),
                            rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5), rs.getString(6)));
                }
            }
        }
        return out;
    }

    /** Records an attachment; the file is already in the file store under {@code storeKey}. */
    public long insertAttachment(long documentId, String filename, AttachmentInspector.Inspected inspected, long size,
            String sha256, String storeKey, String by) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO legal_attachment (document_id, filename, media_type, size_bytes, sha256, store_key, pages, extracted_text, added_at, added_by) VALUES (?,?,?,?,?,?,?,?,?,?)",
                        Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, documentId);
            ps.setString(2, filename);
            ps.setString(3, inspected.mediaType());
            ps.setLong(4, size);
            ps.setString(5, sha256);
            ps.setString(6, storeKey);
            ps.setInt(7, inspected.pages());
            ps.setString(8, inspected.text());
            ps.setObject(9, now());
            ps.setString(10, by);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    public record StoredAttachment(long id, long documentId, String filename, String mediaType, String storeKey) {
    }

    public Optional<StoredAttachment> attachment(long documentId, long attachmentId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id, document_id, filename, media_type, store_key FROM legal_attachment WHERE id = ? AND document_id = ?")) {
            ps.setLong(1, attachmentId);
            ps.setLong(2, documentId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new StoredAttachment(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                        : Optional.empty();
            }
        }
    }

    public boolean deleteAttachment(long attachmentId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM legal_attachment WHERE id = ?")) {
            ps.setLong(1, attachmentId);
            return ps.executeUpdate() == 1;
        }
    }

    static Instant instant(OffsetDateTime time) {
        return time.toInstant();
    }
}
