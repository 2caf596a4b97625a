package fr.datagrandest.plugin.legal.clauses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

class AssemblerTest {

    static Clause clause(String id, int version, String body, Clause.Alternative... alternatives) {
        return new Clause(id, version, "Titre " + id, "sécurité", body, List.of(alternatives), "", Instant.EPOCH, "test");
    }

    static final AssemblyModel MODEL = new AssemblyModel("m", "Convention {{partie_1}}", "", "Entre {{partie_1}} et {{partie_2}}.",
            "Fait à {{lieu}}.", List.of());

    @Test
    void aMissingOrEmptyVariableIsRefusedByName() {
        List<Assembler.Choice> choices = List.of(new Assembler.Choice(clause("duree", 2, "Pour {{duree}}."), null));
        Assembler.MissingVariables refused = assertThrows(Assembler.MissingVariables.class, () -> Assembler.assemble(MODEL,
                MODEL.title(), choices, Map.of("partie_1", "Région", "partie_2", " ", "lieu", "Metz")));
        assertEquals(List.of("partie_2", "duree"), refused.names());
        assertTrue(refused.getMessage().contains("partie_2, duree"));
    }

    @Test
    void anAlternativeReplacesTheBodyAndTheVersionsUsedAreRecorded() {
        Clause c = clause("donnees", 3, "Corps {{a}}", new Clause.Alternative("b", "Variante", "Variante {{b}}"));
        AssembledDocument d = Assembler.assemble(MODEL, MODEL.title(), List.of(new Assembler.Choice(c, "b")),
                Map.of("partie_1", "P1", "partie_2", "P2", "lieu", "Nancy", "b", "choisie"));
        assertEquals("Variante choisie", d.sections().get(0).blocks().get(0).text());
        assertEquals("Convention P1", d.title());
        assertEquals(List.of(new AssembledDocument.UsedClause("donnees", 3, "b", "Titre donnees")), d.clausesUsed());
        assertTrue(DocumentFormats.markdown(d).contains("donnees v3 (variante b)"));
        assertThrows(IllegalArgumentException.class, () -> c.bodyFor("z"));
    }

    @Test
    void htmlEscapesUserTextAndMarkdownKeepsItOnOneLine() {
        AssembledDocument d = Assembler.assemble(MODEL, MODEL.title(), List.of(),
                Map.of("partie_1", "<script>alert('x')</script>", "partie_2", "A & B", "lieu", "# Titre\npiégé"));
        String html = DocumentFormats.html(d, true);
        assertFalse(html.contains("<script>"), html);
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
        assertTrue(html.contains("A &amp; B"));
        String md = DocumentFormats.markdown(d);
        assertFalse(md.contains("\n# Titre"), md);
    }

    @Test
    void odtIsAnOpenDocumentPackageWithTheTextEscaped() throws Exception {
        AssembledDocument d = Assembler.assemble(MODEL, MODEL.title(),
                List.of(new Assembler.Choice(clause("liste", 1, "Mesures :\n\n- chiffrement\n- journalisation"), null)),
                Map.of("partie_1", "Ville <de> Metz", "partie_2", "EPCI", "lieu", "Metz"));
        byte[] odt = DocumentFormats.odt(d);
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(odt))) {
            ZipEntry first = zip.getNextEntry();
            assertEquals("mimetype", first.getName());
            assertEquals(ZipEntry.STORED, first.getMethod());
            assertEquals("application/vnd.oasis.opendocument.text", new String(zip.readAllBytes(), StandardCharsets.US_ASCII));
            String content = null;
            for (ZipEntry e; (e = zip.getNextEntry()) != null;) {
                if (e.getName().equals("content.xml")) {
                    content = new String(zip.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            assertTrue(content.contains("Ville &lt;de&gt; Metz"), content);
            assertTrue(content.contains("<text:list>"), content);
        }
    }

    @Test
    void aThirtyClausePdfIsReadableAndFast() throws Exception {
        List<Assembler.Choice> choices = new ArrayList<>();
        Map<String, String> variables = new HashMap<>(Map.of("partie_1", "Région Grand Est", "partie_2", "Eurométropole", "lieu", "Strasbourg"));
        for (int i = 1; i <= 30; i++) {
            choices.add(new Assembler.Choice(clause("c" + i, 1, ("Le bénéficiaire s'engage, pour la clause " + i
                    + ", à respecter les obligations « {{v" + i + "} }» décrites ci-après. ").repeat(12).replace("{{v" + i + "} }", "{{v" + i + "}}")), null));
            variables.put("v" + i, "valeur " + i + " ✓");
        }
        DocumentFormats.pdf(Assembler.assemble(MODEL, MODEL.title(), choices, variables)); // warm-up
        long start = System.nanoTime();
        byte[] pdf = DocumentFormats.pdf(Assembler.assemble(MODEL, MODEL.title(), choices, variables));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 1000, "30-clause PDF took " + millis + " ms");
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertTrue(document.getNumberOfPages() >= 3);
            String text = new PDFTextStripper().getText(document);
            assertTrue(text.contains("Article 30"), text);
            assertTrue(text.contains("Eurométropole"));
            assertTrue(text.contains("valeur 7 ?"), "a character Helvetica cannot show becomes '?'");
        }
    }
}
