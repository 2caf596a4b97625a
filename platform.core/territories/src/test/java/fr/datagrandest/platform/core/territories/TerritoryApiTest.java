package fr.datagrandest.platform.core.territories;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import com.fasterxml.jackson.databind.JsonNode;

import fr.datagrandest.platform.core.web.HttpProblem;
import fr.datagrandest.platform.core.web.Responses;

/** The HTTP API's answers, as the JSON the servlet writes, and its 400 and 404 problems. */
class TerritoryApiTest {

    private static TerritoryApi api;

    @BeforeAll
    static void activate() throws Exception {
        api = new TerritoryApi(new GrandEstTerritories());
    }

    @Test
    void searchAnswersAListOfLevelCodeNamePopulation() throws Exception {
        JsonNode list = json(api.search("strasbourg", null, null));
        assertTrue(list.isArray());
        assertEquals("{\"level\":\"commune\",\"code\":\"67482\",\"name\":\"Strasbourg\",\"population\":293771}",
                list.get(0).toString());
        assertEquals("epci", json(api.search("strasbourg", "epci", "1")).get(0).get("level").asText());
        assertEquals(1, json(api.search("strasbourg", "epci", "1")).size());
        assertEquals(100, json(api.search("saint", null, "100")).size());
        assertEquals("region", json(api.search("44", null, null)).get(0).get("level").asText());
    }

    @Test
    void badSearchParametersAre400() {
        assertProblem(400, () -> api.search(null, null, null));
        assertProblem(400, () -> api.search("  ", null, null));
        assertProblem(400, () -> api.search("x".repeat(101), null, null));
        assertProblem(400, () -> api.search("metz", "canton", null));
        assertProblem(400, () -> api.search("metz", "COMMUNE", null));
        assertProblem(400, () -> api.search("metz", null, "0"));
        assertProblem(400, () -> api.search("metz", null, "101"));
        assertProblem(400, () -> api.search("metz", null, "ten"));
    }

    @Test
    void describesATerritoryWithParentsAndChildrenCounts() throws Exception {
        JsonNode region = json(api.describe("region", "44"));
        assertEquals("Grand Est", region.get("name").asText());
        assertEquals(5_563_378, region.get("population").asLong());
        assertEquals("{\"departement\":10,\"epci\":150,\"commune\":5115}", region.get("children").toString());
        assertEquals(0, region.get("parents").size());

        JsonNode strasbourg = json(api.describe("commune", "67482"));
        assertEquals(List.of("epci:246700488", "departement:67"), List.of(
                key(strasbourg.get("parents").get(0)), key(strasbourg.get("parents").get(1))));
        assertEquals("{}", strasbourg.get("children").toString());

        JsonNode savoirFaire = json(api.describe("epci", "200070332"));
        assertEquals("departement:70", key(savoirFaire.get("parents").get(1)));
        assertEquals(60, savoirFaire.get("children").get("commune").asInt());
    }

    @Test
    void unknownLevelsAndCodesAre404() {
        assertProblem(404, () -> api.describe("canton", "6701"));
        assertProblem(404, () -> api.describe("commune", "99999"));
        assertProblem(404, () -> api.describe("departement", "70"));
        assertProblem(404, () -> api.feature("epci", "123", null));
    }

    @Test
    void geometryIsAGeoJsonFeatureInEitherSystem() throws Exception {
        JsonNode wgs84 = json(api.feature("departement", "67", null));
        assertEquals("Feature", wgs84.get("type").asText());
        assertEquals("departement:67", wgs84.get("id").asText());
        assertEquals("Bas-Rhin", wgs84.get("properties").get("name").asText());
        assertTrue(List.of("Polygon", "MultiPolygon").contains(wgs84.get("geometry").get("type").asText()));
        assertEquals(4, wgs84.get("bbox").size());
        assertTrue(wgs84.get("bbox").get(0).asDouble() > 6.9 && wgs84.get("bbox").get(2).asDouble() < 8.3);
        assertTrue(wgs84.get("crs") == null, "RFC 7946 GeoJSON names no CRS");

        JsonNode lambert = json(api.feature("departement", "67", "2154"));
        assertEquals("urn:ogc:def:crs:EPSG::2154", lambert.get("crs").get("properties").get("name").asText());
        assertTrue(lambert.get("bbox").get(0).asDouble() > 950_000, "eastings of Alsace, in metres");
        assertEquals(json(api.feature("departement", "67", "EPSG:2154")), lambert);
    }

    @Test
    void unknownCrsIs400() {
        assertProblem(400, () -> api.feature("commune", "67482", "3857"));
    }

    private static String key(JsonNode territory) {
        return territory.get("level").asText() + ":" + territory.get("code").asText();
    }

    private static JsonNode json(Object answer) throws Exception {
        return Responses.JSON.readTree(Responses.JSON.writeValueAsString(answer));
    }

    private static void assertProblem(int status, Executable call) {
        HttpProblem problem = assertThrows(HttpProblem.class, call);
        assertEquals(status, problem.status(), problem.getMessage());
        assertTrue(problem.getMessage() != null && !problem.getMessage().isBlank());
    }
}
