package fr.datagrandest.plugin.directory;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The search index of this node: a Lucene index in memory of every person and organisation, fed from the
 * database. Scanning {@code search_text} with {@code LIKE} read every row (a CLOB each) twice per request, seconds
 * at 100,000 people; the index answers the count and one page with the filters of the API in milliseconds.
 *
 * <p>It holds the public fields only (the {@code search_text} built from name, job title, organisation, roles,
 * territory and collèges, never an e-mail or a phone), so a reader cannot find anybody by a private field. Words
 * are normalised by {@link FrenchText#key} (case, accents, ligatures, hyphens, apostrophes) on both sides, and a
 * query word matches an entry when it begins one of its words ("réf mos" finds "Référent … Moselle"): French
 * stemming is left out on purpose, as most words are names and a prefix already covers plurals.
 *
 * <p>It is built from the database in the background at start and on demand ({@link #rebuild}); until it is
 * built the callers answer from the database with the same matching. Every committed write of this node updates
 * the entries it touched before the write returns ({@link #update}), so an editor finds their change at once. On a
 * database other nodes may share (not the embedded H2), it is also rebuilt periodically for their writes.
 */
final class SearchIndex implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SearchIndex.class);

    private static final String KEY = "key";
    private static final String KIND = "kind";
    private static final String WORD = "word";
    private static final String NAME = "name";
    private static final String ID = "id";
    private static final String COLLEGE = "college";
    private static final String ROLE = "role";
    private static final String ORGANISATION = "organisation";
    private static final String TYPE = "type";
    private static final String TERRITORY = "territory";
    private static final String TERRITORY_CODE = "territoryCode";
    private static final String PERSON = "person";
    private static final String ORG = "org";
    private static final Sort BY_NAME = new Sort(new SortField(NAME, SortField.Type.STRING),
            new SortField(ID, SortField.Type.LONG));
    /** Ids read per query when the entries of a write are loaded again. */
    private static final int CHUNK = 1000;

    /** The ids of one result page and the number of matches. */
    record Hits(long total, List<Long> ids) {
    }

    /** What one index holds: its writer and the searchers on it. */
    private record Live(ByteBuffersDirectory directory, IndexWriter writer, SearcherManager searchers) {
        void close() {
            try {
                searchers.close();
                writer.close();
                directory.close();
            } catch (IOException e) {
                LOG.debug("closing a directory search index: {}", e.getMessage());
            }
        }
    }

    private final DataSource dataSource;
    private final AtomicBoolean rebuilding = new AtomicBoolean();
    private volatile Live live;
    /** While a rebuild reads the database: the entries written meanwhile, applied again to the new index. */
    private Set<Long> peopleWrittenDuringRebuild;
    private Set<Long> organisationsWrittenDuringRebuild;
    private volatile boolean closed;
    private volatile Thread periodic;

    SearchIndex(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    boolean ready() {
        return live != null;
    }

    // ------------------------------------------------------------------ search

    /** People matching every word and filter, by name then id; null until the index is built. */
    Hits searchPeople(List<String> words, String college, String role, Long organisationId, int offset, int limit) {
        BooleanQuery.Builder q = query(PERSON, words);
        filter(q, COLLEGE, college);
        filter(q, ROLE, role);
        filter(q, ORGANISATION, organisationId == null ? null : organisationId.toString());
        return page(q.build(), offset, limit);
    }

    /**
     * Organisations matching every word and filter: those named exactly like the query first, then those whose
     * name starts with it, then by name (as the SQL ordering did); null until the index is built.
     */
    Hits searchOrganisations(List<String> words, String college, String type, String territory, int offset, int limit) {
        BooleanQuery.Builder q = query(ORG, words);
        filter(q, COLLEGE, college);
        filter(q, TYPE, type);
        if (territory != null && !territory.isBlank()) {
            // "level:code", or a code alone at any level
            filter(q, territory.contains(":") ? TERRITORY : TERRITORY_CODE, territory);
        }
        if (words.isEmpty()) {
            return page(q.build(), offset, limit);
        }
        Live l = live;
        if (l == null) {
            return null;
        }
        String joined = String.join(" ", words);
        try {
            IndexSearcher s = l.searchers().acquire();
            try {
                // a few thousand organisations at most: all matches in name order, then ranked
                int n = Math.max(1, s.count(q.build()));
                TopFieldDocs top = s.search(q.build(), n, BY_NAME);
                List<Long> exact = new ArrayList<>();
                List<Long> starting = new ArrayList<>();
                List<Long> others = new ArrayList<>();
                for (ScoreDoc d : top.scoreDocs) {
                    FieldDoc f = (FieldDoc) d;
                    String name = ((BytesRef) f.fields[0]).utf8ToString();
                    long id = (Long) f.fields[1];
                    (name.equals(joined) ? exact : name.startsWith(joined) ? starting : others).add(id);
                }
                List<Long> all = new ArrayList<>(exact);
                all.addAll(starting);
                all.addAll(others);
                int from = Math.min(offset, all.size());
                return new Hits(all.size(), List.copyOf(all.subList(from, Math.min(all.size(), from + limit))));
            } finally {
                l.searchers().release(s);
            }
        } catch (IOException e) {
            LOG.warn("directory search index: {}", e.getMessage());
            return null;
        }
    }

    private static BooleanQuery.Builder query(String kind, List<String> words) {
        BooleanQuery.Builder q = new BooleanQuery.Builder();
        q.add(new TermQuery(new Term(KIND, kind)), Occur.FILTER);
        for (String w : words) {
            // no score is used (the order is by name): constant score keeps prefix queries cheap
            q.add(new ConstantScoreQuery(new PrefixQuery(new Term(WORD, w))), Occur.FILTER);
        }
        return q;
    }

    private static void filter(BooleanQuery.Builder q, String field, String value) {
        if (value != null && !value.isBlank()) {
            q.add(new TermQuery(new Term(field, value)), Occur.FILTER);
        }
    }

    private Hits page(Query query, int offset, int limit) {
        Live l = live;
        if (l == null) {
            return null;
        }
        try {
            IndexSearcher s = l.searchers().acquire();
            try {
                // an exact total: the threshold makes the collector count every match
                TopFieldDocs top = s.search(query, new TopFieldCollectorManager(BY_NAME, offset + limit, null,
                        Integer.MAX_VALUE));
                List<Long> ids = new ArrayList<>();
                for (int i = offset; i < top.scoreDocs.length; i++) {
                    ids.add((Long) ((FieldDoc) top.scoreDocs[i]).fields[1]);
                }
                return new Hits(top.totalHits.value(), ids);
            } finally {
                l.searchers().release(s);
            }
        } catch (IOException e) {
            LOG.warn("directory search index: {}", e.getMessage());
            return null;
        }
    }

    // ------------------------------------------------------------------ building and following the database

    /** Starts a rebuild in the background unless one runs. */
    void rebuildInBackground() {
        if (!rebuilding.get()) {
            Thread.ofVirtual().name("directory-search-index").start(() -> {
                try {
                    rebuild();
                } catch (SQLException | IOException | RuntimeException e) {
                    LOG.warn("Could not build the directory search index: {}", e.getMessage());
                }
            });
        }
    }

    /**
     * Builds a new index from the database and puts it in place of the old one, which answers meanwhile; the
     * entries written during the rebuild are read again afterwards. Answers the number of entries, or -1 when
     * another rebuild was running.
     */
    int rebuild() throws SQLException, IOException {
        if (!rebuilding.compareAndSet(false, true)) {
            return -1;
        }
        Live fresh = null;
        try {
            synchronized (this) {
                peopleWrittenDuringRebuild = new HashSet<>();
                organisationsWrittenDuringRebuild = new HashSet<>();
            }
            long started = System.nanoTime();
            fresh = open();
            int count;
            try (Connection c = dataSource.getConnection()) {
                Map<Long, Set<String>> colleges = collegesByOrganisation(c, null);
                count = addOrganisations(c, fresh.writer(), null, colleges) + addPeople(c, fresh.writer(), null, colleges);
            }
            fresh.searchers().maybeRefreshBlocking();
            Set<Long> people;
            Set<Long> organisations;
            Live old;
            synchronized (this) {
                if (closed) {
                    return count;
                }
                people = peopleWrittenDuringRebuild;
                organisations = organisationsWrittenDuringRebuild;
                peopleWrittenDuringRebuild = null;
                organisationsWrittenDuringRebuild = null;
                // the catch-up before the new index is published (searches must not see it without it), under
                // the lock: no write of this node slips between the catch-up and the swap
                if (!people.isEmpty() || !organisations.isEmpty()) {
                    apply(fresh, people, organisations);
                }
                old = live;
                live = fresh;
                fresh = null;
            }
            if (old != null) {
                old.close();
            }
            LOG.info("Directory search index built: {} entries in {} ms", count, (System.nanoTime() - started) / 1_000_000);
            return count;
        } finally {
            if (fresh != null) {
                fresh.close();
            }
            synchronized (this) {
                peopleWrittenDuringRebuild = null;
                organisationsWrittenDuringRebuild = null;
            }
            rebuilding.set(false);
        }
    }

    /**
     * Reads the given entries again after a committed (or rolled back) write and puts them in the index, or
     * removes those no longer in the database; the next search sees them.
     */
    synchronized void update(Collection<Long> people, Collection<Long> organisations) {
        if (people.isEmpty() && organisations.isEmpty()) {
            return;
        }
        if (peopleWrittenDuringRebuild != null) {
            peopleWrittenDuringRebuild.addAll(people);
            organisationsWrittenDuringRebuild.addAll(organisations);
        }
        Live l = live;
        if (l == null || closed) {
            return;
        }
        try {
            apply(l, people, organisations);
        } catch (SQLException | IOException | RuntimeException e) {
            // the index no longer follows the database: rebuild it rather than answer wrongly
            LOG.warn("Could not update the directory search index, rebuilding it: {}", e.getMessage());
            rebuildInBackground();
        }
    }

    private void apply(Live l, Collection<Long> people, Collection<Long> organisations) throws SQLException, IOException {
        try (Connection c = dataSource.getConnection()) {
            Map<Long, Set<String>> colleges = collegesByOrganisation(c, null);
            for (List<Long> chunk : chunks(organisations)) {
                for (long id : chunk) {
                    l.writer().deleteDocuments(new Term(KEY, ORG + id));
                }
                addOrganisations(c, l.writer(), chunk, colleges);
            }
            for (List<Long> chunk : chunks(people)) {
                for (long id : chunk) {
                    l.writer().deleteDocuments(new Term(KEY, PERSON + id));
                }
                addPeople(c, l.writer(), chunk, colleges);
            }
        }
        l.searchers().maybeRefreshBlocking();
    }

    private static List<List<Long>> chunks(Collection<Long> ids) {
        List<Long> all = new ArrayList<>(new LinkedHashSet<>(ids));
        List<List<Long>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += CHUNK) {
            out.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
        }
        return out;
    }

    private static Live open() throws IOException {
        ByteBuffersDirectory directory = new ByteBuffersDirectory();
        // merges in the writing thread: no extra threads on a small index, and nothing left running at close
        IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig().setMergeScheduler(new SerialMergeScheduler())
                .setRAMBufferSizeMB(32));
        return new Live(directory, writer, new SearcherManager(writer, null));
    }

    private static String in(List<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /** The collèges of every organisation (or of the given ones), as the SQL filters count them: any membership. */
    private static Map<Long, Set<String>> collegesByOrganisation(Connection c, List<Long> ids) throws SQLException {
        Map<Long, Set<String>> out = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT organisation_id, college_code FROM membership"
                + (ids == null ? "" : " WHERE organisation_id IN (" + in(ids) + ")")); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getLong(1), k -> new HashSet<>()).add(rs.getString(2));
            }
        }
        return out;
    }

    private static int addOrganisations(Connection c, IndexWriter writer, List<Long> ids, Map<Long, Set<String>> colleges)
            throws SQLException, IOException {
        int n = 0;
        try (PreparedStatement s = c.prepareStatement("SELECT id, name_key, search_text, kind, territory_level,"
                + " territory_code FROM organisation" + (ids == null ? "" : " WHERE id IN (" + in(ids) + ")"));
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                long id = rs.getLong(1);
                Document d = entry(ORG, id, rs.getString(2), rs.getString(3));
                add(d, TYPE, rs.getString(4));
                if (rs.getString(6) != null) {
                    add(d, TERRITORY, rs.getString(5) + ":" + rs.getString(6));
                    add(d, TERRITORY_CODE, rs.getString(6));
                }
                for (String college : colleges.getOrDefault(id, Set.of())) {
                    add(d, COLLEGE, college);
                }
                writer.addDocument(d);
                n++;
            }
        }
        return n;
    }

    private static int addPeople(Connection c, IndexWriter writer, List<Long> ids, Map<Long, Set<String>> colleges)
            throws SQLException, IOException {
        String where = ids == null ? "" : " WHERE person_id IN (" + in(ids) + ")";
        Map<Long, List<String[]>> roles = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT person_id, organisation_id, role FROM person_role" + where);
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                roles.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new String[] {rs.getString(2), rs.getString(3)});
            }
        }
        int n = 0;
        try (PreparedStatement s = c.prepareStatement("SELECT id, name_key, search_text, organisation_id FROM person"
                + (ids == null ? "" : " WHERE id IN (" + in(ids) + ")")); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                long id = rs.getLong(1);
                Document d = entry(PERSON, id, rs.getString(2), rs.getString(3));
                Set<Long> organisations = new HashSet<>();
                long own = rs.getLong(4);
                if (!rs.wasNull()) {
                    organisations.add(own);
                }
                Set<String> roleCodes = new HashSet<>();
                for (String[] r : roles.getOrDefault(id, List.of())) {
                    organisations.add(Long.parseLong(r[0]));
                    roleCodes.add(r[1]);
                }
                Set<String> personColleges = new HashSet<>();
                for (long o : organisations) {
                    add(d, ORGANISATION, Long.toString(o));
                    personColleges.addAll(colleges.getOrDefault(o, Set.of()));
                }
                roleCodes.forEach(r -> add(d, ROLE, r));
                personColleges.forEach(college -> add(d, COLLEGE, college));
                writer.addDocument(d);
                n++;
            }
        }
        return n;
    }

    private static Document entry(String kind, long id, String nameKey, String searchText) {
        Document d = new Document();
        d.add(new StringField(KEY, kind + id, Field.Store.NO));
        d.add(new StringField(KIND, kind, Field.Store.NO));
        d.add(new NumericDocValuesField(ID, id));
        d.add(new SortedDocValuesField(NAME, new BytesRef(nameKey == null ? "" : nameKey)));
        Set<String> words = new HashSet<>();
        for (String w : (searchText == null ? "" : searchText).split(" ")) {
            if (!w.isEmpty() && words.add(w)) {
                d.add(new StringField(WORD, w, Field.Store.NO));
            }
        }
        return d;
    }

    private static void add(Document d, String field, String value) {
        if (value != null && !value.isEmpty()) {
            d.add(new StringField(field, value, Field.Store.NO));
        }
    }

    /**
     * On a database other nodes may write to, rebuilds the index every given minutes so that their changes show
     * (this node's own writes show at once); the embedded H2 database belongs to this node alone.
     */
    void rebuildPeriodicallyIfShared(int minutes) {
        if (minutes <= 0) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            if ("H2".equals(c.getMetaData().getDatabaseProductName())) {
                return;
            }
        } catch (SQLException e) {
            LOG.warn("directory search index: {}", e.getMessage());
        }
        periodic = Thread.ofVirtual().name("directory-search-index-rebuild").start(() -> {
            while (!closed) {
                try {
                    Thread.sleep(minutes * 60_000L);
                    rebuild();
                } catch (InterruptedException e) {
                    return;
                } catch (SQLException | IOException | RuntimeException e) {
                    LOG.warn("Could not rebuild the directory search index: {}", e.getMessage());
                }
            }
        });
    }

    @Override
    public void close() {
        Thread t = periodic;
        if (t != null) {
            t.interrupt();
        }
        closeIndex();
    }

    private synchronized void closeIndex() {
        closed = true;
        Live l = live;
        live = null;
        if (l != null) {
            l.close();
        }
    }
}
