package fr.datagrandest.plugin.legal.questions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.net.ssl.SSLSocketFactory;
import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.datagrandest.platform.api.storage.FileStore;
import fr.datagrandest.plugin.legal.LegalConfiguration;
import fr.datagrandest.plugin.legal.library.AttachmentInspector;
import fr.datagrandest.plugin.legal.library.UploadRefused;

/**
 * Legal questions: partners ask (with attachments), the legal team answers and may publish the answer as a
 * FAQ entry linked to documents and clauses. E-mail notifications go out when an SMTP server is configured;
 * a failed e-mail is logged and never undoes the question or the answer.
 */
@Component(service = QuestionDesk.class, configurationPid = LegalConfiguration.PID)
public class QuestionDesk {

    private static final Logger LOG = LoggerFactory.getLogger(QuestionDesk.class);

    private final DataSource dataSource;
    private final FileStore files;
    private final LegalConfiguration configuration;
    private final Mailer mailer;
    private final AttachmentInspector inspector;
    private final ExecutorService mail = Executors.newSingleThreadExecutor(r -> new Thread(r, "legal-mail"));

    @Activate
    public QuestionDesk(@Reference(target = "(dge.storage.schema=legal)") DataSource dataSource, @Reference FileStore files,
            LegalConfiguration configuration) {
        this.dataSource = dataSource;
        this.files = files;
        this.configuration = configuration;
        this.mailer = mailer(configuration);
        this.inspector = new AttachmentInspector(configuration.maxUncompressedMiB() * 1024L * 1024L);
    }

    /**
     * The mailer the configuration describes. A wrong SMTP setting disables e-mail with an error in the log that
     * names it, rather than taking the questions down: e-mails are optional.
     */
    static Mailer mailer(LegalConfiguration c) {
        try {
            Mailer.Security security = Mailer.Security.parse(c.smtpTls());
            String store = c.smtpTrustStore() == null ? "" : c.smtpTrustStore().strip();
            SSLSocketFactory tls = security == Mailer.Security.NONE ? null
                    : Mailer.trusting(store.isEmpty() ? null : Path.of(store), c.smtpTrustStorePassword());
            return new Mailer(new Mailer.Settings(c.smtpHost(), c.smtpPort(), c.smtpFrom(), security, c.smtpUser(), c.smtpPassword(), tls));
        } catch (IllegalArgumentException | IOException | GeneralSecurityException e) {
            LOG.error("E-mail notifications are off: the SMTP configuration of {} is not usable: {}", LegalConfiguration.PID, e.getMessage());
            return new Mailer("", 0, c.smtpFrom());
        }
    }

    @Deactivate
    void stop() {
        mail.shutdown();
    }

    public LegalConfiguration configuration() {
        return configuration;
    }

    public long ask(String title, String body, String email, String by) throws SQLException {
        List<String> faults = new ArrayList<>();
        if (title == null || title.isBlank() || title.length() > 300) {
            faults.add("title is required (at most 300 characters)");
        }
        if (body == null || body.isBlank() || body.length() > 20_000) {
            faults.add("body is required (at most 20000 characters)");
        }
        if (email != null && !email.isBlank() && !Mailer.validAddress(email.strip())) {
            faults.add("email is not a valid address");
        }
        if (!faults.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", faults));
        }
        String contact = email == null ? "" : email.strip();
        long id;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO legal_question (title, body, asked_by, contact_email, asked_at, status, answer, answered_by, faq, related_documents, related_clauses) VALUES (?,?,?,?,?,'open','','',FALSE,'','')",
                        Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, title.strip());
            ps.setString(2, body.strip());
            ps.setString(3, by);
            ps.setString(4, contact);
            ps.setObject(5, OffsetDateTime.now(ZoneOffset.UTC));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        notify(configuration.teamAddress(), "Nouvelle question juridique n° " + id + " : " + title.strip(),
                by + " a posé une question :\n\n" + title.strip() + "\n\n" + body.strip() + "\n\nRépondre : /legal/questions\n");
        return id;
    }

    public void attach(Question question, Path upload, String filename) throws UploadRefused, IOException, SQLException {
        String name = filename == null ? "" : filename.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}\"<>]", "").strip();
        if (name.isEmpty() || name.length() > 150) {
            throw new UploadRefused(400, "the query parameter 'filename' is required (1 to 150 characters)");
        }
        AttachmentInspector.Inspected inspected = inspector.inspect(upload, name);
        String key = "questions/" + question.id() + "/" + UUID.randomUUID() + "." + inspected.extension();
        long size;
        try (InputStream in = Files.newInputStream(upload)) {
            size = files.put(key, in);
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO legal_question_attachment (question_id, filename, media_type, size_bytes, store_key, added_at) VALUES (?,?,?,?,?,?)")) {
            ps.setLong(1, question.id());
            ps.setString(2, name);
            ps.setString(3, inspected.mediaType());
            ps.setLong(4, size);
            ps.setString(5, key);
            ps.setObject(6, OffsetDateTime.now(ZoneOffset.UTC));
            ps.executeUpdate();
        } catch (SQLException | RuntimeException e) {
            files.delete(key);
            throw e;
        }
    }

    public Optional<InputStream> openAttachment(long questionId, long attachmentId, String[] nameAndType) throws SQLException, IOException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT filename, media_type, store_key FROM legal_question_attachment WHERE id = ? AND question_id = ?")) {
            ps.setLong(1, attachmentId);
            ps.setLong(2, questionId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                nameAndType[0] = rs.getString(1);
                nameAndType[1] = rs.getString(2);
                return files.open(rs.getString(3));
            }
        }
    }

    /** Answers (or corrects the answer); the asker is told by e-mail when an address was given. */
    public Question answer(Question question, String answer, boolean faq, List<String> documents, List<String> clauses, String by)
            throws SQLException {
        if (answer == null || answer.isBlank() || answer.length() > 50_000) {
            throw new IllegalArgumentException("answer is required (at most 50000 characters)");
        }
        List<String> docs = links(documents, "documents");
        List<String> cls = links(clauses, "clauses");
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE legal_question SET status='answered', answer=?, answered_by=?, answered_at=?, faq=?, related_documents=?, related_clauses=? WHERE id=?")) {
            ps.setString(1, answer.strip());
            ps.setString(2, by);
            ps.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
            ps.setBoolean(4, faq);
            ps.setString(5, String.join(",", docs));
            ps.setString(6, String.join(",", cls));
            ps.setLong(7, question.id());
            ps.executeUpdate();
        }
        notify(question.contactEmail(), "Réponse à votre question juridique : " + question.title(),
                "Bonjour,\n\nVotre question « " + question.title() + " » a reçu une réponse de l'équipe juridique :\n\n" + answer.strip()
                        + "\n\nCordialement,\nL'équipe juridique DataGrandEst\n");
        return find(question.id()).orElseThrow();
    }

    private static List<String> links(List<String> values, String name) {
        List<String> out = new ArrayList<>();
        for (String value : values == null ? List.<String>of() : values) {
            if (value == null || !value.matches("[a-z0-9][a-z0-9-]{0,118}")) {
                throw new IllegalArgumentException(name + " are identifiers of lower-case letters, digits and '-'");
            }
            out.add(value);
        }
        return out;
    }

    private void notify(String to, String subject, String text) {
        if (!mailer.enabled() || to == null || to.isBlank()) {
            return;
        }
        mail.submit(() -> {
            try {
                mailer.send(to, subject, text);
            } catch (IOException | RuntimeException e) {
                LOG.warn("Legal questions: the e-mail to {} could not be sent: {}", to.toLowerCase(Locale.ROOT), e.getMessage());
            }
        });
    }

    public Optional<Question> find(long id) throws SQLException {
        List<Question> found = query("WHERE id = " + id);
        return found.stream().findFirst();
    }

    /** The caller's own questions, or every question for the legal team. */
    public List<Question> list(String askedBy) throws SQLException {
        if (askedBy == null) {
            return query("ORDER BY id DESC");
        }
        List<Question> out = new ArrayList<>();
        for (Question q : query("ORDER BY id DESC")) {
            if (q.askedBy().equals(askedBy)) {
                out.add(q);
            }
        }
        return out;
    }

    public List<Question> faq() throws SQLException {
        return query("WHERE faq = TRUE AND status = 'answered' ORDER BY answered_at DESC");
    }

    private List<Question> query(String where) throws SQLException {
        List<Question> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM legal_question " + where)) {
            while (rs.next()) {
                OffsetDateTime answered = rs.getObject("answered_at", OffsetDateTime.class);
                out.add(new Question(rs.getLong("id"), rs.getString("title"), rs.getString("body"), rs.getString("asked_by"),
                        rs.getString("contact_email"), rs.getObject("asked_at", OffsetDateTime.class).toInstant(), rs.getString("status"),
                        rs.getString("answer"), rs.getString("answered_by"), answered == null ? null : answered.toInstant(),
                        rs.getBoolean("faq"), split(rs.getString("related_documents")), split(rs.getString("related_clauses")),
                        attachments(c, rs.getLong("id"))));
            }
        }
        return out;
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }

    private static List<Question.Attachment> attachments(Connection c, long id) throws SQLException {
        List<Question.Attachment> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, filename, media_type, size_bytes FROM legal_question_attachment WHERE question_id = ? ORDER BY id")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Question.Attachment(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
                }
            }
        }
        return out;
    }
}
