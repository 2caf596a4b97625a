package fr.datagrandest.plugin.legal.library;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.Facets;
import org.apache.lucene.facet.FacetsCollectorManager;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.LabelAndValue;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetCounts;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.queryparser.classic.QueryParserBase;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.MMapDirectory;

/**
 * The full-text index of the library (Lucene): title, summary, body and attachment text analysed in French,
 * with facets on type, theme, audience, year and status. It is derived from the database and can be rebuilt
 * from it at any time; each platform node keeps its own.
 */
public final class DocumentIndex implements Closeable {

    /** Facet dimensions, as the API names them. */
    public static final List<String> DIMENSIONS = List.of("kind", "theme", "audience", "year", "status");

    /** What a search asks for: the text, facet filters (dimension → value), visible statuses and a page. */
    public record SearchRequest(String text, Map<String, List<String>> filters, List<String> statuses, int offset, int limit) {
    }

    public record Hit(long id, String slug, String kind, String title, String summary, String status, int year, float score) {
    }

    public record FacetValue(String value, int count) {
    }

    public record SearchResult(long total, List<Hit> hits, Map<String, List<FacetValue>> facets) {
    }

    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final FacetsConfig facetsConfig = new FacetsConfig();
    private final FrenchTextAnalyzer analyzer = new FrenchTextAnalyzer();
    private volatile SortedSetDocValuesReaderState facetState;

    public DocumentIndex(Path folder) throws IOException {
        facetsConfig.setMultiValued("theme", true);
        facetsConfig.setMultiValued("audience", true);
        // Memory-mapped: unlike NIOFSDirectory, a reader thread that is interrupted (the portal interrupts a slow
        // contribution) does not close the index files for everyone.
        directory = new MMapDirectory(folder);
        IndexWriterConfig config = new IndexWriterConfig(analyzer);
        config.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
        config.setRAMBufferSizeMB(32);
        writer = new IndexWriter(directory, config);
        searchers = new SearcherManager(writer, null);
    }

    /** Adds or replaces the document; {@code attachmentText} is the text of its attachments. */
    public void put(LegalDocument document, String attachmentText) throws IOException {
        Document doc = new Document();
        doc.add(new StringField("id", Long.toString(document.id()), Field.Store.YES));
        doc.add(new StoredField("slug", document.slug()));
        doc.add(new StringField("kind", document.kind(), Field.Store.YES));
        doc.add(new StringField("status", document.status(), Field.Store.YES));
        doc.add(new StringField("year", Integer.toString(document.year()), Field.Store.YES));
        doc.add(new TextField("title", document.title(), Field.Store.YES));
        doc.add(new TextField("summary", document.summary(), Field.Store.YES));
        doc.add(new TextField("content", document.body() + "\n" + attachmentText, Field.Store.NO));
        doc.add(new SortedSetDocValuesFacetField("kind", document.kind()));
        doc.add(new SortedSetDocValuesFacetField("status", document.status()));
        doc.add(new SortedSetDocValuesFacetField("year", Integer.toString(document.year())));
        for (String theme : document.themes()) {
            doc.add(new StringField("theme", theme, Field.Store.NO));
            doc.add(new SortedSetDocValuesFacetField("theme", theme));
        }
        for (String audience : document.audience()) {
            doc.add(new StringField("audience", audience, Field.Store.NO));
            doc.add(new SortedSetDocValuesFacetField("audience", audience));
        }
        writer.updateDocument(new Term("id", Long.toString(document.id())), facetsConfig.build(doc));
    }

    public void remove(long id) throws IOException {
        writer.deleteDocuments(new Term("id", Long.toString(id)));
    }

    public void removeAll() throws IOException {
        writer.deleteAll();
    }

    /** Makes the changes durable and visible to searches. */
    public void commit() throws IOException {
        writer.commit();
        searchers.maybeRefreshBlocking();
    }

    public int size() throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            return searcher.getIndexReader().numDocs();
        } finally {
            searchers.release(searcher);
        }
    }

    public SearchResult search(SearchRequest request) throws IOException {
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        query.add(textQuery(request.text()), BooleanClause.Occur.MUST);
        BooleanQuery.Builder statuses = new BooleanQuery.Builder();
        for (String status : request.statuses()) {
            statuses.add(new TermQuery(new Term("status", status)), BooleanClause.Occur.SHOULD);
        }
        query.add(statuses.build(), BooleanClause.Occur.FILTER);
        request.filters().forEach((dimension, values) -> {
            BooleanQuery.Builder any = new BooleanQuery.Builder();
            values.forEach(value -> any.add(new TermQuery(new Term(dimension, value)), BooleanClause.Occur.SHOULD));
            query.add(any.build(), BooleanClause.Occur.FILTER);
        });
        IndexSearcher searcher = searchers.acquire();
        try {
            int wanted = Math.max(1, request.offset() + request.limit());
            FacetsCollectorManager.FacetsResult result = FacetsCollectorManager.search(searcher, query.build(), wanted,
                    new FacetsCollectorManager());
            List<Hit> hits = new ArrayList<>();
            ScoreDoc[] docs = result.topDocs().scoreDocs;
            var stored = searcher.storedFields();
            for (int i = request.offset(); i < docs.length; i++) {
                Document d = stored.document(docs[i].doc);
                hits.add(new Hit(Long.parseLong(d.get("id")), d.get("slug"), d.get("kind"), d.get("title"), d.get("summary"),
                        d.get("status"), Integer.parseInt(d.get("year")), docs[i].score));
            }
            Map<String, List<FacetValue>> facets = new LinkedHashMap<>();
            SortedSetDocValuesReaderState state = facetState(searcher.getIndexReader());
            if (state != null) {
                Facets counts = new SortedSetDocValuesFacetCounts(state, result.facetsCollector());
                for (String dimension : DIMENSIONS) {
                    List<FacetValue> values = new ArrayList<>();
                    try {
                        FacetResult top = counts.getTopChildren(50, dimension);
                        if (top != null) {
                            for (LabelAndValue lv : top.labelValues) {
                                values.add(new FacetValue(lv.label, lv.value.intValue()));
                            }
                        }
                    } catch (IllegalArgumentException noSuchDimension) {
                        // no document has this dimension yet
                    }
                    facets.put(dimension, values);
                }
            }
            return new SearchResult(result.topDocs().totalHits.value(), hits, facets);
        } finally {
            searchers.release(searcher);
        }
    }

    private SortedSetDocValuesReaderState facetState(IndexReader reader) throws IOException {
        SortedSetDocValuesReaderState state = facetState;
        if (state != null && state.getReader() == reader) {
            return state;
        }
        if (reader.numDocs() == 0) {
            return null;
        }
        try {
            state = new DefaultSortedSetDocValuesReaderState(reader, facetsConfig);
        } catch (IllegalArgumentException noFacetField) {
            return null;
        }
        facetState = state;
        return state;
    }

    /** The user's words, in French, across title, summary and content; a stray operator is read as text. */
    private Query textQuery(String text) {
        if (text == null || text.isBlank()) {
            return new MatchAllDocsQuery();
        }
        MultiFieldQueryParser parser = new MultiFieldQueryParser(new String[] {"title", "summary", "content"}, analyzer,
                Map.of("title", 3f, "summary", 2f, "content", 1f));
        parser.setDefaultOperator(QueryParserBase.AND_OPERATOR);
        try {
            return parser.parse(text);
        } catch (ParseException | IllegalArgumentException e) {
            try {
                return parser.parse(QueryParser.escape(text));
            } catch (ParseException again) {
                return new MatchAllDocsQuery();
            }
        }
    }

    @Override
    public void close() throws IOException {
        searchers.close();
        writer.close();
        directory.close();
    }
}
