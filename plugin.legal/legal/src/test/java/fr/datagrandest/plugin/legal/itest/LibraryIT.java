package fr.datagrandest.plugin.legal.itest;

import static fr.datagrandest.plugin.legal.itest.LegalApiFixture.json;
import static fr.datagrandest.plugin.legal.itest.LegalApiFixture.q;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The licence guide and the resource library over HTTP in a real platform: licences and the questionnaire,
 * French search with facets over the starter content, readers and editors, versions and status changes,
 * attachments whose text becomes searchable, and every kind of bad upload refused with nothing stored.
 */
@ExtendWith(BundleContextExtension.class)
class LibraryIT {

    @InjectBundleContext
    BundleContext context;
    LegalApiFixture api;

    @BeforeEach
    void platformServes() throws Exception {
        api = new LegalApiFixture(context);
    }

    @Test
    void theLicenceGuideListsTheCrpaLicencesAndCommonOnesBySpdxId() throws Exception {
        HttpResponse<String> response = api.get("/legal/api/licences");
        assertEquals(200, response.statusCode());
        List<String> ids = new ArrayList<>();
        List<String> crpa = new ArrayList<>();
        for (JsonNode licence : json(response)) {
            ids.add(licence.get("id").asText());
            if (licence.get("crpaList").asBoolean()) {
                crpa.add(licence.get("id").asText());
            }
            assertFalse(licence.get("obligations").isEmpty(), licence.toString());
            assertFalse(licence.get("typicalUse").asText().isBlank(), licence.toString());
        }
        assertTrue(ids.containsAll(List.of("etalab-2.0", "ODbL-1.0", "CC-BY-4.0", "CC0-1.0")), ids.toString());
        assertTrue(crpa.containsAll(List.of("etalab-2.0", "ODbL-1.0", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "CECILL-2.1",
                "CECILL-B", "CECILL-C", "GPL-3.0-only", "LGPL-3.0-only", "AGPL-3.0-only", "MIT", "MPL-2.0")), crpa.toString());
        assertFalse(crpa.contains("CC-BY-4.0"), "CC-BY is not on the CRPA list");
        assertEquals("ODbL-1.0", json(api.get("/legal/api/licences/odbl-1.0")).get("id").asText());
        assertEquals(404, api.get("/legal/api/licences/WTFPL").statusCode());
    }

    @Test
    void theQuestionnaireRecommendsALicenceAndSaysWhy() throws Exception {
        JsonNode open = json(api.get("/legal/api/licences/recommendation?nature=donnees&public=oui&reciprocity=non&attribution=oui"));
        assertEquals("etalab-2.0", open.get("licence").get("id").asText());
        assertTrue(open.get("reasons").toString().contains("D. 323-2-1"), open.toString());

        JsonNode shared = json(api.get("/legal/api/licences/recommendation?nature=donnees&public=oui&reciprocity=oui"));
        assertEquals("ODbL-1.0", shared.get("licence").get("id").asText());
        assertTrue(shared.get("warnings").toString().contains("L. 323-2"), "a public body must justify reciprocity");

        JsonNode service = json(api.get("/legal/api/licences/recommendation?nature=logiciel&public=oui&reciprocity=oui&usage=service"));
        assertEquals("AGPL-3.0-only", service.get("licence").get("id").asText());

        HttpResponse<String> wrong = api.get("/legal/api/licences/recommendation?nature=musique");
        assertEquals(400, wrong.statusCode());
        assertTrue(json(wrong).get("detail").asText().contains("nature"), wrong.body());
    }

    @Test
    void readersFindPublishedStarterDocumentsInFrenchWithFacets() throws Exception {
        // No accents, plural, lower case: "donnees personnelles" finds "Données personnelles".
        JsonNode result = json(api.get("/legal/api/documents?q=" + q("donnees personnelles")));
        assertTrue(result.get("total").asLong() >= 1, result.toString());
        assertEquals("donnees-personnelles-et-open-data", result.get("hits").get(0).get("slug").asText());
        JsonNode all = json(api.get("/legal/api/documents"));
        for (JsonNode hit : all.get("hits")) {
            assertEquals("published", hit.get("status").asText(), "readers see published documents only");
        }
        assertTrue(all.get("facets").get("kind").toString().contains("guide"), all.toString());
        assertTrue(all.get("facets").get("theme").toString().contains("licences"), all.toString());
        assertEquals(List.of("published"), values(all.get("facets").get("status")));
        // Facet filter: only practical sheets.
        JsonNode sheets = json(api.get("/legal/api/documents?kind=fiche"));
        assertTrue(sheets.get("total").asLong() >= 2);
        sheets.get("hits").forEach(hit -> assertEquals("fiche", hit.get("kind").asText()));
        JsonNode byYear = json(api.get("/legal/api/documents?year=2023"));
        byYear.get("hits").forEach(hit -> assertEquals(2023, hit.get("year").asInt()));
        // A stray operator is read as text, not as an error.
        assertEquals(200, api.get("/legal/api/documents?q=" + q("licence AND (")).statusCode());
        // The draft exists but readers neither find nor open it.
        assertEquals(0, json(api.get("/legal/api/documents?q=" + q("charte qualité"))).get("total").asLong());
        assertEquals(404, api.get("/legal/api/documents/charte-qualite-donnees-brouillon").statusCode());
        assertEquals(200, api.getAsAdmin("/legal/api/documents/charte-qualite-donnees-brouillon").statusCode());
        assertTrue(json(api.getAsAdmin("/legal/api/documents?q=" + q("charte qualité"))).get("total").asLong() >= 1);
    }

    private static List<String> values(JsonNode facet) {
        List<String> out = new ArrayList<>();
        facet.forEach(value -> out.add(value.get("value").asText()));
        return out;
    }

    @Test
    void editorsCreatePublishAndArchiveWithVersionsReadersCannot() throws Exception {
        String body = """
                {"kind":"fiche","title":"Fiche test <script>alert(1)</script> mutualisation","summary":"Mutualisation des serveurs cartographiques",
                 "body":"La mutualisation intercommunale des serveurs cartographiques.","themes":["hébergement"],"audience":["EPCI"],
                 "issued":"2026-02-03","licence":"etalab-2.0"}""";
        assertEquals(401, api.send("POST", "/legal/api/documents", body, false).statusCode());
        HttpResponse<String> created = api.send("POST", "/legal/api/documents", body, true);
        assertEquals(201, created.statusCode(), created.body());
        JsonNode document = json(created);
        assertEquals("draft", document.get("status").asText());
        String id = document.get("id").asText();
        assertEquals(0, json(api.get("/legal/api/documents?q=mutualisation")).get("total").asLong());

        String published = body.replace("\"licence\"", "\"status\":\"published\",\"licence\"");
        HttpResponse<String> publish = api.send("PUT", "/legal/api/documents/" + id, published, true);
        assertEquals(200, publish.statusCode(), publish.body());
        assertEquals(2, json(publish).get("version").asInt());
        JsonNode found = json(api.get("/legal/api/documents?q=mutualisation"));
        assertEquals(1, found.get("total").asLong());
        assertEquals(id, found.get("hits").get(0).get("id").asText());

        HttpResponse<String> backToDraft = api.send("PUT", "/legal/api/documents/" + id, body.replace("\"licence\"", "\"status\":\"draft\",\"licence\""), true);
        assertEquals(409, backToDraft.statusCode());

        HttpResponse<String> archive = api.send("PUT", "/legal/api/documents/" + id, body.replace("\"licence\"", "\"status\":\"archived\",\"licence\""), true);
        assertEquals(200, archive.statusCode());
        assertEquals(0, json(api.get("/legal/api/documents?q=mutualisation")).get("total").asLong());
        JsonNode versions = json(api.getAsAdmin("/legal/api/documents/" + id)).get("versions");
        assertEquals(3, versions.size());
        assertEquals("published → archived", versions.get(0).get("note").asText());

        HttpResponse<String> invalid = api.send("POST", "/legal/api/documents", "{\"kind\":\"roman\",\"title\":\"\"}", true);
        assertEquals(400, invalid.statusCode());
        assertTrue(json(invalid).get("detail").asText().contains("kind"), invalid.body());
    }

    @Test
    void anAttachedPdfDocxOdtOrMarkdownBecomesSearchableAndDownloadable() throws Exception {
        String id = newPublishedDocument("Pièces jointes");
        byte[] pdf = fixture("orthophotographies.pdf");
        HttpResponse<String> added = api.upload("/legal/api/documents/" + id + "/attachments?filename=" + q("orthophotographies régionales.pdf"), pdf);
        assertEquals(201, added.statusCode(), added.body());
        JsonNode attachment = json(added).get("attachments").get(0);
        assertEquals("application/pdf", attachment.get("mediaType").asText());
        assertEquals(3, attachment.get("pages").asInt());
        JsonNode found = json(api.get("/legal/api/documents?q=orthophotographie"));
        assertTrue(hitIds(found).contains(id), found.toString());
        HttpResponse<byte[]> download = api.getBytes("/legal/api/documents/" + id + "/attachments/" + attachment.get("id").asText(), false);
        assertEquals(200, download.statusCode());
        assertArrayEquals(pdf, download.body());

        assertEquals(201, api.upload("/legal/api/documents/" + id + "/attachments?filename=note.docx",
                docx("Clause de réversibilité des hébergeurs")).statusCode());
        assertTrue(hitIds(json(api.get("/legal/api/documents?q=reversibilite+hebergeurs"))).contains(id));
        assertEquals(201, api.upload("/legal/api/documents/" + id + "/attachments?filename=note.odt",
                odt("Délibération sur la tarification zéro")).statusCode());
        assertTrue(hitIds(json(api.get("/legal/api/documents?q=tarification"))).contains(id));
        assertEquals(201, api.upload("/legal/api/documents/" + id + "/attachments?filename=faq.md",
                "# FAQ\n\nLe géoréférencement des parcelles agricoles.".getBytes(StandardCharsets.UTF_8)).statusCode());
        assertTrue(hitIds(json(api.get("/legal/api/documents?q=georeferencement"))).contains(id));
    }

    @Test
    void badUploadsAreRefusedWithAClearMessageAndNothingIsStored() throws Exception {
        String id = newPublishedDocument("Refus");
        assertRefused(id, "faux.pdf", "ceci n'est pas un PDF".getBytes(StandardCharsets.UTF_8), 422, "not a PDF");
        assertRefused(id, "chiffre.pdf", fixture("chiffre.pdf"), 422, "encrypted");
        byte[] truncated = java.util.Arrays.copyOf(fixture("orthophotographies.pdf"), 300);
        assertRefused(id, "abime.pdf", truncated, 422, "PDF");
        assertRefused(id, "image.docx", fixture("orthophotographies.pdf"), 422, "not a DOCX");
        assertRefused(id, "bombe.docx", zipBomb(), 422, "zip bomb");
        assertRefused(id, "archive.odt", docx("pas un odt"), 422, "OpenDocument");
        assertRefused(id, "script.exe", new byte[] {1, 2, 3}, 415, "PDF, DOCX, ODT or Markdown");
        assertRefused(id, "binaire.md", new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1}, 422, "UTF-8");
        assertRefused(id, "dtd.docx", docxWithXml("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><w:document xmlns:w=\"w\"><w:t>&e;</w:t></w:document>"), 422, "XML");
        byte[] big = new byte[21 * 1024 * 1024];
        HttpResponse<String> tooBig = api.upload("/legal/api/documents/" + id + "/attachments?filename=gros.md", big, true);
        assertEquals(413, tooBig.statusCode(), tooBig.body());
        assertTrue(tooBig.body().contains("MiB"), tooBig.body());
        JsonNode document = json(api.getAsAdmin("/legal/api/documents/" + id)).get("document");
        assertEquals(0, document.get("attachments").size(), "nothing stored half-way");
        Path store = Path.of(context.getProperty("dge.data"), "files", "fr.datagrandest.plugin.legal.core", "attachments", id);
        if (Files.exists(store)) {
            try (Stream<Path> files = Files.list(store)) {
                assertEquals(0, files.count(), "no file left in the store");
            }
        }
    }

    private void assertRefused(String id, String filename, byte[] content, int status, String message) throws Exception {
        HttpResponse<String> response = api.upload("/legal/api/documents/" + id + "/attachments?filename=" + q(filename), content);
        assertEquals(status, response.statusCode(), filename + ": " + response.body());
        assertTrue(response.body().contains(message), filename + ": " + response.body());
        assertFalse(response.body().contains("Exception"), response.body());
    }

    private String newPublishedDocument(String title) throws Exception {
        HttpResponse<String> created = api.send("POST", "/legal/api/documents", """
                {"kind":"guide","title":"%s","summary":"essai","status":"published","themes":["essais"]}""".formatted(title), true);
        assertEquals(201, created.statusCode(), created.body());
        return json(created).get("id").asText();
    }

    private static List<String> hitIds(JsonNode result) {
        List<String> ids = new ArrayList<>();
        result.get("hits").forEach(hit -> ids.add(hit.get("id").asText()));
        return ids;
    }

    private byte[] fixture(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/fixtures/" + name)) {
            return in.readAllBytes();
        }
    }

    static byte[] docx(String text) throws IOException {
        return docxWithXml("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>"
                + text + "</w:t></w:r></w:p></w:body></w:document>");
    }

    static byte[] docxWithXml(String xml) throws IOException {
        return zip(new String[][] {{"[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"},
                {"word/document.xml", xml}});
    }

    static byte[] odt(String text) throws IOException {
        return zip(new String[][] {{"mimetype", "application/vnd.oasis.opendocument.text"},
                {"content.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:text><text:p>"
                        + text + "</text:p></office:text></office:body></office:document-content>"}});
    }

    static byte[] zip(String[][] entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String[] entry : entries) {
                zip.putNextEntry(new ZipEntry(entry[0]));
                zip.write(entry[1].getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** A DOCX whose one part inflates to 200 MiB of zeros (a few hundred KiB compressed). */
    static byte[] zipBomb() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
            zip.write("<Types/>".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("word/document.xml"));
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 200; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
