package fr.datagrandest.plugin.catalog.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Harvest sources over the REST API in the real platform, harvesting the platform's own CSW, OGC API – Records and
 * DCAT endpoints: every record is read once through each protocol's paging, and none replaces the record it came
 * from (a harvest never overwrites a record imported here: each is refused with that reason). The content round
 * trip into a second catalogue is {@code HarvestRoundTripTest}.
 */
class HarvestIT {

    @InjectBundleContext
    BundleContext context;
    RunningPlatform platform;

    @BeforeEach
    void platform() throws Exception {
        platform = new RunningPlatform(context);
        // these tests harvest the platform itself, on this machine: an intranet setting
        privateAddresses(true);
    }

    /** Sets the harvest setting and waits until a source on this machine is accepted or refused accordingly. */
    private void privateAddresses(boolean allowed) throws Exception {
        ServiceReference<ConfigurationAdmin> ref = context.getServiceReference(ConfigurationAdmin.class);
        ConfigurationAdmin admin = context.getService(ref);
        try {
            Configuration conf = admin.getConfiguration("fr.datagrandest.plugin.catalog.harvest", "?");
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("privateAddresses", allowed);
            conf.update(props);
        } finally {
            context.ungetService(ref);
        }
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            HttpResponse<String> r = postJson("/catalog/api/harvest/sources",
                    "{\"name\":\"Réglage\",\"protocol\":\"csw\",\"url\":\"" + platform.base + "/catalog/csw\"}", true);
            if (r.statusCode() == 201) {
                platform.delete("/catalog/api/harvest/sources/" + RunningPlatform.JSON.readTree(r.body()).path("id").asText());
            }
            if (r.statusCode() == (allowed ? 201 : 400)) {
                return;
            }
            assertTrue(System.currentTimeMillis() < deadline, "the setting privateAddresses=" + allowed + " was not applied: "
                    + r.statusCode() + " " + r.body());
            Thread.sleep(200);
        }
    }

    @Test
    void sourcesOnThisMachineOrAPrivateNetworkAreRefusedUnlessAllowed() throws Exception {
        privateAddresses(false);
        for (String url : new String[] {platform.base + "/catalog/csw", "http://127.0.0.1:1/csw", "http://10.0.0.8/csw",
                "http://169.254.169.254/latest/meta-data/"}) {
            HttpResponse<String> r = postJson("/catalog/api/harvest/sources",
                    "{\"name\":\"Interne\",\"protocol\":\"csw\",\"url\":\"" + url + "\"}", true);
            assertEquals(400, r.statusCode(), url + " " + r.body());
            assertTrue(r.body().contains("harvests do not connect there"), r.body());
        }
        privateAddresses(true);
        HttpResponse<String> metadata = postJson("/catalog/api/harvest/sources",
                "{\"name\":\"Interne\",\"protocol\":\"csw\",\"url\":\"http://169.254.169.254/latest/\"}", true);
        assertEquals(400, metadata.statusCode(), "link-local stays refused: " + metadata.body());
    }

    private HttpResponse<String> postJson(String path, String json, boolean asAdmin) throws Exception {
        return platform.post(path, "application/json", json.getBytes(StandardCharsets.UTF_8), asAdmin);
    }

    @Test
    void onlyEditorsManageSourcesAndBadSourcesAreRefused() throws Exception {
        String good = "{\"name\":\"Essai\",\"protocol\":\"csw\",\"url\":\"http://localhost:1/csw\",\"intervalMinutes\":0}";
        assertEquals(401, postJson("/catalog/api/harvest/sources", good, false).statusCode());
        for (String bad : new String[] {"{\"name\":\"x\",\"protocol\":\"ftp\",\"url\":\"http://h/csw\"}",
                "{\"name\":\"x\",\"protocol\":\"csw\",\"url\":\"file:///etc/passwd\"}",
                "{\"name\":\"\",\"protocol\":\"csw\",\"url\":\"http://h/csw\"}",
                "{\"name\":\"x\",\"protocol\":\"csw\",\"url\":\"http://h/csw\",\"intervalMinutes\":1}",
                "{\"name\":\"x\",\"protocol\":\"csw\",\"url\":\"http://h/csw\",\"intervalMinutes\":\"often\"}"}) {
            HttpResponse<String> r = postJson("/catalog/api/harvest/sources", bad, true);
            assertEquals(400, r.statusCode(), bad + " " + r.body());
            assertTrue(r.body().contains("\"detail\""), r.body());
        }
        assertEquals(404, platform.get("/catalog/api/harvest/sources/nothing-here").statusCode());
        HttpResponse<String> anonymousRun = platform.post("/catalog/api/harvest/sources/nothing-here/run", "application/json",
                new byte[0], false);
        assertEquals(401, anonymousRun.statusCode());
    }

    @Test
    void theOwnEndpointsAreHarvestedThroughTheirPagingWithoutReplacingAnyRecord() throws Exception {
        int records = platform.json("/catalog/api/status").path("records").asInt();
        int services = 0;
        for (JsonNode f : platform.json("/catalog/api/records?limit=1&facets=50").path("facets").path("type")) {
            if (f.path("value").asText().equals("service")) {
                services = f.path("count").asInt();
            }
        }
        JsonNode csw = harvest("Ce catalogue en CSW", "csw", platform.base + "/catalog/csw");
        assertEquals(records, csw.path("matched").asInt(), csw.toString());
        assertEquals(records, csw.path("seen").asInt(), "every record read once through startPosition paging");
        JsonNode ogc = harvest("Ce catalogue en OGC API", "ogcapi", platform.base + "/catalog/ogcapi/collections/metadata/items");
        assertEquals(records, ogc.path("seen").asInt(), "every record read once through next links");
        JsonNode dcat = harvest("Ce catalogue en DCAT", "dcat", platform.base + "/catalog/dcat?pageSize=40");
        assertEquals(records - services, dcat.path("seen").asInt(), "every dataset and series read once through Hydra pages");
        for (JsonNode run : new JsonNode[] {csw, ogc, dcat}) {
            assertEquals("succeeded", run.path("status").asText(), run.toString());
            assertEquals(0, run.path("added").asInt() + run.path("updated").asInt() + run.path("removed").asInt(), run.toString());
            assertEquals(run.path("seen").asInt(), run.path("refused").asInt(), "each record is refused with its reason");
            Set<String> listed = new HashSet<>();
            for (JsonNode refusal : run.path("refusals")) {
                assertTrue(listed.add(refusal.path("record").asText()), "no record read twice: " + refusal);
                assertTrue(refusal.path("reason").asText().contains("imported here"), refusal.toString());
            }
        }
        assertEquals(records, platform.json("/catalog/api/status").path("records").asInt(), "nothing added or lost");

        HttpResponse<String> page = platform.get("/catalog/harvest");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Ce catalogue en CSW") && page.body().contains("refusées") && page.body().contains("<html lang=\"fr\">"),
                page.body());
    }

    /** Adds a source, runs it, follows its progress until the run ends, and gives the run's report. */
    private JsonNode harvest(String name, String protocol, String url) throws Exception {
        HttpResponse<String> created = postJson("/catalog/api/harvest/sources", "{\"name\":\"" + name + "\",\"protocol\":\""
                + protocol + "\",\"url\":\"" + url + "\",\"intervalMinutes\":60}", true);
        assertEquals(201, created.statusCode(), created.body());
        String id = RunningPlatform.JSON.readTree(created.body()).path("id").asText();
        HttpResponse<String> run = platform.post("/catalog/api/harvest/sources/" + id + "/run", "application/json", new byte[0], true);
        assertEquals(202, run.statusCode(), run.body());
        String status = RunningPlatform.JSON.readTree(run.body()).path("status").asText();
        assertTrue(status.equals("queued") || status.equals("running"), status);
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode source = platform.json("/catalog/api/harvest/sources/" + id);
            if (source.path("running").isNull() && !source.path("lastRun").isNull()) {
                JsonNode runs = platform.json("/catalog/api/harvest/sources/" + id + "/runs");
                assertEquals(source.path("lastRun").path("id").asText(), runs.get(0).path("id").asText());
                return source.path("lastRun");
            }
            Thread.sleep(300);
        }
        throw new AssertionError("the harvest of " + url + " did not end");
    }

    @Test
    void aSourceIsRemovedWithItsReports() throws Exception {
        HttpResponse<String> created = postJson("/catalog/api/harvest/sources",
                "{\"name\":\"À retirer\",\"protocol\":\"dcat\",\"url\":\"http://localhost:1/dcat\"}", true);
        assertEquals(201, created.statusCode(), created.body());
        String id = RunningPlatform.JSON.readTree(created.body()).path("id").asText();
        HttpResponse<String> anonymous = platform.http.send(HttpRequest.newBuilder(URI.create(platform.base
                + "/catalog/api/harvest/sources/" + id)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
        assertEquals(204, platform.delete("/catalog/api/harvest/sources/" + id).statusCode());
        assertEquals(404, platform.get("/catalog/api/harvest/sources/" + id).statusCode());
    }
}
