package fr.datagrandest.plugin.maps.core.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * WFS 2.0 with FES 2.0 filters: in the FILTER parameter, in a POST XML GetFeature, from OWSLib and from GDAL's
 * {@code -where} (which GDAL turns into a filter sent to the server). Expected counts are computed from the
 * layer's features read without filter.
 */
@ExtendWith(BundleContextExtension.class)
class WfsFilterIT {

    private static final String FES = "xmlns:fes=\"http://www.opengis.net/fes/2.0\"";

    @InjectBundleContext
    BundleContext context;
    MapsPlatform platform;
    List<JsonNode> communes;

    @BeforeEach
    void start() throws Exception {
        platform = new MapsPlatform(context);
        communes = new ArrayList<>();
        platform.json("/maps/ogcapi/collections/communes/items?limit=10000").get("features").forEach(communes::add);
        assertTrue(communes.size() > 5000);
    }

    private long expected(Predicate<JsonNode> properties) {
        return communes.stream().map(f -> f.get("properties")).filter(properties).count();
    }

    /** numberMatched of a GetFeature with this filter on the communes (GET, KVP). */
    private int matched(String filter) throws Exception {
        HttpResponse<String> r = platform.get("/maps/wfs?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=dge:communes"
                + "&OUTPUTFORMAT=application/json&COUNT=2&FILTER=" + URLEncoder.encode(filter, StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode(), r.body());
        return MapsPlatform.JSON.readTree(r.body()).get("numberMatched").asInt();
    }

    private static String filter(String body) {
        return "<fes:Filter " + FES + ">" + body + "</fes:Filter>";
    }

    private static String compare(String op, String property, String literal) {
        return "<fes:" + op + "><fes:ValueReference>" + property + "</fes:ValueReference><fes:Literal>" + literal
                + "</fes:Literal></fes:" + op + ">";
    }

    @Test
    void everyOperatorSelectsWhatItSays() throws Exception {
        assertEquals(1, matched(filter(compare("PropertyIsEqualTo", "nom", "Strasbourg"))));
        assertEquals(expected(p -> !p.get("departement").asText().equals("67")),
                matched(filter(compare("PropertyIsNotEqualTo", "dge:departement", "67"))));
        assertEquals(expected(p -> p.get("population").asLong() < 50),
                matched(filter(compare("PropertyIsLessThan", "population", "50"))));
        assertEquals(expected(p -> p.get("population").asLong() > 50000),
                matched(filter(compare("PropertyIsGreaterThan", "population", "50000"))));
        assertEquals(expected(p -> p.get("population").asLong() >= 1000 && p.get("population").asLong() <= 2000),
                matched(filter("<fes:PropertyIsBetween><fes:ValueReference>population</fes:ValueReference>"
                        + "<fes:LowerBoundary><fes:Literal>1000</fes:Literal></fes:LowerBoundary>"
                        + "<fes:UpperBoundary><fes:Literal>2000</fes:Literal></fes:UpperBoundary></fes:PropertyIsBetween>")));
        assertEquals(expected(p -> p.get("nom").asText().startsWith("Saint-")),
                matched(filter("<fes:PropertyIsLike wildCard=\"*\" singleChar=\"?\" escapeChar=\"!\">"
                        + "<fes:ValueReference>nom</fes:ValueReference><fes:Literal>Saint-*</fes:Literal></fes:PropertyIsLike>")));
        assertEquals(expected(p -> p.get("departement").asText().equals("67") && p.get("population").asLong() > 10000),
                matched(filter("<fes:And>" + compare("PropertyIsEqualTo", "departement", "67")
                        + compare("PropertyIsGreaterThan", "population", "10000") + "</fes:And>")));
        assertEquals(expected(p -> p.get("departement").asText().equals("08") || p.get("departement").asText().equals("10")),
                matched(filter("<fes:Or>" + compare("PropertyIsEqualTo", "departement", "08")
                        + compare("PropertyIsEqualTo", "departement", "10") + "</fes:Or>")));
        assertEquals(expected(p -> !p.get("departement").asText().equals("67")),
                matched(filter("<fes:Not>" + compare("PropertyIsEqualTo", "departement", "67") + "</fes:Not>")));
        // BBOX latitude first in urn EPSG::4326, with a comparison: Strasbourg only
        assertEquals(1, matched(filter("<fes:And><fes:BBOX><fes:ValueReference>geometry</fes:ValueReference>"
                + "<gml:Envelope xmlns:gml=\"http://www.opengis.net/gml/3.2\" srsName=\"urn:ogc:def:crs:EPSG::4326\">"
                + "<gml:lowerCorner>48.57 7.74</gml:lowerCorner><gml:upperCorner>48.59 7.76</gml:upperCorner></gml:Envelope>"
                + "</fes:BBOX>" + compare("PropertyIsGreaterThan", "population", "100000") + "</fes:And>")));
        // ResourceId, also as the RESOURCEID parameter
        assertEquals(2, matched(filter("<fes:ResourceId rid=\"communes.3\"/><fes:ResourceId rid=\"communes.7\"/>")));
        String byId = platform.get("/maps/wfs?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=dge:communes"
                + "&RESOURCEID=communes.3").body();
        assertTrue(byId.contains("gml:id=\"communes.3\"") && byId.contains("numberMatched=\"1\""), byId);
    }

    @Test
    void pagesOfAFilterKeepTheFilterAndBadFiltersAreRefused() throws Exception {
        String f = filter(compare("PropertyIsEqualTo", "departement", "67"));
        String page = platform.get("/maps/wfs?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=dge:communes&COUNT=5"
                + "&FILTER=" + URLEncoder.encode(f, StandardCharsets.UTF_8)).body();
        assertTrue(page.contains("numberReturned=\"5\"") && page.contains("FILTER="), page.substring(0, 800));
        for (String bad : new String[] {filter(compare("PropertyIsEqualTo", "absente", "1")), "<fes:Filter " + FES + ">",
            filter("<fes:Intersects><fes:ValueReference>geometry</fes:ValueReference></fes:Intersects>"),
            "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><fes:Filter " + FES + ">&e;</fes:Filter>"}) {
            HttpResponse<String> r = platform.get("/maps/wfs?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature"
                    + "&TYPENAMES=dge:communes&FILTER=" + URLEncoder.encode(bad, StandardCharsets.UTF_8));
            assertEquals(400, r.statusCode(), bad);
            assertTrue(r.body().contains("InvalidParameterValue") && r.body().contains("locator=\"filter\""), r.body());
        }
    }

    @Test
    void aPostedXmlGetFeatureIsFiltered() throws Exception {
        String xml = "<wfs:GetFeature xmlns:wfs=\"http://www.opengis.net/wfs/2.0\" " + FES + " service=\"WFS\""
                + " version=\"2.0.0\" count=\"3\" outputFormat=\"application/json\"><wfs:Query typeNames=\"dge:communes\">"
                + filter(compare("PropertyIsGreaterThan", "population", "50000")).replace(" " + FES, "")
                + "</wfs:Query></wfs:GetFeature>";
        HttpResponse<String> r = platform.http.send(HttpRequest.newBuilder(URI.create(platform.base + "/maps/wfs"))
                .header("Content-Type", "text/xml").POST(HttpRequest.BodyPublishers.ofString(xml)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode json = MapsPlatform.JSON.readTree(r.body());
        assertEquals(expected(p -> p.get("population").asLong() > 50000), json.get("numberMatched").asInt());
        assertEquals(3, json.get("features").size());
        HttpResponse<String> bad = platform.http.send(HttpRequest.newBuilder(URI.create(platform.base + "/maps/wfs"))
                .POST(HttpRequest.BodyPublishers.ofString("<wfs:GetFeature")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("OperationParsingFailed"), bad.body());
    }

    @Test
    void owslibSendsFilterEncodingByGetAndPost() throws Exception {
        long expected = expected(p -> p.get("nom").asText().startsWith("Saint-") && p.get("departement").asText().equals("88"));
        Path script = Files.createTempFile("wfs-fes", ".py");
        Files.writeString(script, """
                import sys
                from owslib.wfs import WebFeatureService
                from owslib.fes2 import PropertyIsLike, PropertyIsEqualTo, And, Filter
                from owslib.etree import etree
                wfs = WebFeatureService(sys.argv[1] + '/maps/wfs', version='2.0.0')
                f = Filter(And([PropertyIsLike(propertyname='nom', literal='Saint-*', wildCard='*'),
                                PropertyIsEqualTo(propertyname='departement', literal='88')]))
                # GET takes the filter as text, POST as an element (OWSLib's own conventions).
                for method, filter in (('Get', etree.tostring(f.toXML()).decode('utf-8')), ('Post', f.toXML())):
                    r = wfs.getfeature(typename=['dge:communes'], filter=filter, method=method, maxfeatures=1000)
                    body = r.read()
                    body = body.decode('utf-8') if isinstance(body, bytes) else body
                    print(method, body.count('<wfs:member>'))
                """);
        String out = MapsPlatform.run("/usr/bin/python3", script.toString(), platform.base);
        assertTrue(out.contains("Get " + expected + "\n") && out.contains("Post " + expected + "\n"), out + " expected " + expected);
    }

    @Test
    void gdalWhereIsSentAsAFilter() throws Exception {
        long expected = expected(p -> p.get("population").asLong() > 20000 && !p.get("departement").asText().equals("57"));
        // With --debug on, GDAL prints the URLs it asks: the FILTER must be in them (filtered by the server).
        String out = MapsPlatform.run("ogrinfo", "--debug", "on", "-ro", "-al", "-q", "-where",
                "population > 20000 AND departement <> '57'", "WFS:" + platform.base + "/maps/wfs", "dge:communes");
        assertTrue(out.contains("FILTER="), out.length() > 3000 ? out.substring(0, 3000) : out);
        long features = out.lines().filter(l -> l.startsWith("OGRFeature(")).count();
        assertEquals(expected, features, out.length() > 3000 ? out.substring(0, 3000) : out);
    }
}
