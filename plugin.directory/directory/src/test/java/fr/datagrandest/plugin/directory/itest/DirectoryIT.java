package fr.datagrandest.plugin.directory.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.datagrandest.platform.api.portal.PortalContribution;
import fr.datagrandest.platform.api.portal.PortalLink;
import fr.datagrandest.platform.api.territory.Territory;
import fr.datagrandest.platform.api.territory.TerritoryLevel;

/**
 * The directory inside a real Felix with the kernel's storage (H2), security, REST whiteboard and territories: the
 * API paths other checks rely on, rights per collège, import with preview and its refusals, exports, RGPD rights,
 * the pages and the portal contribution, all over HTTP as users call them.
 */
@ExtendWith(BundleContextExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectoryIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String PASSWORD = "un mot de passe assez long 44";

    @InjectBundleContext
    BundleContext context;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String base;
    Client anonymous;
    Client admin;
    Client departements;
    Client reader;

    /** A user of the API: anonymous, or signed in with a session cookie and its CSRF token. */
    final class Client {
        String cookie;
        String csrf;

        HttpResponse<String> send(String method, String path, String contentType, byte[] body) throws Exception {
            HttpResponse<byte[]> r = sendBytes(method, path, contentType, body);
            return new StringResponse(r);
        }

        HttpResponse<byte[]> sendBytes(String method, String path, String contentType, byte[] body) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            if (contentType != null) {
                b.header("Content-Type", contentType);
            }
            if (cookie != null) {
                b.header("Cookie", cookie);
                b.header("X-CSRF-Token", csrf);
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        }

        JsonNode get(String path) throws Exception {
            HttpResponse<String> r = send("GET", path, null, null);
            assertEquals(200, r.statusCode(), path + " → " + r.body());
            return JSON.readTree(r.body());
        }

        HttpResponse<String> json(String method, String path, Object body) throws Exception {
            return send(method, path, "application/json", JSON.writeValueAsBytes(body));
        }
    }

    record StringResponse(HttpResponse<byte[]> raw) implements HttpResponse<String> {
        public int statusCode() { return raw.statusCode(); }
        public HttpRequest request() { return raw.request(); }
        public Optional<HttpResponse<String>> previousResponse() { return Optional.empty(); }
        public java.net.http.HttpHeaders headers() { return raw.headers(); }
        public String body() { return new String(raw.body(), StandardCharsets.UTF_8); }
        public Optional<javax.net.ssl.SSLSession> sslSession() { return raw.sslSession(); }
        public URI uri() { return raw.uri(); }
        public HttpClient.Version version() { return raw.version(); }
    }

    @BeforeAll
    void platformReady() throws Exception {
        // a small import limit, so that the oversize refusal is quick to test
        ConfigurationAdmin cm = context.getService(context.getServiceReference(ConfigurationAdmin.class));
        Configuration config = cm.getConfiguration("fr.datagrandest.plugin.directory", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("maxImportMiB", 1);
        config.update(props);

        ServiceReference<HttpServiceRuntime> runtime = context.getServiceReference(HttpServiceRuntime.class);
        Object endpoint = runtime.getProperty("osgi.http.endpoint");
        String url = endpoint instanceof String[] all ? all[0]
                : endpoint instanceof List<?> list ? list.get(0).toString() : endpoint.toString();
        base = url.replace("0.0.0.0", "localhost").replaceAll("/$", "");
        anonymous = new Client();
        long deadline = System.currentTimeMillis() + 90_000;
        while (true) {
            HttpResponse<String> r = anonymous.send("GET", "/directory/api/colleges", null, null);
            if (r.statusCode() == 200 && r.body().contains("departements")) {
                break;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the directory API did not come up: " + r.statusCode() + " " + r.body());
            }
            Thread.sleep(250);
        }
        Path passwordFile = Path.of(context.getProperty("dge.data"), "initial-admin-password");
        while (!Files.exists(passwordFile) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        admin = login("admin", Files.readString(passwordFile).strip());
        account("ref-dep", List.of("editor"), List.of("departements"));
        account("lecteur", List.of("reader"), List.of());
        account("ines", List.of("reader"), List.of());
        departements = login("ref-dep", PASSWORD);
        reader = login("lecteur", PASSWORD);
    }

    Client login(String username, String password) throws Exception {
        HttpResponse<String> r = anonymous.json("POST", "/api/auth/login", Map.of("username", username, "password", password));
        assertEquals(200, r.statusCode(), r.body());
        Client c = new Client();
        c.cookie = r.headers().allValues("Set-Cookie").stream().filter(v -> v.startsWith("DGE_SESSION="))
                .map(v -> v.split(";")[0]).findFirst().orElseThrow();
        c.csrf = JSON.readTree(r.body()).get("csrfToken").asText();
        return c;
    }

    void account(String username, List<String> roles, List<String> colleges) throws Exception {
        HttpResponse<String> r = admin.json("POST", "/api/admin/accounts",
                Map.of("username", username, "password", PASSWORD, "roles", roles, "colleges", colleges));
        assertEquals(201, r.statusCode(), r.body());
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    long organisationId(String query) throws Exception {
        return anonymous.get("/directory/api/organisations?q=" + q(query)).get("items").get(0).get("id").asLong();
    }

    long peopleCount(Client client) throws Exception {
        return client.get("/directory/api/people?limit=1").get("total").asLong();
    }

    @Test
    void searchIsAccentInsensitiveAndAnonymousReadersSeeOnlyPublicFields() throws Exception {
        JsonNode orgs = anonymous.get("/directory/api/organisations?q=" + q("EUROMETROPOLE strasbourg"));
        assertEquals("Eurométropole de Strasbourg", orgs.get("items").get(0).get("name").asText());
        assertEquals("246700488", orgs.get("items").get(0).get("siren").asText());
        assertFalse(orgs.get("items").get(0).get("referents").isEmpty());

        JsonNode people = reader.get("/directory/api/people?q=" + q("référent Moselle"));
        assertTrue(people.get("total").asInt() >= 1, people.toString());
        for (JsonNode p : people.get("items")) {
            assertFalse(p.has("email"), "a reader sees no e-mail: " + p);
            assertFalse(p.has("phone"));
        }
        JsonNode byCollege = anonymous.get("/directory/api/people?q=" + q("college des departements élu"));
        assertTrue(byCollege.get("total").asInt() >= 10, byCollege.toString());
        JsonNode college = anonymous.get("/directory/api/colleges/departements");
        assertEquals(10, college.get("organisations").size());
    }

    @Test
    void theReferentOfACommuneWithoutOneOfItsOwnIsTheReferentOfItsEpci() throws Exception {
        JsonNode answer = anonymous.get("/directory/api/referents?territory=commune:67001");
        JsonNode first = answer.get("answers").get(0);
        assertEquals("parent territory", first.get("via").asText());
        assertEquals("246700488", first.get("organisation").get("territory").get("code").asText());
        assertFalse(first.get("referents").isEmpty());
        JsonNode byName = anonymous.get("/directory/api/referents?q=Achenheim");
        assertEquals(first.get("organisation").get("id"), byName.get("answers").get(0).get("organisation").get("id"));
        JsonNode own = anonymous.get("/directory/api/referents?territory=commune:68066");
        assertEquals("Ville de Colmar", own.get("answers").get(0).get("organisation").get("name").asText());
        assertEquals(400, anonymous.send("GET", "/directory/api/referents?territory=canton:1", null, null).statusCode());
    }

    @Test
    void anEditorChangesTheEntriesOfTheirCollegeAndIsRefusedElsewhere() throws Exception {
        long moselle = organisationId("conseil departemental moselle");
        HttpResponse<String> created = departements.json("POST", "/directory/api/people", Map.of(
                "firstName", "Camille", "lastName", "Becker", "email", "camille.becker@exemple.invalid",
                "organisationId", moselle, "roles", List.of(Map.of("organisationId", moselle, "role", "technical"))));
        assertEquals(201, created.statusCode(), created.body());
        JsonNode camille = JSON.readTree(created.body());
        assertEquals("camille.becker@exemple.invalid", camille.get("email").asText());
        long id = camille.get("id").asLong();
        assertFalse(reader.get("/directory/api/people/" + id).has("email"));
        // found at once by the words of the new entry, and after a rebuild of the index (administrators only)
        assertEquals(id, anonymous.get("/directory/api/people?q=" + q("camille becker moselle")).get("items").get(0)
                .get("id").asLong());
        assertEquals(403, departements.send("POST", "/directory/api/search-index", null, null).statusCode());
        HttpResponse<String> rebuilt = admin.send("POST", "/directory/api/search-index", null, null);
        assertTrue(rebuilt.statusCode() == 200 || rebuilt.statusCode() == 409, rebuilt.body());
        assertEquals(1, anonymous.get("/directory/api/people?q=" + q("camille becker moselle")).get("total").asLong());
        // the LDAP synchronisation: administrators only, refused with a reason while no directory is configured
        assertEquals(403, departements.send("GET", "/directory/api/ldap", null, null).statusCode());
        assertFalse(admin.get("/directory/api/ldap").get("configured").asBoolean());
        HttpResponse<String> notConfigured = admin.send("POST", "/directory/api/ldap/synchronisation", null, null);
        assertEquals(409, notConfigured.statusCode(), notConfigured.body());
        assertTrue(notConfigured.body().contains("peopleBaseDns"), notConfigured.body());

        HttpResponse<String> changed = departements.json("PUT", "/directory/api/people/" + id, Map.of(
                "firstName", "Camille", "lastName", "Becker", "email", "camille.becker@exemple.invalid",
                "phone", "03 53 48 10 20", "organisationId", moselle));
        assertEquals(200, changed.statusCode(), changed.body());
        JsonNode history = departements.get("/directory/api/people/" + id + "/history");
        assertEquals("update", history.get(1).get("action").asText());
        assertEquals("03 53 48 10 20", history.get(1).get("changes").get("phone").get(1).asText());

        long colmar = organisationId("colmar agglomeration");
        long colmarReferent = anonymous.get("/directory/api/people?role=referent&organisation=" + colmar)
                .get("items").get(0).get("id").asLong();
        HttpResponse<String> refused = departements.json("PUT", "/directory/api/people/" + colmarReferent,
                Map.of("firstName", "X", "lastName", "Y", "organisationId", colmar));
        assertEquals(403, refused.statusCode());
        assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(JSON.readTree(refused.body()).get("detail").asText().contains("agglomerations"), refused.body());
        assertEquals(403, departements.json("PUT", "/directory/api/organisations/" + colmar,
                Map.of("name", "Renamed", "type", "epci")).statusCode());
        assertEquals(403, anonymous.json("POST", "/directory/api/people",
                Map.of("firstName", "A", "lastName", "B", "organisationId", moselle)).statusCode());
        HttpResponse<String> badEmail = departements.json("POST", "/directory/api/people",
                Map.of("firstName", "A", "lastName", "B", "email", "pas-une-adresse", "organisationId", moselle));
        assertEquals(400, badEmail.statusCode());
        assertTrue(badEmail.body().contains("e-mail"), badEmail.body());
    }

    @Test
    void anImportIsPreviewedThenWrittenOnceAndBadFilesAreRefusedWithAReason() throws Exception {
        String csv = "Prénom;Nom;Courriel;Téléphone;Organisation;Rôle\r\n"
                + "Émile;Wagner;emile.wagner@exemple.invalid;03 53 48 20 30;Conseil départemental de la Meuse;technique\r\n"
                + "Anaïs;Faure;anais.faure@exemple;03 53 48 20 31;Conseil départemental de la Meuse;\r\n"
                + "Émile;Wagner;emile.wagner@exemple.invalid;03 53 48 20 30;Conseil départemental de la Meuse;technique\r\n";
        byte[] cp1252 = csv.getBytes(Charset.forName("windows-1252"));
        String path = "/directory/api/imports?college=departements&fileName=contacts.csv";
        long before = peopleCount(admin);

        HttpResponse<String> preview = departements.send("POST", path + "&dryRun=true", "text/csv", cp1252);
        assertEquals(200, preview.statusCode(), preview.body());
        JsonNode report = JSON.readTree(preview.body());
        assertTrue(report.get("dryRun").asBoolean());
        assertTrue(report.get("encoding").asText().startsWith("Windows-1252"));
        assertEquals(2, report.get("created").asInt());
        assertEquals("email", report.get("flagged").get(0).get("field").asText());
        assertEquals(3, report.get("flagged").get(0).get("row").asInt());
        assertEquals("duplicate-in-file", report.get("duplicates").get(0).get("reason").asText());
        assertEquals(before, peopleCount(admin), "the preview wrote nothing");

        HttpResponse<String> done = departements.send("POST", path, "text/csv", cp1252);
        assertEquals(200, done.statusCode(), done.body());
        assertEquals(2, JSON.readTree(done.body()).get("created").asInt());
        assertEquals(before + 2, peopleCount(admin));
        HttpResponse<String> again = departements.send("POST", path, "text/csv", cp1252);
        assertEquals(0, JSON.readTree(again.body()).get("created").asInt(), again.body());
        assertEquals(0, JSON.readTree(again.body()).get("proposals").asInt(), again.body());
        assertEquals(before + 2, peopleCount(admin), "importing the same file again changes nothing");
        JsonNode anais = admin.get("/directory/api/people?q=" + q("anais faure")).get("items").get(0);
        assertEquals("invalid-email", anais.get("flags").get(0).asText());
        assertTrue(departements.get("/directory/api/imports").size() >= 2, "a report per import");

        HttpResponse<String> fakeXlsx = departements.send("POST", path.replace(".csv", ".xlsx"),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", cp1252);
        assertEquals(400, fakeXlsx.statusCode());
        assertTrue(fakeXlsx.body().contains("not one"), fakeXlsx.body());
        byte[] zipNotWorkbook = {0x50, 0x4B, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8};
        assertEquals(400, departements.send("POST", path, "application/octet-stream", zipNotWorkbook).statusCode());
        byte[] xls = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, 0, 0, 0, 0};
        assertEquals(415, departements.send("POST", path, "application/vnd.ms-excel", xls).statusCode());
        HttpResponse<String> wrongEncoding = departements.send("POST", path, "text/csv; charset=utf-8", cp1252);
        assertEquals(400, wrongEncoding.statusCode());
        assertTrue(wrongEncoding.body().contains("not UTF-8"), wrongEncoding.body());
        byte[] big = new byte[1024 * 1024 + 10];
        java.util.Arrays.fill(big, (byte) 'a');
        HttpResponse<String> oversize = departements.send("POST", path, "text/csv", big);
        assertEquals(413, oversize.statusCode());
        assertTrue(oversize.body().contains("1 MiB"), oversize.body());
        HttpResponse<String> unknownColumn = departements.send("POST", path + "&map=" + q("Courriel pro:email"), "text/csv", cp1252);
        assertEquals(400, unknownColumn.statusCode());
        assertTrue(unknownColumn.body().contains("Courriel pro"), unknownColumn.body());
        assertEquals(403, departements.send("POST", "/directory/api/imports?college=communes", "text/csv", cp1252).statusCode());
        assertEquals(403, reader.send("POST", path, "text/csv", cp1252).statusCode());
        assertEquals(401, anonymous.send("POST", path, "text/csv", cp1252).statusCode());
        assertEquals(before + 2, peopleCount(admin), "no refused import wrote anything");
    }

    @Test
    void exportsKeepPrivateFieldsForWhoMayReadThemAndNeverRunFormulas() throws Exception {
        long moselle = organisationId("conseil departemental moselle");
        HttpResponse<String> created = admin.json("POST", "/directory/api/people", Map.of("firstName", "Hélène",
                "lastName", "Schmitt", "jobTitle", "=HYPERLINK(\"http://exemple.invalid\")",
                "email", "helene.schmitt@exemple.invalid", "organisationId", moselle));
        assertEquals(201, created.statusCode(), created.body());

        HttpResponse<String> adminCsv = admin.send("GET", "/directory/api/export?format=csv", null, null);
        assertEquals(200, adminCsv.statusCode());
        assertTrue(adminCsv.body().startsWith("\uFEFFid;Prénom;Nom;"), adminCsv.body().substring(0, 40));
        assertTrue(adminCsv.body().contains("'=HYPERLINK(\"\"http://exemple.invalid\"\")"), "formula escaped");
        assertTrue(adminCsv.body().contains("helene.schmitt@exemple.invalid"));
        String publicCsv = anonymous.send("GET", "/directory/api/export?format=csv", null, null).body();
        assertTrue(publicCsv.contains("Schmitt"));
        assertFalse(publicCsv.contains("@"), "anonymous export has no e-mail address");

        HttpResponse<String> vcf = admin.send("GET", "/directory/api/export?format=vcf&college=departements", null, null);
        assertTrue(vcf.headers().firstValue("Content-Type").orElseThrow().startsWith("text/vcard"));
        assertTrue(vcf.body().startsWith("BEGIN:VCARD\r\nVERSION:4.0\r\n"));
        assertTrue(vcf.body().contains("EMAIL;TYPE=work:helene.schmitt@exemple.invalid"));
        assertTrue(admin.send("GET", "/directory/api/export?format=mailing&group=1", null, null).body().contains("\" <"));
        assertEquals(400, admin.send("GET", "/directory/api/export?format=pdf", null, null).statusCode());

        // the exported workbook is a real XLSX: importing it back (as a preview) finds everybody already there
        HttpResponse<byte[]> xlsx = admin.sendBytes("GET", "/directory/api/export?format=xlsx", null, null);
        assertEquals(200, xlsx.statusCode());
        assertEquals('P', xlsx.body()[0]);
        HttpResponse<String> back = admin.send("POST", "/directory/api/imports?dryRun=true&fileName=export.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.body());
        assertEquals(200, back.statusCode(), back.body());
        JsonNode report = JSON.readTree(back.body());
        assertEquals("xlsx", report.get("format").asText());
        assertEquals(0, report.get("created").asInt(), back.body().substring(0, Math.min(3000, back.body().length())));
        assertEquals(report.get("rows").asInt(), report.get("unchanged").asInt());
    }

    @Test
    void aPersonReadsTheirDataAndHasThemErasedLeavingOnlyAnAuditEvent() throws Exception {
        long moselle = organisationId("conseil departemental moselle");
        HttpResponse<String> created = admin.json("POST", "/directory/api/people", Map.of("firstName", "Inès",
                "lastName", "Zimmermann", "email", "ines.zimmermann@exemple.invalid", "account", "ines",
                "organisationId", moselle, "consent", true));
        assertEquals(201, created.statusCode(), created.body());
        long id = JSON.readTree(created.body()).get("id").asLong();
        Client ines = login("ines", PASSWORD);
        assertEquals(id, ines.get("/directory/api/people/me").get(0).get("id").asLong());
        HttpResponse<String> own = ines.json("PUT", "/directory/api/people/" + id, Map.of("firstName", "Inès",
                "lastName", "Zimmermann", "email", "ines.zimmermann@exemple.invalid", "phone", "03 53 48 55 66"));
        assertEquals(200, own.statusCode(), own.body());
        assertEquals(403, ines.json("PUT", "/directory/api/people/" + id, Map.of("firstName", "Inès",
                "lastName", "Zimmermann", "organisationId", organisationId("colmar agglomeration"))).statusCode());

        JsonNode data = ines.get("/directory/api/people/" + id + "/data");
        assertEquals("ines.zimmermann@exemple.invalid", data.get("person").get("email").asText());
        assertNotNull(data.get("purpose").asText());
        assertTrue(data.get("history").size() >= 2);
        assertEquals(403, reader.send("GET", "/directory/api/people/" + id + "/data", null, null).statusCode());

        assertEquals(200, ines.send("POST", "/directory/api/people/" + id + "/erasure", null, null).statusCode());
        assertEquals(404, admin.send("GET", "/directory/api/people/" + id, null, null).statusCode());
        String audit = admin.send("GET", "/api/admin/audit?limit=50", null, null).body();
        assertTrue(audit.contains("directory.person.erase"), audit);
        assertTrue(audit.contains("person:" + id));
        assertFalse(audit.contains("Zimmermann"), "the audit log keeps no erased data");
        assertFalse(audit.contains("ines.zimmermann"), "the audit log keeps no erased data");
        // the erasure is kept (without her data) so that she is not created again, until an administrator lifts it
        HttpResponse<String> again = admin.json("POST", "/directory/api/people", Map.of("firstName", "Inès",
                "lastName", "Zimmermann", "email", "Ines.Zimmermann@exemple.invalid", "organisationId", moselle));
        assertEquals(409, again.statusCode(), again.body());
        assertEquals(403, reader.send("GET", "/directory/api/privacy/erasures", null, null).statusCode());
        String erasures = admin.send("GET", "/directory/api/privacy/erasures", null, null).body();
        assertFalse(erasures.contains("zimmermann"), erasures);
        assertEquals(403, reader.send("DELETE", "/directory/api/privacy/erasures?email=" + q("ines.zimmermann@exemple.invalid"),
                null, null).statusCode());
        HttpResponse<String> lifted = admin.send("DELETE", "/directory/api/privacy/erasures?email="
                + q("ines.zimmermann@exemple.invalid"), null, null);
        assertEquals(200, lifted.statusCode(), lifted.body());
        assertEquals(201, admin.json("POST", "/directory/api/people", Map.of("firstName", "Inès", "lastName", "Zimmermann",
                "email", "ines.zimmermann@exemple.invalid", "organisationId", moselle)).statusCode(), "added again");
        assertTrue(admin.send("GET", "/api/admin/audit?limit=50", null, null).body().contains("directory.erasure.lift"));
        assertTrue(anonymous.send("GET", "/directory/confidentialite", null, null).body().contains("empreinte non réversible"),
                "the privacy page says what an erasure keeps");
        assertEquals(36, anonymous.get("/directory/api/privacy").get("retentionMonths").asInt());
        assertEquals(403, reader.send("POST", "/directory/api/privacy/retention", null, null).statusCode());
        HttpResponse<String> retention = admin.json("POST", "/directory/api/privacy/retention", Map.of());
        assertEquals(200, retention.statusCode(), retention.body());
        assertEquals(0, JSON.readTree(retention.body()).get("erased").asInt(), "every entry here is recent");
    }

    @Test
    void thePagesAreFrenchAndTheOrganisationPageNamesItsReferent() throws Exception {
        HttpResponse<String> home = anonymous.send("GET", "/directory?q=" + q("référent colmar"), null, null);
        assertEquals(200, home.statusCode());
        assertTrue(home.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertTrue(home.body().contains("<html lang=\"fr\">"));
        assertTrue(home.body().contains("Ville de Colmar"), home.body());
        long colmar = organisationId("ville de colmar");
        JsonNode org = anonymous.get("/directory/api/organisations/" + colmar);
        String referent = org.get("referents").get(0).get("name").asText();
        String page = anonymous.send("GET", "/directory/organisations/" + colmar, null, null).body();
        assertTrue(page.contains("Référent DataGrandEst") && page.contains(referent), page);
        assertEquals(200, anonymous.send("GET", "/directory/colleges/communes", null, null).statusCode());
        assertTrue(anonymous.send("GET", "/directory/referent?q=Achenheim", null, null).body().contains("Eurométropole"));
        assertEquals(200, anonymous.send("GET", "/directory/static/directory.css", null, null).statusCode());
        assertEquals(403, anonymous.send("GET", "/directory/import", null, null).statusCode());
        assertTrue(departements.send("GET", "/directory/import", null, null).body().contains("/directory/static/import.js"));
        assertEquals(404, anonymous.send("GET", "/directory/nowhere", null, null).statusCode());
        assertEquals(200, anonymous.send("GET", "/directory/api/colleges", null, null).statusCode(),
                "the pages do not hide the API");
    }

    /**
     * The editing forms in a real headless Chromium (the page's own script, under its Content-Security-Policy): a
     * collège referent corrects an organisation of their collège after a refusal shown in French, adds a person with
     * a role, sees the history, and gets a French refusal for another collège. Screenshots in
     * {@code target/itest-data/screenshots}.
     */
    @Test
    void aReferentEditsTheirCollegeInTheBrowserAndSeesTheApisRefusalsInFrench() throws Exception {
        long moselle = organisationId("conseil departemental moselle");
        long colmar = organisationId("colmar agglomeration");
        String page = "http://localhost:" + URI.create(base).getPort();
        Path screenshots = Path.of(context.getProperty("dge.data")).resolveSibling("screenshots");
        try (Chromium browser = new Chromium(screenshots)) {
            browser.signIn(page, departements.cookie);

            // an organisation of the referent's collège: a bad website is refused, in French, at its field
            browser.open(page + "/directory/organisations/" + moselle);
            browser.click("a[href$='/modifier']");
            browser.waitFor("document.getElementById('edit') && location.pathname.endsWith('/modifier')", "the form opens");
            assertEquals("Conseil départemental de la Moselle", browser.eval("document.getElementById('f-name').value").asText());
            browser.type("#f-website", "moselle.fr");
            browser.click("#edit button[type=submit]");
            browser.waitFor("!document.getElementById('problem').hidden", "the refusal is shown");
            String problem = browser.text("#problem");
            assertTrue(problem.contains("Le site web « moselle.fr » doit être une adresse http(s)."), problem);
            assertEquals("f-website", browser.eval("document.activeElement.id").asText(), "the wrong field gets the focus");
            assertEquals("true", browser.eval("document.getElementById('f-website').getAttribute('aria-invalid')").asText());
            assertTrue(browser.text("#field-problem").contains("doit être une adresse http(s)"), "the message is next to the field too");
            browser.screenshot(screenshots.resolve("organisation-refus.png"));
            browser.type("#f-website", "https://www.moselle.fr");
            browser.click("#edit button[type=submit]");
            browser.waitFor("location.pathname === '/directory/organisations/" + moselle + "'", "back on the organisation");
            browser.waitFor("document.readyState === 'complete' && document.getElementById('historique')", "the page with its history");
            assertTrue(browser.text("main").contains("https://www.moselle.fr"));
            String history = browser.text("#historique + table");
            assertTrue(history.contains("ref-dep") && history.contains("Modification") && history.contains("Site web"), history);
            assertEquals("https://www.moselle.fr", anonymous.get("/directory/api/organisations/" + moselle).get("website").asText());

            // a new person with a role in that organisation; an invalid address first
            browser.click("a[href='/directory/personnes/nouvelle?organisation=" + moselle + "']");
            browser.waitFor("location.pathname === '/directory/personnes/nouvelle' && document.getElementById('f-organisationId')",
                    "the form for a new person");
            assertEquals(String.valueOf(moselle), browser.eval("document.getElementById('f-organisationId').value").asText(),
                    "the organisation comes preselected");
            browser.type("#f-firstName", "Maëlle");
            browser.type("#f-lastName", "Navigateur");
            browser.type("#f-jobTitle", "Cheffe de projet SIG");
            browser.type("#f-email", "maelle.navigateur@@exemple.invalid");
            browser.choose("table[data-list=roles] tr[data-row] select[name=organisationId]", String.valueOf(moselle));
            browser.choose("table[data-list=roles] tr[data-row] select[name=role]", "technical");
            browser.click("#edit button[type=submit]");
            browser.waitFor("!document.getElementById('problem').hidden", "the refusal is shown");
            problem = browser.text("#problem");
            assertTrue(problem.contains("L'adresse électronique « maelle.navigateur@@exemple.invalid » n'est pas valide."), problem);
            browser.screenshot(screenshots.resolve("personne-refus.png"));
            browser.type("#f-email", "maelle.navigateur@exemple.invalid");
            browser.click("#edit button[type=submit]");
            browser.waitFor("/^\\/directory\\/personnes\\/\\d+$/.test(location.pathname) && document.getElementById('historique')",
                    "the new person's page");
            long id = Long.parseLong(browser.eval("location.pathname.split('/')[3]").asText());
            JsonNode created = departements.get("/directory/api/people/" + id);
            assertEquals("Maëlle", created.get("firstName").asText());
            assertEquals("maelle.navigateur@exemple.invalid", created.get("email").asText());
            assertEquals("technical", created.get("roles").get(0).get("role").asText());
            assertEquals(moselle, created.get("roles").get(0).get("organisationId").asLong());
            String createdHistory = browser.text("#historique + table");
            assertTrue(createdHistory.contains("Création"), createdHistory);
            assertTrue(createdHistory.contains("Conseil départemental de la Moselle : Contact technique"),
                    "organisations by name, roles in French: " + createdHistory);
            browser.screenshot(screenshots.resolve("personne-creee.png"));

            // another collège's organisation: no link to change it, and its form is refused in French
            browser.open(page + "/directory/organisations/" + colmar);
            assertEquals(0, browser.eval("document.querySelectorAll(\"a[href$='/modifier']\").length").asInt());
            browser.open(page + "/directory/organisations/" + colmar + "/modifier");
            assertTrue(browser.text("main").contains("seuls leurs référents ou un administrateur la modifient"),
                    browser.text("main"));
            // an anonymous visitor sees neither the forms nor the history
            assertFalse(anonymous.send("GET", "/directory/organisations/" + moselle, null, null).body().contains("historique"));
            assertEquals(403, anonymous.send("GET", "/directory/personnes/" + id + "/modifier", null, null).statusCode());

            // a person corrects their own contact details, not where the directory places them
            account("theo", List.of("reader"), List.of());
            HttpResponse<String> theo = admin.json("POST", "/directory/api/people", Map.of("firstName", "Théo",
                    "lastName", "Lui-Même", "email", "theo.lui-meme@exemple.invalid", "account", "theo", "organisationId", moselle));
            assertEquals(201, theo.statusCode(), theo.body());
            long theoId = JSON.readTree(theo.body()).get("id").asLong();
            browser.signIn(page, login("theo", PASSWORD).cookie);
            browser.open(page + "/directory/personnes/" + theoId);
            assertEquals("Modifier mes coordonnées", browser.text("a[href$='/modifier']"));
            browser.click("a[href$='/modifier']");
            browser.waitFor("location.pathname.endsWith('/modifier') && document.getElementById('edit')", "their form");
            assertTrue(browser.eval("document.getElementById('f-organisationId') === null"
                    + " && document.querySelector('table[data-list=roles]') === null").asBoolean(), "no organisation or roles");
            browser.type("#f-phone", "03 53 48 12 34");
            browser.click("#edit button[type=submit]");
            browser.waitFor("location.pathname === '/directory/personnes/" + theoId + "'", "back on their page");
            JsonNode own = admin.get("/directory/api/people/" + theoId);
            assertEquals("03 53 48 12 34", own.get("phone").asText());
            assertEquals("theo", own.get("account").asText(), "their account stays");
            assertEquals(moselle, own.get("organisation").get("id").asLong());
            assertEquals(List.of(), browser.problems(), "no script error and nothing refused by the page's policy");
        }
    }

    @Test
    void thePortalFindsPeopleAndOrganisationsAndTheReferentOfATerritory() throws Exception {
        ServiceReference<PortalContribution> ref = context.getServiceReferences(PortalContribution.class, null).stream()
                .filter(r -> r.getBundle().getSymbolicName().equals("fr.datagrandest.plugin.directory.core"))
                .findFirst().orElseThrow();
        PortalContribution portal = context.getService(ref);
        assertEquals("/directory", portal.navigation().get(0).path());
        List<PortalLink> hits = portal.search("colmar", "fr", 8);
        assertTrue(hits.stream().anyMatch(l -> l.title().equals("Ville de Colmar")), hits.toString());
        assertTrue(hits.stream().allMatch(l -> !l.summary().contains("@")));
        List<PortalLink> territory = portal.forTerritory(new Territory(TerritoryLevel.COMMUNE, "67001", "Achenheim", 0), "fr");
        assertTrue(territory.get(0).title().startsWith("Référent DataGrandEst"), territory.toString());
        assertTrue(territory.stream().anyMatch(l -> l.path().equals("/directory/territoires/commune/67001")));
    }
}
