package fr.datagrandest.plugin.legal.itest;

import static fr.datagrandest.plugin.legal.itest.LegalApiFixture.json;
import static fr.datagrandest.plugin.legal.itest.LegalApiFixture.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The clause library and document assembly over HTTP: French search, versions, models, a missing variable
 * named in a 400, every export format, escaped user text, and a recorded document that keeps the clause
 * versions it used after a clause changes.
 */
@ExtendWith(BundleContextExtension.class)
class ClauseAssemblyIT {

    @InjectBundleContext
    BundleContext context;
    LegalApiFixture api;

    @BeforeEach
    void platformServes() throws Exception {
        api = new LegalApiFixture(context);
    }

    @Test
    void clausesAreSearchableInFrenchByWordAndCategory() throws Exception {
        JsonNode all = json(api.get("/legal/api/clauses"));
        assertTrue(all.get("total").asInt() >= 20, all.toString());
        JsonNode found = json(api.get("/legal/api/clauses?q=" + q("reversibilite")));
        List<String> ids = ids(found.get("clauses"));
        assertTrue(ids.contains("reversibilite-hebergement"), ids.toString());
        JsonNode personal = json(api.get("/legal/api/clauses?category=" + q("données personnelles")));
        personal.get("clauses").forEach(c -> assertEquals("données personnelles", c.get("category").asText()));
        assertTrue(personal.get("total").asInt() >= 3);
        JsonNode roles = json(api.get("/legal/api/clauses/roles-rgpd"));
        assertTrue(roles.get("alternatives").size() >= 2);
        assertEquals(404, api.get("/legal/api/clauses/inconnue").statusCode());
        assertEquals(2, json(api.get("/legal/api/models")).size());
    }

    private static List<String> ids(JsonNode clauses) {
        List<String> ids = new ArrayList<>();
        clauses.forEach(c -> ids.add(c.get("id").asText()));
        return ids;
    }

    /** Asks without variables, reads the names the 400 gives, and fills them all. */
    private Map<String, String> variablesFor(String body) throws Exception {
        HttpResponse<String> refused = api.send("POST", "/legal/api/assemblies?preview=true", body.replace("%VARS%", "{}"), false);
        assertEquals(400, refused.statusCode(), refused.body());
        String detail = json(refused).get("detail").asText();
        assertTrue(detail.startsWith("missing variables: "), detail);
        Map<String, String> variables = new LinkedHashMap<>();
        for (String name : detail.substring("missing variables: ".length()).split(", ")) {
            variables.put(name, "valeur de " + name);
        }
        return variables;
    }

    @Test
    void aConventionIsAssembledInEveryFormatAndAMissingVariableIsNamed() throws Exception {
        String body = """
                {"model":"convention-partage","clauses":[{"id":"objet-convention"},{"id":"donnees-mises-a-disposition"},
                 {"id":"usages-autorises","alternative":"rediffusion-odbl"},{"id":"duree-convention"}],"variables":%VARS%}""";
        Map<String, String> variables = variablesFor(body);
        assertTrue(variables.keySet().containsAll(List.of("partie_1", "partie_2", "jeu_de_donnees", "duree", "date_effet")), variables.toString());
        variables.put("partie_1", "Région Grand Est");
        variables.put("partie_2", "<script>alert('x')</script> Eurométropole");
        // One variable left empty: refused, and named.
        Map<String, String> oneEmpty = new LinkedHashMap<>(variables);
        oneEmpty.put("duree", "  ");
        HttpResponse<String> refused = api.send("POST", "/legal/api/assemblies", body.replace("%VARS%", LegalApiFixture.JSON.writeValueAsString(oneEmpty)), false);
        assertEquals(400, refused.statusCode());
        assertEquals("missing variable: duree", json(refused).get("detail").asText());

        String full = body.replace("%VARS%", LegalApiFixture.JSON.writeValueAsString(variables));
        HttpResponse<String> created = api.send("POST", "/legal/api/assemblies", full, false);
        assertEquals(201, created.statusCode(), created.body());
        JsonNode assembly = json(created);
        assertTrue(assembly.get("markdown").asText().contains("Open Database License"), "the ODbL alternative is used");
        assertEquals("usages-autorises", assembly.get("clausesUsed").get(2).get("id").asText());
        assertEquals(1, assembly.get("clausesUsed").get(2).get("version").asInt());
        assertEquals("rediffusion-odbl", assembly.get("clausesUsed").get(2).get("alternative").asText());

        HttpResponse<byte[]> html = api.postForBytes("/legal/api/assemblies?preview=true&format=html", full);
        assertEquals(200, html.statusCode());
        String page = new String(html.body(), StandardCharsets.UTF_8);
        assertFalse(page.contains("<script>alert"), "user text is escaped");
        assertTrue(page.contains("&lt;script&gt;"), page);
        assertTrue(html.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));

        HttpResponse<byte[]> pdf = api.postForBytes("/legal/api/assemblies?preview=true&format=pdf", full);
        assertEquals(200, pdf.statusCode());
        assertEquals("application/pdf", pdf.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("%PDF-", new String(pdf.body(), 0, 5, StandardCharsets.ISO_8859_1));

        HttpResponse<byte[]> odt = api.postForBytes("/legal/api/assemblies?preview=true&format=odt", full);
        assertEquals(200, odt.statusCode());
        assertEquals("PK", new String(odt.body(), 0, 2, StandardCharsets.ISO_8859_1));
        assertTrue(new String(odt.body(), StandardCharsets.ISO_8859_1).contains("application/vnd.oasis.opendocument.text"));

        HttpResponse<byte[]> md = api.postForBytes("/legal/api/assemblies?preview=true&format=md", full);
        assertTrue(new String(md.body(), StandardCharsets.UTF_8).startsWith("# Convention de partage de données"));

        assertEquals(400, api.send("POST", "/legal/api/assemblies?format=docx", full, false).statusCode());
        HttpResponse<String> unknownModel = api.send("POST", "/legal/api/assemblies", "{\"model\":\"bail\",\"variables\":{}}", false);
        assertEquals(400, unknownModel.statusCode());
        assertTrue(unknownModel.body().contains("bail"));
        HttpResponse<String> unknownAlternative = api.send("POST", "/legal/api/assemblies",
                "{\"model\":\"convention-partage\",\"clauses\":[{\"id\":\"gratuite\",\"alternative\":\"troc\"}],\"variables\":{}}", false);
        assertEquals(400, unknownAlternative.statusCode());
        assertTrue(unknownAlternative.body().contains("troc"), unknownAlternative.body());
    }

    @Test
    void aRecordedDocumentKeepsTheClauseVersionItUsedAfterTheClauseChanges() throws Exception {
        String body = """
                {"model":"contrat-hebergement","title":"Hébergement du géoportail","clauses":[{"id":"objet-hebergement"},{"id":"disponibilite"},
                 {"id":"localisation-donnees","alternative":"france"},{"id":"reversibilite-hebergement"},{"id":"sauvegardes"}],"variables":%VARS%}""";
        Map<String, String> variables = variablesFor(body);
        variables.put("taux_disponibilite", "99,5");
        HttpResponse<String> created = api.send("POST", "/legal/api/assemblies", body.replace("%VARS%", LegalApiFixture.JSON.writeValueAsString(variables)), false);
        assertEquals(201, created.statusCode(), created.body());
        String id = json(created).get("id").asText();
        JsonNode sauvegardes = json(api.get("/legal/api/clauses/sauvegardes"));
        int before = sauvegardes.get("version").asInt();

        String changed = """
                {"title":"Sauvegardes","category":"sécurité","body":"L'hébergeur sauvegarde les données chaque nuit (nouvelle rédaction).","alternatives":[],"commentary":""}""";
        assertEquals(401, api.send("PUT", "/legal/api/clauses/sauvegardes", changed, false).statusCode());
        HttpResponse<String> updated = api.send("PUT", "/legal/api/clauses/sauvegardes", changed, true);
        assertEquals(200, updated.statusCode(), updated.body());
        assertEquals(before + 1, json(updated).get("version").asInt());
        assertEquals(before + 1, json(api.get("/legal/api/clauses/sauvegardes/versions")).size());

        String again = new String(api.getBytes("/legal/api/assemblies/" + id + "?format=md", false).body(), StandardCharsets.UTF_8);
        assertTrue(again.contains("test de restauration"), "the recorded document keeps the old wording: " + again);
        assertFalse(again.contains("nouvelle rédaction"));
        assertTrue(again.contains("sauvegardes v" + before), again);

        HttpResponse<String> invalid = api.send("POST", "/legal/api/clauses", "{\"id\":\"Mauvais Id\",\"title\":\"\",\"category\":\"autre\",\"body\":\"\"}", true);
        assertEquals(400, invalid.statusCode());
        assertTrue(invalid.body().contains("category"), invalid.body());
    }
}
