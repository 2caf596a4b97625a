package fr.datagrandest.plugin.catalog.core;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.sql.DataSource;

import org.apache.lucene.search.Query;
import org.apache.lucene.search.Sort;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.datagrandest.plugin.catalog.core.parse.MetadataParser;
import fr.datagrandest.plugin.catalog.core.parse.RefusedDocumentException;
import fr.datagrandest.plugin.catalog.core.record.CatalogRecord;
import fr.datagrandest.plugin.catalog.core.search.SearchIndex;
import fr.datagrandest.plugin.catalog.core.store.RecordStore;
import fr.datagrandest.plugin.catalog.core.store.StoredRecord;

/**
 * The catalogue: records in the database (the truth), the search index derived from them and kept in step on every
 * change, imports with a report, and the demo content loaded into an empty catalogue.
 */
@Component(service = CatalogService.class, configurationPid = CatalogConfiguration.PID)
@Designate(ocd = CatalogConfiguration.class)
public class CatalogService {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogService.class);

    private final RecordStore store;
    private final SearchIndex index;
    private final MetadataParser parser = new MetadataParser();
    private final CatalogConfiguration config;
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "catalogue-background");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<String> task = new AtomicReference<>("");
    private final AtomicInteger taskDone = new AtomicInteger();
    private final AtomicInteger taskTotal = new AtomicInteger();
    private final AtomicBoolean ready = new AtomicBoolean();
    private final BundleContext context;

    @Activate
    public CatalogService(@Reference(target = "(dge.storage.schema=catalog)") DataSource dataSource,
            BundleContext context, CatalogConfiguration config) throws IOException {
        this.context = context;
        this.config = config;
        this.store = new RecordStore(dataSource);
        Path folder = context.getDataFile("search-index").toPath();
        boolean existed = SearchIndex.exists(folder);
        Files.createDirectories(folder);
        this.index = new SearchIndex(folder);
        background.submit(() -> start(!existed));
    }

    /** For tests outside OSGi. */
    public CatalogService(DataSource dataSource, Path indexFolder, CatalogConfiguration config) throws IOException {
        this.context = null;
        this.config = config;
        this.store = new RecordStore(dataSource);
        boolean existed = SearchIndex.exists(indexFolder);
        Files.createDirectories(indexFolder);
        this.index = new SearchIndex(indexFolder);
        if (!existed || !index.layoutCurrent()) {
            rebuildIndex();
        }
        ready.set(true);
    }

    private void start(boolean rebuild) {
        try {
            int count = store.count();
            // an interrupted first load is finished at the next start (imports replace what is already there)
            boolean demoPending = "started".equals(store.setting("demo"));
            if ((count == 0 || demoPending) && config.loadDemoContent()) {
                if (rebuild || !index.layoutCurrent()) {
                    rebuildIndex();
                }
                loadDemoContent();
            } else if (rebuild || index.size() != count || !index.layoutCurrent()) {
                rebuildIndex();
            }
        } catch (Exception e) {
            LOG.error("The catalogue could not prepare its search index", e);
        } finally {
            ready.set(true);
            task.set("");
        }
    }

    @Deactivate
    void stop() throws IOException {
        background.shutdownNow();
        index.close();
    }

    public boolean ready() {
        return ready.get();
    }

    /** What runs in the background now ("" when idle) and how far it is. */
    public String task() {
        return task.get();
    }

    public int taskDone() {
        return taskDone.get();
    }

    public int taskTotal() {
        return taskTotal.get();
    }

    public int count() throws SQLException {
        return store.count();
    }

    public int indexed() throws IOException {
        return index.size();
    }

    /** Rebuilds the search index from the database. */
    public synchronized void rebuildIndex() throws IOException {
        try {
            task.set("reindex");
            taskDone.set(0);
            taskTotal.set(store.count());
            index.deleteAll();
            store.forEach(r -> {
                try {
                    index.index(r.record());
                    taskDone.incrementAndGet();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            index.commit();
            LOG.info("Catalogue search index rebuilt: {} records", taskDone.get());
        } catch (SQLException e) {
            throw new IOException("the records cannot be read from the database: " + e.getMessage(), e);
        } finally {
            task.set("");
        }
    }

    /** Imports one document; every record it holds is written, or none (the document is refused as a whole). */
    public void importDocument(String name, byte[] content, String user, ImportReport report) throws IOException {
        List<CatalogRecord> records;
        try {
            if (content.length > config.maxDocumentMiB() * 1024L * 1024L) {
                throw new RefusedDocumentException("the document is larger than " + config.maxDocumentMiB() + " MiB");
            }
            records = parser.parse(content, name);
        } catch (RefusedDocumentException e) {
            report.refused(name, e.getMessage());
            return;
        }
        String sha = sha256(content);
        List<String> ids = new ArrayList<>();
        boolean replaced = false;
        try {
            // one transaction for every record of the document: all are written or none
            for (RecordStore.Outcome outcome : store.saveAll(records, content, name, sha, user)) {
                replaced |= outcome == RecordStore.Outcome.UPDATED;
            }
        } catch (SQLException e) {
            LOG.warn("Records of {} not stored", name, e);
            report.refused(name, "the database refused the record: " + e.getMessage());
            return;
        }
        for (CatalogRecord r : records) {
            index.index(r);
            ids.add(r.identifier());
        }
        report.imported(name, ids, replaced);
    }

    /**
     * Writes the records a harvester derived from one remote document, all or none, tagged with their source and
     * the checksum the harvester compares next time (null: always read again); they are visible to searches after
     * {@link #commit()}.
     *
     * @return true when at least one of them replaced an existing record
     */
    public boolean saveHarvested(List<CatalogRecord> records, byte[] original, String name, String source,
            java.util.function.Function<CatalogRecord, String> checksum) throws SQLException, IOException {
        boolean replaced = false;
        for (RecordStore.Outcome outcome : store.saveAll(records, original, name, sha256(original), "harvest:" + source,
                source, checksum)) {
            replaced |= outcome == RecordStore.Outcome.UPDATED;
        }
        for (CatalogRecord r : records) {
            index.index(r);
        }
        return replaced;
    }

    /** Removes a record that came from that source (not one imported here since); visible after {@link #commit()}. */
    public boolean deleteHarvested(String identifier, String source) throws SQLException, IOException {
        boolean deleted = store.deleteHarvested(identifier, source);
        if (deleted) {
            index.delete(identifier);
        }
        return deleted;
    }

    /** The records harvested from a source, with the checksum of their last harvest. */
    public java.util.Map<String, String> harvested(String source) throws SQLException {
        return store.harvested(source);
    }

    /** How many records came from a harvest source. */
    public int harvestedCount(String source) throws SQLException {
        return store.countHarvested(source);
    }

    /** Where a record came from: empty when there is no such record, "" when imported here, else its source. */
    public Optional<String> provenance(String identifier) throws SQLException {
        return store.provenance(identifier);
    }

    /** Imports every file of a zip; directories, hidden files and macOS resource forks are skipped. */
    public void importZip(InputStream zip, String user, ImportReport report) throws IOException {
        long maxEntry = config.maxDocumentMiB() * 1024L * 1024L;
        int entries = 0;
        try (ZipInputStream in = new ZipInputStream(zip, StandardCharsets.UTF_8)) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                String name = entry.getName();
                String base = name.substring(name.lastIndexOf('/') + 1);
                if (entry.isDirectory() || base.isEmpty() || base.startsWith(".") || name.startsWith("__MACOSX/")) {
                    continue;
                }
                if (++entries > 100_000) {
                    report.refused(name, "a zip may hold at most 100000 files");
                    break;
                }
                byte[] content = readAtMost(in, maxEntry);
                if (content == null) {
                    report.refused(name, "the file is larger than " + config.maxDocumentMiB() + " MiB");
                    continue;
                }
                importDocument(name, content, user, report);
            }
        } catch (java.util.zip.ZipException e) {
            report.refused("(zip)", "the zip file is damaged: " + e.getMessage());
        }
        index.commit();
    }

    public void commit() throws IOException {
        index.commit();
    }

    static byte[] readAtMost(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16384];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > max) {
                return null;
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    public boolean delete(String identifier) throws SQLException, IOException {
        boolean deleted = store.delete(identifier);
        if (deleted) {
            index.delete(identifier);
            index.commit();
        }
        return deleted;
    }

    public Optional<StoredRecord> find(String identifier) throws SQLException {
        return store.find(identifier);
    }

    /** Every stored record, one at a time (for reports over the whole catalogue). */
    public void forEachRecord(java.util.function.Consumer<CatalogRecord> consumer) throws SQLException {
        store.forEach(stored -> consumer.accept(stored.record()));
    }

    public Optional<byte[]> original(String identifier) throws SQLException {
        return store.original(identifier);
    }

    public SearchIndex index() {
        return index;
    }

    public SearchIndex.Result search(Query query, Sort sort, int offset, int limit, int facetValues) throws IOException {
        return index.search(query, sort, offset, limit, facetValues);
    }

    public CatalogConfiguration configuration() {
        return config;
    }

    /** Loads the records shipped in the bundle (demo/MANIFEST.csv lists them) into the catalogue. */
    public ImportReport loadDemoContent() throws IOException {
        ImportReport report = new ImportReport();
        List<String> files = demoFiles();
        try {
            store.setSetting("demo", "started");
        } catch (SQLException e) {
            throw new IOException(e);
        }
        task.set("demo");
        taskDone.set(0);
        taskTotal.set(files.size());
        for (String file : files) {
            URL url = resource("demo/" + file);
            if (url == null) {
                report.refused(file, "listed in MANIFEST.csv but not shipped");
                continue;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new IOException("the demo content load was interrupted; it goes on at the next start");
            }
            try (InputStream in = url.openStream()) {
                importDocument(file, in.readAllBytes(), "demo", report);
            }
            taskDone.incrementAndGet();
        }
        index.commit();
        try {
            store.setSetting("demo", "loaded");
        } catch (SQLException e) {
            throw new IOException(e);
        }
        task.set("");
        LOG.info("Catalogue demo content: {} records imported, {} files refused", report.getImported(), report.getRefused());
        return report;
    }

    private URL resource(String path) {
        return context != null ? context.getBundle().getEntry(path) : CatalogService.class.getClassLoader().getResource(path);
    }

    /** The files of demo/MANIFEST.csv (first column), in order. */
    public List<String> demoFiles() throws IOException {
        URL manifest = resource("demo/MANIFEST.csv");
        if (manifest == null) {
            return List.of();
        }
        List<String> files = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(manifest.openStream(), StandardCharsets.UTF_8))) {
            r.readLine();
            String line;
            while ((line = r.readLine()) != null) {
                int comma = line.indexOf(',');
                if (comma > 0) {
                    files.add(line.substring(0, comma));
                }
            }
        }
        return files;
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
