package fr.datagrandest.plugin.catalog.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.datagrandest.plugin.catalog.core.record.CatalogRecord;
import fr.datagrandest.plugin.catalog.core.search.SearchIndex;

/** French full text, facets, bounding box, sort and paging over the Lucene index, kept in step with the database. */
class SearchTest {

    @TempDir
    static Path folder;
    static CatalogService catalog;

    @BeforeAll
    static void load() throws Exception {
        catalog = TestCatalogs.create(folder.resolve("index"));
        ImportReport report = new ImportReport();
        catalog.importDocument("a.xml", Iso.record("a", "Forêts publiques de Moselle", "Limites des forêts domaniales",
                "ONF", "forêt", "2021-03-01", 5.9, 48.5, 7.6, 49.5), "test", report);
        catalog.importDocument("b.xml", Iso.record("b", "Peuplements forestiers du Bas-Rhin", "Inventaire des peuplements",
                "DREAL Grand Est", "sylviculture", "2019-06-15", 7.0, 48.1, 8.2, 49.1), "test", report);
        catalog.importDocument("c.xml", Iso.record("c", "Foret de Haye", "Sentiers de la foret", "Métropole du Grand Nancy",
                "loisirs", "2023-01-10", 6.05, 48.6, 6.15, 48.7), "test", report);
        catalog.importDocument("d.xml", Iso.record("d", "Routes départementales de la Marne", "Réseau routier d'intérêt local",
                "Département de la Marne", "transport", "2022-09-30", 3.4, 48.5, 5.0, 49.4), "test", report);
        catalog.importDocument("e.xml", Iso.record("e", "Hydrographie de l'Aube", "Cours d'eau et plans d'eau", "DREAL Grand Est",
                "hydrographie", "2020-02-02", 3.4, 47.9, 4.9, 48.7), "test", report);
        catalog.commit();
        assertEquals(5, report.getImported(), report.getEntries().toString());
    }

    @AfterAll
    static void close() throws Exception {
        catalog.stop();
    }

    private Set<String> ids(String q) throws Exception {
        return catalog.search(catalog.index().textQuery(q), null, 0, 50, 0).records().stream()
                .map(CatalogRecord::identifier).collect(Collectors.toSet());
    }

    @Test
    void frenchAnalysisFindsAccentsPluralsAndDerivations() throws Exception {
        assertEquals(Set.of("a", "b", "c"), ids("forêts"));
        assertEquals(Set.of("a", "b", "c"), ids("foret"));
        assertEquals(Set.of("a", "b", "c"), ids("forestiers"));
        assertEquals(Set.of("e"), ids("l'eau"), "elision: l'eau finds eau");
        assertEquals(Set.of("d"), ids("route"));
        assertEquals(Set.of("c"), ids("forêt haye"), "every word must match");
        assertEquals(Set.of(), ids("zzzz"));
    }

    @Test
    void facetsCountTheMatchingRecords() throws Exception {
        SearchIndex.Result all = catalog.search(new MatchAllDocsQuery(), null, 0, 0, 10);
        assertEquals(5, all.total());
        assertTrue(all.facets().get("organisation").contains(new SearchIndex.FacetCount("DREAL Grand Est", 2)));
        assertTrue(all.facets().get("year").contains(new SearchIndex.FacetCount("2021", 1)));
        assertEquals(List.of(new SearchIndex.FacetCount("dataset", 5)), all.facets().get("type"));
        BooleanQuery q = new BooleanQuery.Builder().add(catalog.index().textQuery("forêt"), Occur.MUST)
                .add(SearchIndex.facetFilter("organisation", "DREAL Grand Est"), Occur.FILTER).build();
        SearchIndex.Result filtered = catalog.search(q, null, 0, 10, 10);
        assertEquals(1, filtered.total());
        assertEquals("b", filtered.records().get(0).identifier());
    }

    @Test
    void bboxIntersectsAndWithin() throws Exception {
        // around Nancy: only the Forêt de Haye is within; Moselle and Haye intersect
        var within = catalog.search(SearchIndex.bboxQuery(6.0, 48.55, 6.3, 48.8, true), null, 0, 10, 0);
        assertEquals(List.of("c"), within.records().stream().map(CatalogRecord::identifier).toList());
        var intersects = catalog.search(SearchIndex.bboxQuery(6.0, 48.55, 6.3, 48.8, false), SearchIndex.sort("identifier"), 0, 10, 0);
        assertEquals(List.of("a", "c"), intersects.records().stream().map(CatalogRecord::identifier).toList());
    }

    @Test
    void sortAndPagingNeverRepeatNorSkip() throws Exception {
        var byTitle = catalog.search(new MatchAllDocsQuery(), SearchIndex.sort("title"), 0, 10, 0).records();
        assertEquals(List.of("c", "a", "e", "b", "d"), byTitle.stream().map(CatalogRecord::identifier).toList());
        var byDate = catalog.search(new MatchAllDocsQuery(), SearchIndex.sort("date"), 0, 10, 0).records();
        assertEquals("c", byDate.get(0).identifier());
        var page1 = catalog.search(new MatchAllDocsQuery(), SearchIndex.sort("title"), 0, 2, 0).records();
        var page2 = catalog.search(new MatchAllDocsQuery(), SearchIndex.sort("title"), 2, 2, 0).records();
        var page3 = catalog.search(new MatchAllDocsQuery(), SearchIndex.sort("title"), 4, 2, 0);
        assertEquals(List.of("c", "a"), page1.stream().map(CatalogRecord::identifier).toList());
        assertEquals(List.of("e", "b"), page2.stream().map(CatalogRecord::identifier).toList());
        assertEquals(List.of("d"), page3.records().stream().map(CatalogRecord::identifier).toList());
        assertEquals(5, page3.total());
    }

    @Test
    void indexFollowsUpdatesAndDeletesAndRebuilds() throws Exception {
        ImportReport report = new ImportReport();
        catalog.importDocument("z.xml", Iso.record("z", "Vergers du Haut-Rhin", "Vergers", "Chambre d'agriculture",
                "agriculture", "2024-01-01", 7.0, 47.5, 7.5, 48.0), "test", report);
        catalog.commit();
        assertEquals(Set.of("z"), ids("vergers"));
        catalog.importDocument("z.xml", Iso.record("z", "Prairies du Haut-Rhin", "Prairies", "Chambre d'agriculture",
                "agriculture", "2024-01-01", 7.0, 47.5, 7.5, 48.0), "test", report);
        catalog.commit();
        assertEquals(Set.of(), ids("vergers"));
        assertEquals(Set.of("z"), ids("prairie"));
        catalog.rebuildIndex();
        assertEquals(Set.of("z"), ids("prairie"));
        assertTrue(catalog.delete("z"));
        assertEquals(Set.of(), ids("prairie"));
        assertEquals(catalog.count(), catalog.indexed());
    }
}
