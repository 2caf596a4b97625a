package fr.datagrandest.plugin.ocs.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ByteOrderValues;
import org.locationtech.jts.io.WKBWriter;
import org.locationtech.jts.io.WKTReader;
import org.sqlite.SQLiteDataSource;

import fr.datagrandest.plugin.ocs.generator.CommuneOutline;
import fr.datagrandest.plugin.ocs.generator.CommuneOutlines;
import fr.datagrandest.plugin.ocs.generator.GeoPackageWriter;
import fr.datagrandest.plugin.ocs.generator.SyntheticDataset;
import fr.datagrandest.plugin.ocs.generator.SyntheticOcsGe;

/** Bad GeoPackages are refused whole, with what the producer needs to fix them. */
class BadInputTest {

    private final List<CommuneOutline> communes = CommuneOutlines.hautRhinSample().subList(0, 3);
    private DataSource ds;
    private OcsImporter importer;
    private Path gpkg;

    @BeforeEach
    void setUp(@TempDir Path dir) throws Exception {
        ds = OcsTestDatabase.create();
        importer = new OcsImporter(ds, Nomenclatures.shipped(), OcsTestDatabase.outlines(communes));
        SyntheticDataset data = new SyntheticOcsGe(1, 80_000).generate("68", communes, 2018, 2021);
        gpkg = dir.resolve("v1.gpkg");
        GeoPackageWriter.write(data, 1, gpkg);
    }

    private void sqlite(String sql) throws Exception {
        SQLiteDataSource s = new SQLiteDataSource();
        s.setUrl("jdbc:sqlite:" + gpkg);
        try (Connection c = s.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private int stored() throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM ocs_polygon) + (SELECT count(*) FROM vintage)"
                        + " + (SELECT count(*) FROM surface)")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void unknownCodesAreCountedWithTheirPolygonIdsAndNothingIsStored() throws Exception {
        sqlite("UPDATE OCCUPATION_SOL SET CODE_CS = 'CS9.9' WHERE fid <= 3");
        sqlite("UPDATE OCCUPATION_SOL SET CODE_US = 'US0' WHERE fid = 4");
        OcsInputException e = assertThrows(OcsInputException.class,
                () -> importer.importGeoPackage(gpkg, "68", "t", "t"));
        assertEquals(422, e.status());
        assertEquals(Map.of("CODE_CS=CS9.9", 3, "CODE_US=US0", 1), e.details().get("unknownCodes"));
        assertEquals(4, e.details().get("unknownCodePolygons"));
        assertEquals(List.of("SYNTH_68_0000001", "SYNTH_68_0000002", "SYNTH_68_0000003", "SYNTH_68_0000004"),
                e.details().get("unknownCodeIds"));
        assertEquals(0, stored());
        // the refused import is listed with its report
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT status, report FROM import_job")) {
            rs.next();
            assertEquals("failed", rs.getString(1));
            assertTrue(rs.getString(2).contains("SYNTH_68_0000004"));
        }
    }

    @Test
    void missingFieldsAreNamed() throws Exception {
        sqlite("ALTER TABLE OCCUPATION_SOL RENAME COLUMN CODE_US TO USAGE");
        OcsInputException e = assertThrows(OcsInputException.class,
                () -> importer.importGeoPackage(gpkg, "68", "t", "t"));
        assertEquals(422, e.status());
        assertTrue(e.getMessage().contains("missing: [CODE_US]"), e.getMessage());
        assertEquals(0, stored());
    }

    @Test
    void anUnrepairableGeometryRefusesTheImportAndSaysWhich() throws Exception {
        Geometry bowTie = new WKTReader().read("MULTIPOLYGON(((1000000 6700000, 1000100 6700100, 1000100 6700000,"
                + " 1000000 6700100, 1000000 6700000)))");
        byte[] blob = blob(bowTie);
        SQLiteDataSource s = new SQLiteDataSource();
        s.setUrl("jdbc:sqlite:" + gpkg);
        try (Connection c = s.getConnection();
                var st = c.prepareStatement("UPDATE OCCUPATION_SOL SET geom = ? WHERE fid = 2")) {
            st.setBytes(1, blob);
            st.executeUpdate();
        }
        OcsInputException e = assertThrows(OcsInputException.class,
                () -> importer.importGeoPackage(gpkg, "68", "t", "t"));
        assertEquals(422, e.status());
        assertEquals(List.of("SYNTH_68_0000002"), e.details().get("unrepairableGeometryIds"));
        assertEquals(0, stored());
    }

    @Test
    void aVintageImportedTwiceIsAConflict() throws Exception {
        importer.importGeoPackage(gpkg, "68", "t", "t");
        int before = stored();
        OcsInputException e = assertThrows(OcsInputException.class,
                () -> importer.importGeoPackage(gpkg, "68", "t", "t"));
        assertEquals(409, e.status());
        assertEquals(before, stored());
    }

    @Test
    void polygonsLeftByAnInterruptedImportStayInvisibleAndDoNotBlockTheNextOne() throws Exception {
        // what a crash between the polygon chunks and the vintage row leaves behind
        String someId;
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            importer.importGeoPackage(gpkg, "68", "t", "t");
            try (ResultSet rs = s.executeQuery("SELECT min(ocs_id) FROM ocs_polygon")) {
                rs.next();
                someId = rs.getString(1);
            }
            s.execute("DELETE FROM surface");
            s.execute("DELETE FROM vintage");
        }
        AnomalyReports reports = new AnomalyReports(ds, Nomenclatures.shipped());
        OcsInputException invisible = assertThrows(OcsInputException.class, () -> reports.submit(List.of(
                new AnomalyReports.Submission(someId, 2018, "68", null, null, "vu sur place")), "t"));
        assertEquals(422, invisible.status());
        Map<String, Object> report = importer.importGeoPackage(gpkg, "68", "t", "again");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM ocs_polygon")) {
            rs.next();
            assertEquals(report.get("polygons"), rs.getInt(1));
        }
        assertEquals(1, reports.submit(List.of(
                new AnomalyReports.Submission(someId, 2018, "68", null, null, "vu sur place")), "t").size());
    }

    @Test
    void aPolygonAcrossTwoCommunesIsCutAndOneOnTheBorderIsNot() throws Exception {
        WKTReader wkt = new WKTReader();
        CommuneIndex index = new CommuneIndex(Map.of(
                "A", wkt.read("POLYGON((0 0, 100 0, 100 100, 0 100, 0 0))"),
                "B", wkt.read("POLYGON((100 0, 200 0, 200 100, 100 100, 100 0))")));
        Map<String, Double> across = index.split(wkt.read("POLYGON((50 10, 150 10, 150 20, 50 20, 50 10))"));
        assertEquals(500.0, across.get("A"), 1e-9);
        assertEquals(500.0, across.get("B"), 1e-9);
        Map<String, Double> onBorder = index.split(wkt.read("POLYGON((60 10, 100 10, 100 20, 60 20, 60 10))"));
        assertEquals(Map.of("A", 400.0), onBorder);
        Map<String, Double> outside = index.split(wkt.read("POLYGON((190 10, 210 10, 210 20, 190 20, 190 10))"));
        assertEquals(100.0, outside.get("B"), 1e-9);
        assertEquals(100.0, outside.get(""), 1e-9);
    }

    private static byte[] blob(Geometry g) {
        byte[] wkb = new WKBWriter(2, ByteOrderValues.LITTLE_ENDIAN).write(g);
        Envelope e = g.getEnvelopeInternal();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(40 + wkb.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'G').put((byte) 'P').put((byte) 0).put((byte) 3).putInt(2154);
        b.putDouble(e.getMinX()).putDouble(e.getMaxX()).putDouble(e.getMinY()).putDouble(e.getMaxY()).put(wkb);
        return b.array();
    }
}
