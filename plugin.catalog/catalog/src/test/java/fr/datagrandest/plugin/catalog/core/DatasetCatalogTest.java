package fr.datagrandest.plugin.catalog.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.apache.lucene.search.MatchAllDocsQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.datagrandest.platform.api.catalog.DatasetPage;
import fr.datagrandest.platform.api.catalog.DatasetRef;
import fr.datagrandest.plugin.catalog.core.provided.CatalogDatasets;
import fr.datagrandest.plugin.catalog.core.search.SearchIndex;

/** The platform.api DatasetCatalog over a real catalogue: records by licence whatever its wording, and by identifier. */
class DatasetCatalogTest {

    @TempDir
    static Path folder;
    static CatalogService catalog;
    static CatalogDatasets datasets;

    @BeforeAll
    static void load() throws Exception {
        catalog = TestCatalogs.create(folder.resolve("index"));
        ImportReport report = new ImportReport();
        catalog.importDocument("lo1.xml", Iso.record("lo-1", "Parcs éoliens", "Parcs", "DREAL Grand Est", "énergie", "2021-05-01",
                3, 47, 8, 50, "Licence Ouverte v2.0 (Etalab)"), "test", report);
        catalog.importDocument("lo2.xml", Iso.record("lo/2 avec espace", "Pistes cyclables", "Pistes", "Eurométropole de Strasbourg",
                "mobilité", "2024-02-10", 7.6, 48.4, 7.9, 48.7, "https://www.etalab.gouv.fr/licence-ouverte-open-licence"), "test", report);
        catalog.importDocument("lo3.xml", Iso.record("lo-3", "Écoles", "Écoles", "Région Grand Est", "éducation", "2019-09-01",
                3, 47, 8, 50, "LICENCE OUVERTE"), "test", report);
        catalog.importDocument("odbl.xml", Iso.record("odbl-1", "Adresses", "Adresses", "Ville de Metz", "adresse", "2023-01-01",
                6.1, 49.0, 6.3, 49.2, "ODbL 1.0 - Open Database Licence"), "test", report);
        catalog.importDocument("old.xml", Iso.record("lo-v1", "Ancien jeu", "Ancien", "Ville de Reims", "patrimoine", "2012-01-01",
                3.9, 49.2, 4.1, 49.3, "Licence Ouverte 1.0"), "test", report);
        catalog.importDocument("own.xml", Iso.record("own", "Orthophotos", "Ortho", "IGN", "imagerie", "2018-01-01",
                3.9, 49.2, 4.1, 49.3, "Licence propriétaire du producteur"), "test", report);
        catalog.importDocument("none.xml", Iso.record("none", "Sans licence", "Rien", "Ville de Troyes", "divers", "2020-01-01",
                4.0, 48.2, 4.2, 48.4), "test", report);
        catalog.commit();
        assertEquals(7, report.getImported(), report.getEntries().toString());
        datasets = new CatalogDatasets(catalog);
    }

    @AfterAll
    static void close() throws Exception {
        catalog.stop();
    }

    @Test
    void recordsOfOneLicenceWhateverTheirWordingNewestFirst() {
        DatasetPage page = datasets.datasetsWithLicence("etalab-2.0", 10);
        assertEquals(3, page.total());
        assertEquals(List.of("lo/2 avec espace", "lo-1", "lo-3"), page.datasets().stream().map(DatasetRef::identifier).toList());
        DatasetRef first = page.datasets().get(0);
        assertEquals("Pistes cyclables", first.title());
        assertEquals("Eurométropole de Strasbourg", first.organisation());
        assertEquals("/catalog/record?id=lo%2F2+avec+espace", first.pagePath());

        DatasetPage two = datasets.datasetsWithLicence("ETALAB-2.0", 2);
        assertEquals(3, two.total(), "the total counts every record, not only those returned");
        assertEquals(2, two.datasets().size());

        assertEquals(List.of("odbl-1"), datasets.datasetsWithLicence("ODbL-1.0", 5).datasets().stream().map(DatasetRef::identifier).toList());
        assertEquals(0, datasets.datasetsWithLicence("CC-BY-4.0", 5).total());
        assertEquals(List.of("lo-v1"), datasets.datasetsWithLicence("LicenseRef-etalab-1.0", 5).datasets().stream()
                .map(DatasetRef::identifier).toList(), "Licence Ouverte 1.0 is not 2.0");
    }

    @Test
    void anUnrecognisedLicenceKeepsItsTextAsFacetValue() throws Exception {
        SearchIndex.Result all = catalog.search(new MatchAllDocsQuery(), null, 0, 10, 20);
        List<String> licences = all.facets().get("licence").stream().map(SearchIndex.FacetCount::value).toList();
        assertTrue(licences.contains("etalab-2.0") && licences.contains("ODbL-1.0"), licences.toString());
        assertTrue(licences.contains("Licence propriétaire du producteur"), licences.toString());
        assertTrue(licences.contains("LicenseRef-etalab-1.0"), "Licence Ouverte 1.0 is another licence: " + licences);
        assertEquals(3, all.facets().get("licence").stream().filter(f -> f.value().equals("etalab-2.0")).findFirst().orElseThrow().count());
    }

    @Test
    void oneRecordByIdentifier() {
        Optional<DatasetRef> ref = datasets.dataset("odbl-1");
        assertTrue(ref.isPresent());
        assertEquals("Adresses", ref.get().title());
        assertEquals("/catalog/record?id=odbl-1", ref.get().pagePath());
        assertEquals(Optional.empty(), datasets.dataset("nothing-here"));
        assertEquals(Optional.empty(), datasets.dataset(" "));
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> datasets.datasetsWithLicence(" ", 10));
        assertThrows(IllegalArgumentException.class, () -> datasets.datasetsWithLicence(null, 10));
        assertThrows(IllegalArgumentException.class, () -> datasets.datasetsWithLicence("etalab-2.0", 0));
        assertThrows(IllegalArgumentException.class, () -> datasets.datasetsWithLicence("etalab-2.0", 501));
    }

    @Test
    void aChangedLicenceMovesTheRecordAtOnce() throws Exception {
        ImportReport report = new ImportReport();
        catalog.importDocument("moved.xml", Iso.record("moved", "Déplacé", "Déplacé", "Ville de Nancy", "divers", "2022-01-01",
                6.1, 48.6, 6.3, 48.7, "https://creativecommons.org/licenses/by/4.0/"), "test", report);
        catalog.commit();
        assertEquals(1, datasets.datasetsWithLicence("CC-BY-4.0", 5).total());
        catalog.importDocument("moved.xml", Iso.record("moved", "Déplacé", "Déplacé", "Ville de Nancy", "divers", "2022-01-01",
                6.1, 48.6, 6.3, 48.7, "ODbL"), "test", report);
        catalog.commit();
        assertEquals(0, datasets.datasetsWithLicence("CC-BY-4.0", 5).total());
        assertEquals(List.of("lo-v1"), datasets.datasetsWithLicence("LicenseRef-etalab-1.0", 5).datasets().stream()
                .map(DatasetRef::identifier).toList(), "Licence Ouverte 1.0 is not 2.0");
        assertEquals(2, datasets.datasetsWithLicence("ODbL-1.0", 5).total());
        catalog.delete("moved");
        assertEquals(1, datasets.datasetsWithLicence("ODbL-1.0", 5).total());
    }
}
