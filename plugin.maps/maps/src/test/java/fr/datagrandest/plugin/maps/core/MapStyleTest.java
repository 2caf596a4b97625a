package fr.datagrandest.plugin.maps.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Color;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class MapStyleTest {

    final ObjectMapper json = new ObjectMapper();

    @Test
    void categorizedAndGraduatedClasses() throws Exception {
        MapStyle cat = MapStyle.parse(json.readTree("{\"fill\":\"#ffffff\",\"classes\":{\"property\":\"dep\","
                + "\"values\":[{\"value\":\"67\",\"fill\":\"#ff0000\"}]}}"));
        assertEquals(new Color(255, 0, 0), cat.fillFor(Map.of("dep", "67")));
        assertEquals(Color.WHITE, cat.fillFor(Map.of("dep", "68")));
        MapStyle grad = MapStyle.parse(json.readTree("{\"classes\":{\"property\":\"population\",\"type\":\"graduated\","
                + "\"values\":[{\"max\":1000,\"fill\":\"#00ff00\"},{\"min\":1000,\"fill\":\"#0000ff\"}]}}"));
        assertEquals(new Color(0, 255, 0), grad.fillFor(Map.of("population", 999L)));
        assertEquals(new Color(0, 0, 255), grad.fillFor(Map.of("population", 290000L)));
    }

    @Test
    void roundTripAndErrors() throws Exception {
        MapStyle s = MapStyle.parse(json.readTree("{\"fill\":\"#336699\",\"fillOpacity\":0.5,\"stroke\":null,\"label\":\"nom\"}"));
        MapStyle again = MapStyle.parse(s.toJson(json));
        assertEquals(s.fill(), again.fill());
        assertNull(again.stroke());
        assertEquals("nom", again.label());
        assertThrows(IllegalArgumentException.class, () -> MapStyle.parse(json.readTree("{\"fill\":\"blue\"}")));
        assertThrows(IllegalArgumentException.class, () -> MapStyle.parse(json.readTree("{\"fillOpacity\":2}")));
        assertThrows(IllegalArgumentException.class, () -> MapStyle.parse(json.readTree("{\"classes\":{\"values\":[]}}")));
    }
}
