package fr.datagrandest.plugin.legal.itest;

import static fr.datagrandest.plugin.legal.itest.LegalApiFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import com.fasterxml.jackson.databind.JsonNode;

import fr.datagrandest.platform.api.catalog.DatasetCatalog;
import fr.datagrandest.platform.api.catalog.DatasetPage;
import fr.datagrandest.platform.api.catalog.DatasetRef;
import fr.datagrandest.platform.api.legal.LicenceGuide;
import fr.datagrandest.platform.api.legal.LicenceRef;

/**
 * The legal plugin with the other plugins, through {@code platform.api} only: the {@link LicenceGuide} service the
 * catalogue uses to link a record's licence to its explanation here, and the {@link DatasetCatalog} the guide uses,
 * while it runs, to list the datasets under each licence. The catalogue here is a small one registered by the test,
 * as the catalogue plugin would register its own.
 */
@ExtendWith({BundleContextExtension.class, ServiceExtension.class})
class LicenceCooperationIT {

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 30_000)
    LicenceGuide guide;
    LegalApiFixture api;

    @BeforeEach
    void platformServes() throws Exception {
        api = new LegalApiFixture(context);
    }

    @Test
    void theGuideRecognisesLicenceStatementsOfCatalogueRecordsAndLinksTheirPage() throws Exception {
        LicenceRef open = guide.recognise("Licence Ouverte / Open Licence Version 2.0 "
                + "https://www.etalab.gouv.fr/wp-content/uploads/2017/04/ETALAB-Licence-Ouverte-v2.0.pdf").orElseThrow();
        assertEquals("etalab-2.0", open.spdxId());
        assertEquals("/legal/licences#etalab-2.0", open.pagePath());
        assertTrue(open.title().startsWith("Licence Ouverte"), open.title());
        assertEquals("ODbL-1.0", guide.recognise("Licence ODbL mai 2013 (basée sur ODbL 1.0)").orElseThrow().spdxId());
        assertEquals("CC-BY-4.0", guide.recognise("http://publications.europa.eu/resource/authority/licence/CC_BY_4_0").orElseThrow().spdxId());
        assertEquals(Optional.empty(), guide.recognise("http://publications.europa.eu/resource/authority/licence/COM_REUSE"));
        // The page the link leads to is served, and the licence it names is one the API knows.
        String page = open.pagePath().substring(0, open.pagePath().indexOf('#'));
        assertEquals(200, api.get(page).statusCode());
        assertEquals(200, api.get("/legal/api/licences/" + open.spdxId()).statusCode());
    }

    /** A catalogue of a few records that keeps the contract of {@link DatasetCatalog}. */
    record SmallCatalogue(List<String[]> records) implements DatasetCatalog {

        @Override
        public DatasetPage datasetsWithLicence(String spdxId, int limit) {
            if (spdxId == null || spdxId.isBlank() || limit < 1 || limit > 500) {
                throw new IllegalArgumentException("bad request " + spdxId + " " + limit);
            }
            List<DatasetRef> all = records.stream().filter(r -> r[0].equals(spdxId))
                    .map(r -> new DatasetRef(r[1], r[2], r[3], "/catalog/record?id=" + r[1])).toList();
            return new DatasetPage(all.size(), all.subList(0, Math.min(limit, all.size())));
        }

        @Override
        public Optional<DatasetRef> dataset(String identifier) {
            return records.stream().filter(r -> r[1].equals(identifier)).findFirst()
                    .map(r -> new DatasetRef(r[1], r[2], r[3], "/catalog/record?id=" + r[1]));
        }
    }

    @Test
    void eachLicenceListsTheDatasetsOfTheCatalogueWhileItRunsAndSaysWhenItIsAbsent() throws Exception {
        JsonNode absent = json(api.get("/legal/api/licences/etalab-2.0")).get("datasets");
        assertFalse(absent.get("catalogue").asBoolean(), absent.toString());
        assertTrue(absent.get("message").asText().contains("catalogue"), absent.toString());
        for (JsonNode licence : json(api.get("/legal/api/licences"))) {
            assertFalse(licence.get("datasets").get("catalogue").asBoolean(), licence.toString());
        }

        ServiceRegistration<DatasetCatalog> registration = context.registerService(DatasetCatalog.class, new SmallCatalogue(List.of(
                new String[] {"etalab-2.0", "bd-topo-67", "BD TOPO® Bas-Rhin", "IGN"},
                new String[] {"etalab-2.0", "plu-strasbourg", "PLU de l'Eurométropole de Strasbourg", "Eurométropole de Strasbourg"},
                new String[] {"etalab-2.0", "ocs-ge-2021", "OCS GE 2021 Grand Est", ""},
                new String[] {"ODbL-1.0", "bal-metz", "Base adresse locale de Metz", "Ville de Metz"})), null);
        try {
            JsonNode open = json(api.get("/legal/api/licences/ETALAB-2.0")).get("datasets");
            assertTrue(open.get("catalogue").asBoolean(), open.toString());
            assertEquals(3, open.get("total").asInt());
            assertEquals(3, open.get("first").size());
            JsonNode first = open.get("first").get(0);
            assertEquals("BD TOPO® Bas-Rhin", first.get("title").asText());
            assertEquals("IGN", first.get("organisation").asText());
            assertEquals("/catalog/record?id=bd-topo-67", first.get("pagePath").asText());

            JsonNode two = json(api.get("/legal/api/licences/etalab-2.0?limit=2")).get("datasets");
            assertEquals(3, two.get("total").asInt());
            assertEquals(2, two.get("first").size());
            assertEquals(400, api.get("/legal/api/licences/etalab-2.0?limit=0").statusCode());
            assertEquals(400, api.get("/legal/api/licences/etalab-2.0?limit=501").statusCode());

            JsonNode none = json(api.get("/legal/api/licences/CC0-1.0")).get("datasets");
            assertTrue(none.get("catalogue").asBoolean());
            assertEquals(0, none.get("total").asInt());

            for (JsonNode licence : json(api.get("/legal/api/licences"))) {
                JsonNode datasets = licence.get("datasets");
                int expected = switch (licence.get("id").asText()) {
                    case "etalab-2.0" -> 3;
                    case "ODbL-1.0" -> 1;
                    default -> 0;
                };
                assertEquals(expected, datasets.get("total").asInt(), licence.get("id").asText());
                assertTrue(datasets.get("first").size() <= 5, datasets.toString());
            }
        } finally {
            registration.unregister();
        }
        // The catalogue stopped: the guide keeps answering, and says so again.
        assertFalse(json(api.get("/legal/api/licences/etalab-2.0")).get("datasets").get("catalogue").asBoolean());
    }

    @Test
    void aCatalogueThatFailsDoesNotTakeTheGuideDown() throws Exception {
        ServiceRegistration<DatasetCatalog> registration = context.registerService(DatasetCatalog.class, new DatasetCatalog() {
            @Override
            public DatasetPage datasetsWithLicence(String spdxId, int limit) {
                throw new IllegalStateException("index closed");
            }

            @Override
            public Optional<DatasetRef> dataset(String identifier) {
                return Optional.empty();
            }
        }, null);
        try {
            var response = api.get("/legal/api/licences/ODbL-1.0");
            assertEquals(200, response.statusCode());
            JsonNode datasets = json(response).get("datasets");
            assertFalse(datasets.get("catalogue").asBoolean(), datasets.toString());
            assertTrue(datasets.get("message").asText().contains("n'a pas répondu"), datasets.toString());
            assertEquals(200, api.get("/legal/api/licences").statusCode());
        } finally {
            registration.unregister();
        }
    }
}
