package fr.datagrandest.plugin.catalog.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;

/** CSW 2.0.2 over HTTP, by hand and with the real clients: OWSLib (python3-owslib) and GDAL's CSW driver (ogrinfo). */
class CswIT {

    @InjectBundleContext
    BundleContext context;
    RunningPlatform platform;

    @BeforeEach
    void platform() throws Exception {
        platform = new RunningPlatform(context);
    }

    private String csw(String query) throws Exception {
        HttpResponse<String> r = platform.get("/catalog/csw?" + query);
        assertEquals(200, r.statusCode(), query + "\n" + r.body());
        return r.body();
    }

    private String postCsw(String xml) throws Exception {
        HttpResponse<String> r = platform.post("/catalog/csw", "application/xml", xml.getBytes(StandardCharsets.UTF_8), false);
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    private static String attribute(String xml, String name) {
        Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(xml);
        return m.find() ? m.group(1) : null;
    }

    private static List<String> identifiers(String xml) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<dc:identifier>([^<]*)</dc:identifier>").matcher(xml);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void capabilitiesAndDescribeRecord() throws Exception {
        String caps = csw("service=CSW&request=GetCapabilities");
        assertTrue(caps.contains("<ows:Operation name=\"GetRecords\">"));
        assertTrue(caps.contains(platform.base + "/catalog/csw"), "operation addresses point to this server");
        assertTrue(csw("service=CSW&version=2.0.2&request=DescribeRecord").contains("csw:DescribeRecordResponse"));
    }

    @Test
    void pagingWalksEveryRecordOnceWithCorrectNextRecord() throws Exception {
        String hits = csw("service=CSW&version=2.0.2&request=GetRecords&typeNames=csw:Record&resultType=hits");
        int matched = Integer.parseInt(attribute(hits, "numberOfRecordsMatched"));
        assertEquals(platform.json("/catalog/api/status").path("records").asInt(), matched);
        Set<String> seen = new HashSet<>();
        int start = 1;
        int pages = 0;
        while (start != 0) {
            String page = csw("service=CSW&version=2.0.2&request=GetRecords&typeNames=csw:Record&resultType=results"
                    + "&elementSetName=brief&maxRecords=25&startPosition=" + start);
            List<String> ids = identifiers(page);
            for (String id : ids) {
                assertTrue(seen.add(id), "record repeated: " + id);
            }
            int next = Integer.parseInt(attribute(page, "nextRecord"));
            assertEquals(ids.size(), Integer.parseInt(attribute(page, "numberOfRecordsReturned")));
            assertEquals(start + ids.size() > matched ? 0 : next, next);
            start = next;
            pages++;
        }
        assertEquals(matched, seen.size(), "no record skipped");
        assertEquals((matched + 24) / 25, pages);
    }

    @Test
    void filterEncodingAndCqlFindFrenchRecords() throws Exception {
        String filter = """
                <csw:GetRecords xmlns:csw="http://www.opengis.net/cat/csw/2.0.2" xmlns:ogc="http://www.opengis.net/ogc"
                    xmlns:gml="http://www.opengis.net/gml" service="CSW" version="2.0.2" resultType="results" maxRecords="50">
                  <csw:Query typeNames="csw:Record"><csw:ElementSetName>summary</csw:ElementSetName>
                    <csw:Constraint version="1.1.0"><ogc:Filter><ogc:And>
                      <ogc:PropertyIsLike wildCard="%" singleChar="_" escapeChar="\\">
                        <ogc:PropertyName>csw:AnyText</ogc:PropertyName><ogc:Literal>%urbanisme%</ogc:Literal></ogc:PropertyIsLike>
                      <ogc:BBOX><ogc:PropertyName>ows:BoundingBox</ogc:PropertyName>
                        <gml:Envelope srsName="urn:ogc:def:crs:EPSG::4326"><gml:lowerCorner>47.4 3.3</gml:lowerCorner>
                        <gml:upperCorner>50.2 8.3</gml:upperCorner></gml:Envelope></ogc:BBOX>
                    </ogc:And></ogc:Filter></csw:Constraint>
                    <ogc:SortBy><ogc:SortProperty><ogc:PropertyName>dc:title</ogc:PropertyName><ogc:SortOrder>ASC</ogc:SortOrder></ogc:SortProperty></ogc:SortBy>
                  </csw:Query></csw:GetRecords>""";
        String result = postCsw(filter);
        assertTrue(identifiers(result).contains("fr-210800405-08042-plu20140213"), result);
        String cql = csw("service=CSW&version=2.0.2&request=GetRecords&typeNames=csw:Record&resultType=results"
                + "&constraintLanguage=CQL_TEXT&constraint=" + enc("dc:title LIKE '%Balaives%'"));
        assertTrue(identifiers(cql).contains("fr-210800405-08042-plu20140213"), cql);
        assertEquals(identifiers(cql).size(), cql.split("<dc:title>[^<]*Balaives").length - 1, "every title found holds the word");
        String none = csw("service=CSW&version=2.0.2&request=GetRecords&typeNames=csw:Record&resultType=hits"
                + "&constraintLanguage=CQL_TEXT&constraint=" + enc("dc:title LIKE '%Balaives%' AND NOT dc:title LIKE '%Balaives%'"));
        assertEquals("0", attribute(none, "numberOfRecordsMatched"));
        String iso = csw("service=CSW&version=2.0.2&request=GetRecordById&outputSchema=http://www.isotc211.org/2005/gmd"
                + "&id=fr-210800405-08042-plu20140213");
        assertTrue(iso.contains("<gmd:MD_Metadata") && iso.contains("Balaives"), iso);
    }

    @Test
    void dcatOutputSchemaAsCswDcatHarvestersAskForIt() throws Exception {
        String page = postCsw("""
                <csw:GetRecords xmlns:csw="http://www.opengis.net/cat/csw/2.0.2" service="CSW" version="2.0.2"
                    resultType="results" outputSchema="http://www.w3.org/ns/dcat#" startPosition="1" maxRecords="10">
                  <csw:Query typeNames="gmd:MD_Metadata"><csw:ElementSetName>full</csw:ElementSetName></csw:Query>
                </csw:GetRecords>""");
        assertEquals(10, page.split("<dcat:CatalogRecord ").length - 1, page);
        assertEquals("11", attribute(page, "nextRecord"));
        assertTrue(page.contains("<foaf:primaryTopic rdf:resource=\"" + platform.base + "/catalog/record?id="), "URIs name this site");
        assertTrue(csw("service=CSW&request=GetCapabilities").contains("http://www.w3.org/ns/dcat#"));
    }

    @Test
    void errorsAreExceptionReportsWithCodeAndLocator() throws Exception {
        String[][] cases = {
            {"service=CSW&version=2.0.2&request=GetRecords&maxRecords=-1", "InvalidParameterValue", "maxRecords"},
            {"service=CSW&version=2.0.2&request=GetRecords&maxRecords=1000000", "InvalidParameterValue", "maxRecords"},
            {"service=CSW&version=2.0.2&request=GetRecords&outputSchema=urn:nothing", "InvalidParameterValue", "outputSchema"},
            {"service=CSW&version=2.0.2&request=GetRecords&constraintLanguage=CQL_TEXT&constraint=" + enc("title LIKE"), "InvalidParameterValue", "constraint"},
            {"service=CSW&version=2.0.2&request=Harvest2", "OperationNotSupported", "request"},
            {"service=CSW&version=2.0.2", "MissingParameterValue", "request"},
            {"service=CSW&request=GetRecords", "MissingParameterValue", "version"},
        };
        for (String[] c : cases) {
            HttpResponse<String> r = platform.get("/catalog/csw?" + c[0]);
            assertEquals(400, r.statusCode(), c[0]);
            assertTrue(r.body().contains("exceptionCode=\"" + c[1] + "\"") && r.body().contains("locator=\"" + c[2] + "\""),
                    c[0] + "\n" + r.body());
        }
        HttpResponse<String> malformed = platform.post("/catalog/csw", "application/xml",
                "<csw:GetRecords xmlns:csw=\"http://www.opengis.net/cat/csw/2.0.2\">".getBytes(StandardCharsets.UTF_8), false);
        assertEquals(400, malformed.statusCode());
        assertTrue(malformed.body().contains("NoApplicableCode") && malformed.body().contains("malformed XML"), malformed.body());
        HttpResponse<String> xxe = platform.post("/catalog/csw", "application/xml", ("<?xml version=\"1.0\"?><!DOCTYPE r ["
                + "<!ENTITY x SYSTEM \"file:///etc/passwd\">]><csw:GetCapabilities xmlns:csw=\"http://www.opengis.net/cat/csw/2.0.2\">&x;"
                + "</csw:GetCapabilities>").getBytes(StandardCharsets.UTF_8), false);
        assertEquals(400, xxe.statusCode());
        assertTrue(xxe.body().contains("XXE"), xxe.body());
    }

    @Test
    void owslibCatalogueServiceWeb() throws Exception {
        String script = """
                import sys
                from owslib.csw import CatalogueServiceWeb
                from owslib.fes import PropertyIsLike, BBox, And
                csw = CatalogueServiceWeb(sys.argv[1], version='2.0.2', timeout=30)
                print('TITLE', csw.identification.title)
                print('OPS', ','.join(sorted(op.name for op in csw.operations)))
                csw.getrecords2(esn='full', maxrecords=5)
                print('MATCHED', csw.results['matches'], 'RETURNED', csw.results['returned'], 'NEXT', csw.results['nextrecord'])
                q = PropertyIsLike('csw:AnyText', '%Balaives%')
                csw.getrecords2(constraints=[q], esn='full', maxrecords=10)
                for rid, rec in csw.records.items():
                    print('RECORD', rid, '|', rec.title, '|', rec.bbox.minx if rec.bbox else None)
                csw.getrecords2(constraints=[PropertyIsLike('csw:AnyText', '%Balaives%')], outputschema='http://www.isotc211.org/2005/gmd', esn='full')
                for rid, rec in csw.records.items():
                    print('ISO', rid, '|', rec.identification[0].title if hasattr(rec, 'identification') and isinstance(rec.identification, list) else rec.identification.title)
                csw.getrecordbyid(id=['fr-210800405-08042-plu20140213'])
                print('BYID', list(csw.records.keys()))
                """;
        String out = run(List.of("/usr/bin/python3", "-c", script, platform.base + "/catalog/csw"));
        assertTrue(out.contains("TITLE Catalogue DataGrandEst"), out);
        assertTrue(out.contains("GetRecords"), out);
        assertTrue(out.contains("RETURNED 5 NEXT 6"), out);
        assertTrue(out.contains("RECORD fr-210800405-08042-plu20140213 | Plan local d'urbanisme (PLU) - Balaives-et-Butz"), out);
        assertTrue(out.contains("ISO fr-210800405-08042-plu20140213 | Plan local d'urbanisme"), out);
        assertTrue(out.contains("BYID ['fr-210800405-08042-plu20140213']"), out);
    }

    @Test
    void owslibTransactionInsertsAndDeletes() throws Exception {
        String record = new String(Iso.record("csw-t-vignes", "Vignobles de Champagne", "Aire d'appellation", "Région Grand Est",
                "viticulture", "2024-06-01", 3.5, 48.8, 4.2, 49.3), StandardCharsets.UTF_8).replaceFirst("<\\?xml[^>]*>", "").strip();
        HttpResponse<String> anonymous = platform.post("/catalog/csw", "application/xml", ("<csw:Transaction xmlns:csw=\"http://www.opengis.net/cat/csw/2.0.2\""
                + " service=\"CSW\" version=\"2.0.2\"><csw:Insert>" + record + "</csw:Insert></csw:Transaction>").getBytes(StandardCharsets.UTF_8), false);
        assertEquals(401, anonymous.statusCode(), anonymous.body());
        assertTrue(anonymous.body().contains("ExceptionReport"));
        String script = """
                import sys
                from owslib.csw import CatalogueServiceWeb
                csw = CatalogueServiceWeb(sys.argv[1], version='2.0.2', username='admin', password=sys.argv[2], timeout=30)
                csw.transaction(ttype='insert', typename='gmd:MD_Metadata', record=sys.argv[3])
                print('INSERTED', csw.results.get('insertresults'))
                csw.getrecordbyid(id=['csw-t-vignes'])
                print('FOUND', [r.title for r in csw.records.values()])
                csw.transaction(ttype='delete', typename='gmd:MD_Metadata', identifier='csw-t-vignes')
                print('DELETED', csw.results.get('deleted'))
                csw.getrecordbyid(id=['csw-t-vignes'])
                print('AFTER', len(csw.records))
                """;
        String out = run(List.of("/usr/bin/python3", "-c", script, platform.base + "/catalog/csw", platform.adminPassword, record));
        assertTrue(out.contains("INSERTED ['csw-t-vignes']"), out);
        assertTrue(out.contains("FOUND ['Vignobles de Champagne']"), out);
        assertTrue(out.contains("AFTER 0"), out);
    }

    @Test
    void gdalCswDriverReadsEveryRecord() throws Exception {
        int total = platform.json("/catalog/api/status").path("records").asInt();
        String out = run(List.of("ogrinfo", "-ro", "-so", "-al", "CSW:" + platform.base + "/catalog/csw"));
        assertTrue(out.contains("Feature Count: " + total), out);
        String one = run(List.of("ogrinfo", "-ro", "-al", "-q", "-where", "identifier = 'fr-210800405-08042-plu20140213'",
                "CSW:" + platform.base + "/catalog/csw"));
        assertTrue(one.contains("Balaives-et-Butz"), one);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("catalog-client", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command.get(0) + " did not finish: " + Files.readString(log));
            }
            String out = Files.readString(log);
            assertEquals(0, p.exitValue(), command.get(0) + " failed:\n" + out);
            return out;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url));
    }
}
