package fr.datagrandest.plugin.maps.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MapPreviewServiceTest {

    @Test
    void pathsUsePlainDecimalsThatTheViewerReadsBack() {
        String path = new MapPreviewService().previewPath(-0.0000001, 48.5, 7.123456789, 49);
        assertEquals("/maps?integre&bbox=0,48.5,7.123457,49", path);
        assertArrayEquals(new double[] {0, 48.5, 7.123457, 49},
                ViewerServlet.parseBbox(path.substring(path.indexOf("bbox=") + 5)), 0);
    }

    @Test
    void badBoxesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ViewerServlet.parseBbox("1,2,3"));
        assertThrows(IllegalArgumentException.class, () -> ViewerServlet.parseBbox("5,50,4,51"));
        assertThrows(IllegalArgumentException.class, () -> ViewerServlet.parseBbox("5,-91,6,50"));
        assertThrows(IllegalArgumentException.class, () -> ViewerServlet.parseBbox("5,Infinity,6,50"));
    }
}
