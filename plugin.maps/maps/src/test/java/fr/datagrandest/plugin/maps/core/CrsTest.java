package fr.datagrandest.plugin.maps.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

class CrsTest {

    @Test
    void strasbourgCathedralInLambert93AndWebMercator() {
        double[] l93 = Crs.EPSG2154.project(7.7509, 48.5819);
        assertEquals(1050217.5, l93[0], 0.5);
        assertEquals(6841837.5, l93[1], 0.5);
        double[] back = Crs.EPSG2154.unproject(l93[0], l93[1]);
        assertEquals(7.7509, back[0], 1e-7);
        assertEquals(48.5819, back[1], 1e-7);
        double[] m = Crs.EPSG3857.project(7.7509, 48.5819);
        assertEquals(862826.2, m[0], 0.5);
        assertEquals(6204214.1, m[1], 0.5);
    }

    @Test
    void namesAndAxisOrder() {
        assertSame(Crs.EPSG4326, Crs.served("epsg:4326").orElseThrow());
        assertSame(Crs.CRS84, Crs.served("http://www.opengis.net/def/crs/OGC/1.3/CRS84").orElseThrow());
        assertSame(Crs.EPSG2154, Crs.served("http://www.opengis.net/def/crs/EPSG/0/2154").orElseThrow());
        assertTrue(Crs.EPSG4326.latitudeFirst());
        assertTrue(Crs.served("EPSG:27572").isEmpty());
    }

    @Test
    void envelopesRoundTrip() {
        Envelope grandEst = new Envelope(3.38, 8.24, 47.42, 50.17);
        Envelope l93 = Crs.EPSG2154.fromWgs84(grandEst);
        Envelope back = Crs.EPSG2154.toWgs84(l93);
        assertTrue(back.contains(grandEst));
    }
}
