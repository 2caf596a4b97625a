package fr.datagrandest.plugin.maps.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;

import org.junit.jupiter.api.Test;

class CsvLayerTest {

    @Test
    void lonLatColumnsWithQuotesAndCodesKeptAsText() throws Exception {
        LayerImport.Imported data = CsvLayer.read(new BufferedReader(new StringReader(
                "code;nom;population;lon;lat\n08001;\"Acy-Romance; \"\"village\"\"\";479;4,3428;49,5108\n")), Crs.CRS84);
        MapFeature f = data.features().get(0);
        assertEquals("08001", f.properties().get("code"));
        assertEquals("Acy-Romance; \"village\"", f.properties().get("nom"));
        assertEquals(479L, f.properties().get("population"));
        assertEquals(4.3428, f.geometry().getCoordinate().x, 1e-9);
    }

    @Test
    void wktInLambert93IsReprojected() throws Exception {
        LayerImport.Imported data = CsvLayer.read(new BufferedReader(new StringReader(
                "nom,wkt\ncathédrale,POINT (1050217.5 6841837.5)\n")), Crs.source(2154).orElseThrow());
        assertEquals(7.7509, data.features().get(0).geometry().getCoordinate().x, 1e-6);
        assertEquals("EPSG:2154", data.sourceCrs());
    }

    @Test
    void refusals() {
        BadInputException noGeometry = assertThrows(BadInputException.class,
                () -> CsvLayer.read(new BufferedReader(new StringReader("a,b\n1,2\n")), Crs.CRS84));
        assertTrue(noGeometry.getMessage().contains("WKT column"));
        BadInputException badWkt = assertThrows(BadInputException.class,
                () -> CsvLayer.read(new BufferedReader(new StringReader("wkt\nPOINT (1\n")), Crs.CRS84));
        assertTrue(badWkt.getMessage().contains("line 2"));
    }
}
