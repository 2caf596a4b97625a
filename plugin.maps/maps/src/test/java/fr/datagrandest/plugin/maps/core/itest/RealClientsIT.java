package fr.datagrandest.plugin.maps.core.itest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

/** Real clients, unchanged, against the running platform: OWSLib's WebMapService 1.3.0 and GDAL. */
@ExtendWith(BundleContextExtension.class)
class RealClientsIT {

    @InjectBundleContext
    BundleContext context;
    MapsPlatform platform;

    @BeforeEach
    void start() throws Exception {
        platform = new MapsPlatform(context);
    }

    @Test
    void owslibReadsCapabilitiesGetsAMapAndFeatureInfo() throws Exception {
        Path script = Files.createTempFile("wms", ".py");
        Files.writeString(script, """
                import sys, io
                # OWSLib takes (lon, lat) boxes and sends them latitude first for EPSG:4326, as WMS 1.3.0 says.
                from owslib.wms import WebMapService
                wms = WebMapService(sys.argv[1] + '/maps/wms', version='1.3.0')
                assert 'communes' in wms.contents, list(wms.contents)
                layer = wms['communes']
                assert 'EPSG:2154' in layer.crsOptions, layer.crsOptions
                w, s, e, n = layer.boundingBoxWGS84
                assert 3.3 < w < 4.0 and 7.9 < e < 8.4 and 47.3 < s < 47.7 and 49.9 < n < 50.3, layer.boundingBoxWGS84
                img = wms.getmap(layers=['communes'], srs='EPSG:4326', bbox=(7.735, 48.575, 7.765, 48.595),
                                 size=(64, 64), format='image/png')
                data = img.read()
                assert data[:8] == b'\\x89PNG\\r\\n\\x1a\\n', data[:200]
                info = wms.getfeatureinfo(layers=['communes'], srs='EPSG:4326', bbox=(7.735, 48.575, 7.765, 48.595),
                                          size=(64, 64), format='image/png', query_layers=['communes'],
                                          info_format='text/plain', xy=(32, 32))
                text = info.read().decode('utf-8')
                assert 'Strasbourg' in text, text
                print('OK', len(wms.contents))
                """);
        String out = MapsPlatform.run("/usr/bin/python3", script.toString(), platform.base);
        assertTrue(out.contains("OK"), out);
    }

    @Test
    void gdalReadsTheWmsAsARaster() throws Exception {
        String out = MapsPlatform.run("gdalinfo", "WMS:" + platform.base
                + "/maps/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=departements&CRS=EPSG:2154"
                + "&BBOX=750000,6690000,1100000,7000000");
        assertTrue(out.contains("Driver: WMS") && out.contains("Lambert"), out);
        Path tif = Files.createTempFile("wms", ".tif");
        MapsPlatform.run("gdal_translate", "-q", "-outsize", "64", "64", "WMS:" + platform.base
                + "/maps/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=departements&CRS=EPSG:2154"
                + "&BBOX=750000,6690000,1100000,7000000&FORMAT=image/png", tif.toString());
        String stats = MapsPlatform.run("gdalinfo", "-stats", tif.toString());
        assertTrue(stats.contains("Band 1") && !stats.contains("STATISTICS_MINIMUM=255\n"), stats);
    }
}
