package fr.datagrandest.plugin.maps.core.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

import com.fasterxml.jackson.databind.JsonNode;

/** WFS 2.0 read by GDAL's WFS driver and OWSLib's WebFeatureService 2.0, plus paging and errors over HTTP. */
@ExtendWith(BundleContextExtension.class)
class WfsIT {

    @InjectBundleContext
    BundleContext context;
    MapsPlatform platform;

    @BeforeEach
    void start() throws Exception {
        platform = new MapsPlatform(context);
    }

    @Test
    void gdalListsAndCountsTheFeatureTypes() throws Exception {
        String out = MapsPlatform.run("ogrinfo", "-ro", "-so", "WFS:" + platform.base + "/maps/wfs", "dge:departements");
        assertTrue(out.contains("Feature Count: 10"), out);
        String strasbourg = MapsPlatform.run("ogrinfo", "-ro", "-al", "-q", "-spat", "7.74", "48.57", "7.76", "48.59",
                "-where", "nom = 'Strasbourg'", "WFS:" + platform.base + "/maps/wfs", "dge:communes");
        assertTrue(strasbourg.contains("code (String) = 67482"), strasbourg);
    }

    @Test
    void owslibGetsFeaturesInGml() throws Exception {
        Path script = Files.createTempFile("wfs", ".py");
        Files.writeString(script, """
                import sys
                from owslib.wfs import WebFeatureService
                wfs = WebFeatureService(sys.argv[1] + '/maps/wfs', version='2.0.0')
                assert 'dge:communes' in wfs.contents, list(wfs.contents)
                r = wfs.getfeature(typename=['dge:departements'], maxfeatures=3)
                xml = r.read()
                xml = xml.decode('utf-8') if isinstance(xml, bytes) else xml
                assert xml.count('<wfs:member>') == 3, xml[:500]
                assert 'Ardennes' in xml
                print('OK')
                """);
        String out = MapsPlatform.run("/usr/bin/python3", script.toString(), platform.base);
        assertTrue(out.contains("OK"), out);
    }

    @Test
    void pagingHitsJsonAndErrors() throws Exception {
        String q = "/maps/wfs?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=dge:communes";
        String page = platform.get(q + "&COUNT=2&STARTINDEX=4").body();
        assertTrue(page.contains("numberMatched=\"5115\"") && page.contains("numberReturned=\"2\""), page.substring(0, 600));
        assertTrue(page.contains("gml:id=\"communes.5\"") && page.contains("STARTINDEX=6"));
        // urn EPSG::4326 is latitude first: Strasbourg's positions start with 48.
        String l = platform.get(q + "&COUNT=1&BBOX=48.57,7.74,48.59,7.76,urn:ogc:def:crs:EPSG::4326&SRSNAME=urn:ogc:def:crs:EPSG::4326").body();
        assertTrue(l.contains("<dge:nom>Strasbourg</dge:nom>") && l.contains("<gml:posList>48."), l);
        assertTrue(platform.get(q + "&RESULTTYPE=hits").body().contains("numberReturned=\"0\""));
        JsonNode json = MapsPlatform.JSON.readTree(platform.get(q + "&COUNT=3&OUTPUTFORMAT=application/json").body());
        assertEquals(3, json.get("features").size());
        String schema = platform.get("/maps/wfs?SERVICE=WFS&VERSION=2.0.0&REQUEST=DescribeFeatureType&TYPENAMES=dge:communes").body();
        assertTrue(schema.contains("name=\"population\" type=\"xs:long\"") && schema.contains("gml:MultiSurfacePropertyType"), schema);
        HttpResponse<String> bad = platform.get("/maps/wfs?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=dge:nowhere");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("ows:ExceptionReport") && bad.body().contains("InvalidParameterValue"));
    }
}
