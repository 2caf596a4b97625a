package fr.datagrandest.plugin.ocs.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKBReader;

import fr.datagrandest.platform.api.maps.LayerSource;
import fr.datagrandest.platform.api.maps.LayerSymbology;
import fr.datagrandest.plugin.ocs.generator.CommuneOutline;
import fr.datagrandest.plugin.ocs.generator.CommuneOutlines;
import fr.datagrandest.plugin.ocs.generator.ExpectedIndicators;
import fr.datagrandest.plugin.ocs.generator.GeoPackageWriter;
import fr.datagrandest.plugin.ocs.generator.SyntheticDataset;
import fr.datagrandest.plugin.ocs.generator.SyntheticOcsGe;

/**
 * The map layers of a vintage carry exactly its polygons, with their classes, labels and the nomenclature's colours,
 * and the per-commune artificialised share the generator knows by construction.
 */
class OcsLayerSourcesTest {

    private final List<CommuneOutline> communes = CommuneOutlines.hautRhinSample().subList(0, 4);
    private SyntheticDataset data;
    private ExpectedIndicators expected;
    private OcsLayerSources sources;

    record Feature(String id, Geometry geometry, Map<String, Object> properties) {
    }

    @BeforeEach
    void importTwoVintages(@TempDir Path dir) throws Exception {
        data = new SyntheticOcsGe(11, 100_000).generate("68", communes, 2018, 2021);
        expected = new ExpectedIndicators(data);
        DataSource ds = OcsTestDatabase.create();
        OcsImporter importer = new OcsImporter(ds, Nomenclatures.shipped(), OcsTestDatabase.outlines(communes));
        for (int vintage = 1; vintage <= 2; vintage++) {
            Path file = dir.resolve("v" + vintage + ".gpkg");
            GeoPackageWriter.write(data, vintage, file);
            importer.importGeoPackage(file, "68", "test", file.getFileName().toString());
        }
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, Geometry> outlines = new LinkedHashMap<>();
        communes.forEach(c -> {
            names.put(c.code(), c.name());
            outlines.put(c.code(), c.outline());
        });
        sources = new OcsLayerSources(ds, Nomenclatures.shipped(), new OcsLayerSources.Places() {
            @Override
            public String departementName(String departement) {
                return "Haut-Rhin";
            }

            @Override
            public Map<String, String> communeNames(String departement) {
                return names;
            }

            @Override
            public Map<String, Geometry> communeOutlines(String departement) {
                return outlines;
            }
        });
    }

    private static List<Feature> read(LayerSource source) throws Exception {
        List<Feature> out = new ArrayList<>();
        WKBReader wkb = new WKBReader();
        source.features((id, bytes, properties) -> {
            try {
                out.add(new Feature(id, wkb.read(bytes), properties));
            } catch (org.locationtech.jts.io.ParseException e) {
                throw new AssertionError(e);
            }
        });
        return out;
    }

    @Test
    void eachVintageOffersItsLandCoverAndItsArtificialisation() throws Exception {
        List<OcsLayerSources.Vintage> vintages = sources.vintages();
        assertEquals(List.of("68-2018", "68-2021"), vintages.stream().map(OcsLayerSources.Vintage::key).toList());
        List<LayerSource> layers = sources.layers(vintages.get(1));
        assertEquals(List.of("ocs-couverture-68-2021", "ocs-artificialisation-68-2021"),
                layers.stream().map(LayerSource::id).toList());
        assertTrue(layers.get(0).description().title().contains("2021") && layers.get(0).description().title()
                .contains("Haut-Rhin (68)"), layers.get(0).description().title());
        assertTrue(layers.get(0).description().description().contains("SYNTHÉTIQUES"));
        assertEquals(2154, layers.get(0).description().srid());
    }

    @Test
    void theLandCoverLayerHasEveryPolygonWithItsClassesAndColours() throws Exception {
        OcsLayerSources.Vintage v2021 = sources.vintages().get(1);
        LayerSource cover = sources.landCover(v2021);
        List<Feature> features = read(cover);
        assertEquals(data.polygons().size(), features.size());
        Map<String, String> expectedCs = new LinkedHashMap<>();
        data.polygons().forEach(p -> expectedCs.put(p.id(), p.cs2()));
        double area = 0;
        for (Feature f : features) {
            assertEquals(expectedCs.get(f.id()), f.properties().get("code_cs"), f.id());
            area += f.geometry().getArea();
        }
        assertEquals(expected.sum(expected.communes().keySet()).totalArea, area, 1.0);

        LayerSymbology symbology = cover.description().symbology();
        assertEquals("code_cs", symbology.property());
        NomenclatureCode buildings = Nomenclatures.shipped().nomenclatureOf(Nomenclatures.shipped().defaultMatrix())
                .covers().get("CS1.1.1.1");
        LayerSymbology.SymbolClass buildingClass = symbology.classes().stream()
                .filter(c -> "CS1.1.1.1".equals(c.value())).findFirst().orElseThrow();
        assertEquals(OcsLayerSources.colour(buildings.color()), buildingClass.fill());
        assertTrue(buildingClass.label().startsWith("CS1.1.1.1 "), buildingClass.label());
        Feature first = features.get(0);
        assertTrue(first.properties().containsKey("couverture") && first.properties().containsKey("usage")
                && first.properties().get("artificialise") instanceof Boolean, first.properties().toString());
    }

    @Test
    void theArtificialisationLayerGivesEachCommuneItsKnownShare() throws Exception {
        OcsLayerSources.Vintage v2018 = sources.vintages().get(0);
        List<Feature> features = read(sources.artificialisation(v2018));
        assertEquals(communes.size(), features.size());
        for (Feature f : features) {
            String code = (String) f.properties().get("commune");
            ExpectedIndicators.Figures figures = expected.commune(code);
            assertEquals(Math.round(figures.artificialised1 / figures.totalArea * 10_000) / 100.0,
                    (Double) f.properties().get("part_artificialisee"), 0.011, code);
            assertEquals(2018, f.properties().get("millesime"));
            assertTrue(f.geometry().getArea() > 0);
        }
    }

    @Test
    void coloursOfTheNomenclatureAreNormalised() {
        assertEquals("#ff0000", OcsLayerSources.colour("#F00"));
        assertEquals("#a600cc", OcsLayerSources.colour("#A600CC"));
        assertEquals("#999999", OcsLayerSources.colour("rouge"));
    }
}
