package fr.datagrandest.plugin.ocs.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;

class SyntheticOcsGeTest {

    private static final List<CommuneOutline> COMMUNES = CommuneOutlines.hautRhinSample().subList(0, 12);

    @Test
    void eachCommuneIsExactlyPartitionedByItsPolygons() {
        SyntheticDataset data = new SyntheticOcsGe(7, 80_000).generate("68", COMMUNES, 2018, 2021);
        ExpectedIndicators expected = new ExpectedIndicators(data);
        for (CommuneOutline c : COMMUNES) {
            double area = c.outline().getArea();
            assertEquals(area, expected.commune(c.code()).totalArea, area * 1e-9, c.code());
            assertTrue(expected.commune(c.code()).polygons >= 12, c.code());
        }
        // polygons do not overlap: the union has the area of the sum
        Geometry union = data.polygons().stream().filter(p -> p.commune().equals(COMMUNES.get(0).code()))
                .map(p -> (Geometry) p.geometry()).reduce(Geometry::union).orElseThrow();
        assertEquals(COMMUNES.get(0).outline().getArea(), union.getArea(), union.getArea() * 1e-9);
    }

    @Test
    void secondVintageChangesAFewPercentAndClassSharesAreRealistic() {
        SyntheticDataset data = new SyntheticOcsGe(7, 80_000).generate("68", COMMUNES, 2018, 2021);
        double total = 0;
        double changed = 0;
        for (SyntheticPolygon p : data.polygons()) {
            total += p.area();
            if (!p.cs1().equals(p.cs2()) || !p.us1().equals(p.us2())) {
                changed += p.area();
            }
        }
        ExpectedIndicators.Figures all = new ExpectedIndicators(data).sum(
                COMMUNES.stream().map(CommuneOutline::code).toList());
        assertTrue(changed / total > 0.001 && changed / total < 0.08, "changed share " + changed / total);
        double artificialShare = all.artificialised1 / all.totalArea;
        assertTrue(artificialShare > 0.01 && artificialShare < 0.4, "artificialised share " + artificialShare);
        assertTrue(all.artificialisation > 0, "some land is artificialised between vintages");
        assertTrue(all.artificialised2 >= all.artificialised1 - all.deArtificialisation - 1e-6);
        assertEquals(all.artificialised2, all.artificialised1 + all.artificialisation - all.deArtificialisation,
                all.totalArea * 1e-12);
        assertTrue(all.belowThreshold > 0, "the size thresholds of the décret are exercised");
    }

    @Test
    void writesAGeoPackageThatGdalReads(@TempDir Path dir) throws Exception {
        SyntheticDataset data = new SyntheticOcsGe(7, 80_000).generate("68", COMMUNES.subList(0, 3), 2018, 2021);
        Path gpkg = dir.resolve("OCSGE_68_2021.gpkg");
        GeoPackageWriter.write(data, 2, gpkg);
        Process p = new ProcessBuilder("ogrinfo", "-ro", "-so", "-al", gpkg.toString()).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("Layer name: OCCUPATION_SOL"), out);
        assertTrue(out.contains("Feature Count: " + data.polygons().size()), out);
        assertTrue(out.contains("Lambert-93") || out.contains("Lambert_93") || out.contains("2154"), out);
        assertTrue(out.contains("CODE_CS: String"), out);
        assertTrue(Files.size(gpkg) > 0);
    }
}
