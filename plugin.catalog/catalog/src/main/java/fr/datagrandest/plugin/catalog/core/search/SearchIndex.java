package fr.datagrandest.plugin.catalog.core.search;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.FacetsCollectorManager;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.LabelAndValue;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetCounts;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.datagrandest.plugin.catalog.core.record.CatalogRecord;
import fr.datagrandest.plugin.catalog.core.record.Licences;

/**
 * The full-text, faceted and spatial index of the catalogue (Lucene). It is derived from the database: it can be
 * deleted and rebuilt at any time. Each node of a cluster keeps its own.
 */
public final class SearchIndex implements Closeable {

    public static final List<String> FACETS = List.of("organisation", "keyword", "type", "format", "licence", "year");
    public static final Set<String> SORTS = Set.of("relevance", "title", "date", "-date", "-title", "identifier");

    private final Analyzer analyzer;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final FacetsConfig facetsConfig = new FacetsConfig();
    private final Map<IndexReader, SortedSetDocValuesReaderState> facetStates = new WeakHashMap<>();
    private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    /**
     * The version of the document layout, kept in each commit: an index written by an older version of this class
     * lacks fields (such as the SPDX licence) and is rebuilt at start.
     */
    static final String LAYOUT = "3"; // 3: Licence Ouverte 1.0 has its own identifier
    private volatile boolean layoutCurrent;

    public SearchIndex(Path folder) throws IOException {
        Analyzer french = new FrenchTextAnalyzer();
        analyzer = new PerFieldAnalyzerWrapper(french);
        directory = FSDirectory.open(folder);
        String layout = null;
        boolean existed = DirectoryReader.indexExists(directory);
        if (existed) {
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                layout = reader.getIndexCommit().getUserData().get("layout");
            }
        }
        IndexWriterConfig config = new IndexWriterConfig(analyzer);
        config.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
        config.setRAMBufferSizeMB(32);
        writer = new IndexWriter(directory, config);
        searchers = new SearcherManager(writer, null);
        if (!existed || LAYOUT.equals(layout)) {
            markLayoutCurrent();
        }
        for (String dim : List.of("organisation", "keyword", "format", "licence")) {
            facetsConfig.setMultiValued(dim, true);
        }
    }

    /** Adds or replaces the record; visible to searches after {@link #commit()}. */
    public void index(CatalogRecord r) throws IOException {
        writer.updateDocument(new Term("id", r.identifier()), facetsConfig.build(document(r)));
    }

    public void delete(String identifier) throws IOException {
        writer.deleteDocuments(new Term("id", identifier));
    }

    /** Empties the index; what is indexed from now on has the current layout. */
    public void deleteAll() throws IOException {
        writer.deleteAll();
        markLayoutCurrent();
    }

    private void markLayoutCurrent() {
        writer.setLiveCommitData(Map.of("layout", LAYOUT).entrySet());
        layoutCurrent = true;
    }

    /** False when the index was written by an older version of the catalogue and must be rebuilt. */
    public boolean layoutCurrent() {
        return layoutCurrent;
    }

    /** Makes the changes durable and visible. */
    public synchronized void commit() throws IOException {
        writer.commit();
        searchers.maybeRefreshBlocking();
    }

    public int size() throws IOException {
        IndexSearcher s = searchers.acquire();
        try {
            return s.getIndexReader().numDocs();
        } finally {
            searchers.release(s);
        }
    }

    private Document document(CatalogRecord r) throws JsonProcessingException {
        Document d = new Document();
        d.add(new StringField("id", r.identifier(), Field.Store.YES));
        d.add(new StoredField("json", json.writeValueAsString(r)));
        String title = r.title() == null ? "" : r.title();
        d.add(new TextField("title", title, Field.Store.NO));
        StringBuilder all = new StringBuilder(title);
        for (String s : new String[] {r.abstractText(), r.organisation(), r.lineage(), r.identifier()}) {
            if (s != null) {
                all.append('\n').append(s);
            }
        }
        for (String k : r.keywords()) {
            d.add(new TextField("subject", k, Field.Store.NO));
            all.append('\n').append(k);
        }
        for (CatalogRecord.Contact c : r.contacts()) {
            if (c.organisation() != null) {
                all.append('\n').append(c.organisation());
            }
            if (c.name() != null) {
                all.append('\n').append(c.name());
            }
        }
        for (String f : r.formats()) {
            all.append('\n').append(f);
        }
        d.add(new TextField("all", all.toString(), Field.Store.NO));
        d.add(new SortedDocValuesField("title_sort", new BytesRef(sortKey(title))));
        String date = r.resourceDate();
        d.add(new SortedDocValuesField("date_sort", new BytesRef(date == null ? "" : date)));
        if (date != null) {
            d.add(new StringField("date", date, Field.Store.NO));
        }
        d.add(new SortedDocValuesField("id_sort", new BytesRef(r.identifier())));
        if (r.bbox() != null) {
            d.add(new DoublePoint("west", r.bbox().west()));
            d.add(new DoublePoint("south", r.bbox().south()));
            d.add(new DoublePoint("east", r.bbox().east()));
            d.add(new DoublePoint("north", r.bbox().north()));
        }
        facet(d, "type", r.resourceType());
        facet(d, "year", r.year() == null ? null : r.year().toString());
        // A licence the table recognises is one facet value and one searchable id whatever its wording.
        java.util.Optional<String> spdx = Licences.spdx(r.licence());
        spdx.ifPresent(id -> d.add(new StringField("licence_id", id.toLowerCase(Locale.ROOT), Field.Store.NO)));
        facet(d, "licence", spdx.orElse(r.licence() == null ? null : shorten(r.licence())));
        java.util.LinkedHashSet<String> orgs = new java.util.LinkedHashSet<>();
        if (r.organisation() != null) {
            orgs.add(r.organisation());
        }
        for (String o : orgs) {
            facet(d, "organisation", o);
        }
        for (String k : new java.util.LinkedHashSet<>(r.keywords())) {
            facet(d, "keyword", k);
        }
        for (String f : new java.util.LinkedHashSet<>(r.formats())) {
            facet(d, "format", f);
        }
        return d;
    }

    private static String shorten(String s) {
        String one = s.strip().replaceAll("\\s+", " ");
        return one.length() > 120 ? one.substring(0, 117) + "..." : one;
    }

    private static void facet(Document d, String dim, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        String v = value.strip();
        if (v.length() > 200) {
            v = v.substring(0, 200);
        }
        d.add(new StringField("f." + dim, v, Field.Store.NO));
        d.add(new SortedSetDocValuesFacetField(dim, v));
    }

    static String sortKey(String title) {
        return java.text.Normalizer.normalize(title, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT).strip();
    }

    /** The analysed terms of a text, as the index stores them. */
    public List<String> terms(String field, String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Every word must match, in the title (weighted up), keywords or any text field. */
    public Query textQuery(String text) {
        List<String> words = terms("all", text);
        if (words.isEmpty()) {
            return new MatchAllDocsQuery();
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (String w : words) {
            b.add(new BooleanQuery.Builder()
                    .add(new BoostQuery(new TermQuery(new Term("title", w)), 3f), Occur.SHOULD)
                    .add(new BoostQuery(new TermQuery(new Term("subject", w)), 1.5f), Occur.SHOULD)
                    .add(new TermQuery(new Term("all", w)), Occur.SHOULD).build(), Occur.MUST);
        }
        return b.build();
    }

    /** Words in one field (title, subject or all); every word must match. */
    public Query fieldQuery(String field, String text) {
        List<String> words = terms(field, text);
        if (words.isEmpty()) {
            return new MatchAllDocsQuery();
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (String w : words) {
            b.add(new TermQuery(new Term(field, w)), Occur.MUST);
        }
        return b.build();
    }

    public static Query exact(String field, String value) {
        return new TermQuery(new Term(field, value));
    }

    /** Records whose extent intersects (or lies within) the box; records without an extent never match. */
    public static Query bboxQuery(double west, double south, double east, double north, boolean within) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        if (within) {
            b.add(DoublePoint.newRangeQuery("west", west, Double.MAX_VALUE), Occur.FILTER);
            b.add(DoublePoint.newRangeQuery("east", -Double.MAX_VALUE, east), Occur.FILTER);
            b.add(DoublePoint.newRangeQuery("south", south, Double.MAX_VALUE), Occur.FILTER);
            b.add(DoublePoint.newRangeQuery("north", -Double.MAX_VALUE, north), Occur.FILTER);
        } else {
            b.add(DoublePoint.newRangeQuery("west", -Double.MAX_VALUE, east), Occur.FILTER);
            b.add(DoublePoint.newRangeQuery("east", west, Double.MAX_VALUE), Occur.FILTER);
            b.add(DoublePoint.newRangeQuery("south", -Double.MAX_VALUE, north), Occur.FILTER);
            b.add(DoublePoint.newRangeQuery("north", south, Double.MAX_VALUE), Occur.FILTER);
        }
        return b.build();
    }

    /** Records whose licence the table recognises as this SPDX identifier (in any case). */
    public static Query licenceQuery(String spdxId) {
        return new TermQuery(new Term("licence_id", spdxId.strip().toLowerCase(Locale.ROOT)));
    }

    public static Query facetFilter(String dim, String value) {
        return new TermQuery(new Term("f." + dim, value));
    }

    public static Sort sort(String name) {
        return switch (name == null ? "relevance" : name) {
            case "title" -> new Sort(new SortField("title_sort", SortField.Type.STRING), new SortField("id_sort", SortField.Type.STRING));
            case "-title" -> new Sort(new SortField("title_sort", SortField.Type.STRING, true), new SortField("id_sort", SortField.Type.STRING));
            case "date" -> new Sort(new SortField("date_sort", SortField.Type.STRING, true), new SortField("id_sort", SortField.Type.STRING));
            case "-date" -> new Sort(new SortField("date_sort", SortField.Type.STRING), new SortField("id_sort", SortField.Type.STRING));
            case "identifier" -> new Sort(new SortField("id_sort", SortField.Type.STRING));
            default -> null;
        };
    }

    public record FacetCount(String value, int count) {
    }

    public record Result(long total, List<CatalogRecord> records, Map<String, List<FacetCount>> facets) {
    }

    /**
     * Runs a query: the page {@code [offset, offset + limit)} in the given order (null = relevance, ties by
     * identifier), the exact total, and the top values of each facet over all matching records.
     */
    public Result search(Query query, Sort sort, int offset, int limit, int facetValues) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            int n = Math.max(1, offset + limit);
            Sort order = sort != null ? sort
                    : new Sort(SortField.FIELD_SCORE, new SortField("id_sort", SortField.Type.STRING));
            FacetsCollectorManager manager = new FacetsCollectorManager();
            FacetsCollectorManager.FacetsResult found = FacetsCollectorManager.search(searcher, query, n, order, manager);
            FacetsCollector fc = found.facetsCollector();
            long total = 0;
            for (FacetsCollector.MatchingDocs md : fc.getMatchingDocs()) {
                total += md.totalHits();
            }
            List<CatalogRecord> records = new ArrayList<>();
            ScoreDoc[] docs = found.topDocs().scoreDocs;
            for (int i = offset; i < docs.length && records.size() < limit; i++) {
                Document d = searcher.storedFields().document(docs[i].doc, Set.of("json"));
                records.add(json.readValue(d.get("json"), CatalogRecord.class));
            }
            Map<String, List<FacetCount>> facets = new LinkedHashMap<>();
            if (facetValues > 0) {
                SortedSetDocValuesReaderState state = facetState(searcher.getIndexReader());
                SortedSetDocValuesFacetCounts counts = state == null ? null : new SortedSetDocValuesFacetCounts(state, fc);
                for (String dim : FACETS) {
                    List<FacetCount> values = new ArrayList<>();
                    if (counts != null) {
                        try {
                            FacetResult r = counts.getTopChildren(facetValues, dim);
                            if (r != null) {
                                for (LabelAndValue lv : r.labelValues) {
                                    values.add(new FacetCount(lv.label, lv.value.intValue()));
                                }
                            }
                        } catch (IllegalArgumentException noSuchDimension) {
                            // no record has a value for this facet yet
                        }
                    }
                    facets.put(dim, values);
                }
            }
            return new Result(total, records, facets);
        } finally {
            searchers.release(searcher);
        }
    }

    private synchronized SortedSetDocValuesReaderState facetState(IndexReader reader) throws IOException {
        if (reader.numDocs() == 0) {
            return null;
        }
        SortedSetDocValuesReaderState state = facetStates.get(reader);
        if (state == null) {
            try {
                state = new DefaultSortedSetDocValuesReaderState(reader, facetsConfig);
            } catch (IllegalArgumentException noFacetsYet) {
                return null;
            }
            facetStates.put(reader, state);
        }
        return state;
    }

    @Override
    public void close() throws IOException {
        try {
            searchers.close();
        } finally {
            try {
                writer.close();
            } finally {
                directory.close();
            }
        }
    }

    /** True when the folder holds a readable index. */
    public static boolean exists(Path folder) {
        try (Directory d = FSDirectory.open(folder)) {
            return DirectoryReader.indexExists(d);
        } catch (IOException e) {
            return false;
        }
    }
}
