package fr.datagrandest.plugin.legal.library;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import fr.datagrandest.platform.api.storage.FileStore;
import fr.datagrandest.plugin.legal.LegalConfiguration;

/**
 * The resource library: documents in the database, attachments in the file store, text in the Lucene index.
 * The index is rebuilt from the database when the bundle starts (each node keeps its own).
 */
@Component(service = LegalLibrary.class, configurationPid = LegalConfiguration.PID)
@Designate(ocd = LegalConfiguration.class)
public class LegalLibrary {

    private static final Logger LOG = LoggerFactory.getLogger(LegalLibrary.class);

    private final DocumentRepository repository;
    private final FileStore files;
    private final DocumentIndex index;
    private final AttachmentInspector inspector;
    private final LegalConfiguration configuration;
    private final Path temporary;
    private final AtomicLong indexed = new AtomicLong();
    private volatile boolean indexReady;

    @Activate
    public LegalLibrary(@Reference(target = "(dge.storage.schema=legal)") DataSource dataSource,
            @Reference FileStore files, LegalConfiguration configuration, BundleContext context) throws IOException, SQLException {
        this.repository = new DocumentRepository(dataSource);
        this.files = files;
        this.configuration = configuration;
        this.inspector = new AttachmentInspector(configuration.maxUncompressedMiB() * 1024L * 1024L);
        Path data = context.getDataFile("").toPath();
        this.temporary = Files.createDirectories(data.resolve("uploads"));
        Path indexFolder = Files.createDirectories(data.resolve("index"));
        this.index = new DocumentIndex(indexFolder);
        if (configuration.starterContent() && repository.count() == 0) {
            loadStarterDocuments();
        }
        rebuildIndex();
    }

    @Deactivate
    void close() throws IOException {
        index.close();
    }

    public LegalConfiguration configuration() {
        return configuration;
    }

    public Path temporaryFolder() {
        return temporary;
    }

    public boolean indexReady() {
        return indexReady;
    }

    public long indexedDocuments() {
        return indexed.get();
    }

    /** Empties the index and fills it again from the database. */
    public synchronized void rebuildIndex() throws IOException, SQLException {
        indexReady = false;
        indexed.set(0);
        index.removeAll();
        try {
            repository.forEach(entry -> {
                try {
                    index.put(entry.document(), entry.attachmentText());
                    indexed.incrementAndGet();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        index.commit();
        indexReady = true;
        LOG.info("Legal library index rebuilt: {} documents", indexed.get());
    }

    private void loadStarterDocuments() throws IOException, SQLException {
        ObjectMapper mapper = JsonMapper.builder().addModule(new JavaTimeModule()).build();
        try (InputStream in = LegalLibrary.class.getResourceAsStream("/starter/documents.json")) {
            if (in == null) {
                return;
            }
            List<DocumentInput> documents = mapper.readValue(in, new TypeReference<List<DocumentInput>>() { });
            for (DocumentInput document : documents) {
                DocumentInput valid = document.validated();
                repository.insert(valid, valid.slug() != null ? valid.slug() : slugFor(valid.title()), "équipe juridique");
            }
            LOG.info("Legal library: {} starter documents loaded", documents.size());
        }
    }

    public DocumentIndex.SearchResult search(String text, Map<String, List<String>> filters, boolean editor, int offset, int limit)
            throws IOException {
        List<String> statuses = editor ? List.of("draft", "published", "archived") : List.of("published");
        if (editor && filters.containsKey("status")) {
            statuses = filters.get("status").stream().filter(LegalDocument.STATUSES::contains).toList();
        }
        Map<String, List<String>> facetFilters = new java.util.LinkedHashMap<>(filters);
        facetFilters.remove("status");
        return index.search(new DocumentIndex.SearchRequest(text, facetFilters, statuses, offset, limit));
    }

    public Optional<LegalDocument> find(long id) throws SQLException {
        return repository.find(id);
    }

    public Optional<LegalDocument> findBySlug(String slug) throws SQLException {
        return repository.findBySlug(slug);
    }

    public List<LegalDocument.Version> versions(long id) throws SQLException {
        return repository.versions(id);
    }

    public LegalDocument create(DocumentInput input, String by) throws SQLException, IOException {
        DocumentInput valid = input.validated();
        String slug = valid.slug() != null ? valid.slug() : slugFor(valid.title());
        if (repository.slugExists(slug)) {
            if (valid.slug() != null) {
                throw new IllegalStateException("a document with the slug '" + slug + "' exists already");
            }
            slug = slug.length() > 100 ? slug.substring(0, 100) : slug;
            slug = slug + "-" + UUID.randomUUID().toString().substring(0, 8);
        }
        long id = repository.insert(valid, slug, by);
        return reindex(id);
    }

    /** Changes a document; the status may only move draft → published → archived (and back to published). */
    public LegalDocument update(LegalDocument current, DocumentInput input, String by) throws SQLException, IOException {
        DocumentInput valid = input.validated();
        String from = current.status();
        String to = input.status() == null ? from : valid.status();
        boolean allowed = from.equals(to) || from.equals("draft") && to.equals("published")
                || from.equals("published") && to.equals("archived") || from.equals("archived") && to.equals("published")
                || from.equals("draft") && to.equals("archived");
        if (!allowed) {
            throw new IllegalStateException("a " + from + " document cannot go back to " + to
                    + " (draft → published → archived; an archived document can be published again)");
        }
        DocumentInput kept = new DocumentInput(current.slug(), valid.kind(), valid.title(), valid.summary(), valid.body(),
                valid.themes(), valid.audience(), valid.author(), valid.issued(), valid.licence(), to);
        String note = from.equals(to) ? "modification" : from + " → " + to;
        repository.update(current.id(), kept, current.version() + 1, by, note);
        return reindex(current.id());
    }

    private LegalDocument reindex(long id) throws SQLException, IOException {
        LegalDocument document = repository.find(id).orElseThrow();
        index.put(document, repository.attachmentText(id));
        index.commit();
        return document;
    }

    /**
     * Checks the uploaded temporary file, stores it and records it: either everything is done, or nothing
     * stays (the file is removed from the store when the database refuses the record).
     */
    public LegalDocument attach(LegalDocument document, Path upload, String filename, String by)
            throws UploadRefused, IOException, SQLException {
        String clean = cleanFilename(filename);
        AttachmentInspector.Inspected inspected = inspector.inspect(upload, clean);
        String key = "attachments/" + document.id() + "/" + UUID.randomUUID() + "." + inspected.extension();
        String sha256;
        long size;
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(upload), sha256())) {
            size = files.put(key, in);
            sha256 = HexFormat.of().formatHex(in.getMessageDigest().digest());
        }
        try {
            repository.insertAttachment(document.id(), clean, inspected, size, sha256, key, by);
        } catch (SQLException | RuntimeException e) {
            files.delete(key);
            throw e;
        }
        return reindex(document.id());
    }

    public Optional<InputStream> open(DocumentRepository.StoredAttachment attachment) throws IOException {
        return files.open(attachment.storeKey());
    }

    public Optional<DocumentRepository.StoredAttachment> attachment(long documentId, long attachmentId) throws SQLException {
        return repository.attachment(documentId, attachmentId);
    }

    public LegalDocument detach(DocumentRepository.StoredAttachment attachment) throws SQLException, IOException {
        repository.deleteAttachment(attachment.id());
        files.delete(attachment.storeKey());
        return reindex(attachment.documentId());
    }

    /** A file name safe to show and to send back: no folders, no control characters, at most 150 characters. */
    static String cleanFilename(String filename) throws UploadRefused {
        if (filename == null || filename.isBlank()) {
            throw new UploadRefused(400, "the query parameter 'filename' is required (for example ?filename=guide.pdf)");
        }
        String name = filename.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}\"<>]", "").strip();
        if (name.isEmpty() || name.length() > 150) {
            throw new UploadRefused(400, "the file name must have 1 to 150 characters");
        }
        return name;
    }

    static String slugFor(String title) {
        String ascii = Normalizer.normalize(title, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
        String slug = ascii.replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        if (slug.isEmpty()) {
            slug = "document";
        }
        return slug.length() > 80 ? slug.substring(0, 80).replaceAll("-$", "") : slug;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
