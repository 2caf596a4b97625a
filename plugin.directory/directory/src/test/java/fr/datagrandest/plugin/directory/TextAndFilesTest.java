package fr.datagrandest.plugin.directory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import jakarta.ws.rs.WebApplicationException;

/** The pure parts: French name keys, contact checks, CSV reading, formula escaping, vCard folding. */
class TextAndFilesTest {

    @Test
    void namesCompareWithoutCaseAccentsHyphensAndApostrophes() {
        assertEquals("saint die des vosges", FrenchText.key("Saint-Dié-des-Vosges"));
        assertEquals("l hopital", FrenchText.key("L'Hôpital"));
        assertEquals("oeuvre", FrenchText.key("Œuvre"));
        assertEquals(List.of("referent", "moselle"), FrenchText.words("  Référent   MOSELLE "));
    }

    @Test
    void similarOrganisationNamesAreFoundAndDifferentOnesAreNot() {
        assertTrue(FrenchText.similarity("Communauté d'agglomération de Colmar", "Communaute agglomeration Colmar") > 0.95);
        assertTrue(FrenchText.similarity("CA Saint-Dié-des-Vosges", "CA de Saint Dié des Vosges") > 0.9);
        assertTrue(FrenchText.similarity("Ville de Metz", "Ville de Nancy") < 0.82);
        assertEquals(0, FrenchText.similarity("Syndicat intercommunal n°12", "Syndicat intercommunal n°1"));
    }

    @Test
    void contactValuesAreChecked() {
        assertTrue(FrenchText.isEmail("claire.martin@exemple.fr"));
        assertTrue(!FrenchText.isEmail("claire.martin@exemple"));
        assertTrue(!FrenchText.isEmail("claire martin@exemple.fr"));
        assertEquals("+33353480102", FrenchText.phone("03 53 48 01 02"));
        assertEquals("+33353480102", FrenchText.phone("+33 (0)3 53 48 01 02"));
        assertNull(FrenchText.phone("03 53 48"));
        assertNull(FrenchText.phone("n/a"));
        assertEquals(List.of("invalid-email", "invalid-phone"), Directory.contactFlags("x@", "12"));
        assertEquals("246700488", FrenchText.siren("246 700 488 00017"));
        assertNull(FrenchText.siren("1234"));
    }

    @Test
    void csvIsReadInUtf8WithBomOrWindows1252WithEitherSeparator() {
        String text = "Prénom;Nom;Courriel\r\nÉlodie;Lefèvre;\"e.lefevre@exemple.fr\"\r\n\"Jean; dit \"\"Jo\"\"\";Œuvre;\n";
        SpreadsheetFile.Table cp1252 = SpreadsheetFile.readCsv(text.getBytes(Charset.forName("windows-1252")), null, 10);
        assertTrue(cp1252.encoding().startsWith("Windows-1252"), cp1252.encoding());
        assertEquals(";", cp1252.delimiter());
        assertEquals(List.of("Prénom", "Nom", "Courriel"), cp1252.headers());
        assertEquals(List.of("Élodie", "Lefèvre", "e.lefevre@exemple.fr"), cp1252.rows().get(0));
        assertEquals("Jean; dit \"Jo\"", cp1252.rows().get(1).get(0));

        byte[] utf8 = ("\uFEFF" + text.replace(';', ',').replace("Jean, dit", "Jean; dit")).getBytes(StandardCharsets.UTF_8);
        SpreadsheetFile.Table bom = SpreadsheetFile.readCsv(utf8, null, 10);
        assertEquals("UTF-8 (BOM)", bom.encoding());
        assertEquals(",", bom.delimiter());
        assertEquals("Prénom", bom.headers().get(0));
        assertEquals("Lefèvre", bom.rows().get(0).get(1));
    }

    @Test
    void aWrongEncodingOrABrokenFileIsRefusedWithAReason() {
        byte[] cp1252 = "Nom\nLefèvre\n".getBytes(Charset.forName("windows-1252"));
        WebApplicationException declared = assertThrows(WebApplicationException.class,
                () -> SpreadsheetFile.readCsv(cp1252, "utf-8", 10));
        assertEquals(400, declared.getResponse().getStatus());
        assertTrue(declared.getMessage().contains("not UTF-8"), declared.getMessage());

        byte[] utf16 = "Nom\nLefèvre\n".getBytes(StandardCharsets.UTF_16LE);
        assertEquals(415, assertThrows(WebApplicationException.class, () -> SpreadsheetFile.readCsv(utf16, null, 10))
                .getResponse().getStatus());
        byte[] undefined = {'N', 'o', 'm', '\n', (byte) 0x81, (byte) 0x8D, '\n'};
        assertTrue(assertThrows(WebApplicationException.class, () -> SpreadsheetFile.readCsv(undefined, null, 10))
                .getMessage().contains("encoding could not be recognised"));
        assertTrue(assertThrows(WebApplicationException.class,
                () -> SpreadsheetFile.readCsv("Nom\n\"open\n".getBytes(StandardCharsets.UTF_8), null, 10))
                .getMessage().contains("not closed"));
        assertEquals(413, assertThrows(WebApplicationException.class,
                () -> SpreadsheetFile.readCsv("Nom\na\nb\nc\n".getBytes(StandardCharsets.UTF_8), null, 2))
                .getResponse().getStatus());
    }

    @Test
    void columnsAreRecognisedAndAMappingNamesOnlyExistingColumns() {
        List<String> unknown = new java.util.ArrayList<>();
        List<ContactImport.Column> columns = ContactImport.mapColumns(
                List.of("Prénom", "NOM", "Adresse e-mail", "Tél.", "Collectivité", "Couleur préférée"),
                java.util.Map.of(), unknown);
        assertEquals(List.of("firstName", "lastName", "email", "phone", "organisation", "ignore"),
                columns.stream().map(ContactImport.Column::field).toList());
        assertEquals(List.of("Couleur préférée"), unknown);
        WebApplicationException missing = assertThrows(WebApplicationException.class, () -> ContactImport.mapColumns(
                List.of("Nom"), java.util.Map.of("Courriel pro", "email"), new java.util.ArrayList<>()));
        assertTrue(missing.getMessage().contains("'Courriel pro'"), missing.getMessage());
        assertEquals(400, assertThrows(WebApplicationException.class, () -> ContactImport.mapColumns(
                List.of("Nom"), java.util.Map.of("Nom", "shoeSize"), new java.util.ArrayList<>())).getResponse().getStatus());
        assertEquals(400, assertThrows(WebApplicationException.class, () -> ContactImport.mapColumns(
                List.of("Couleur"), java.util.Map.of(), new java.util.ArrayList<>())).getResponse().getStatus());
    }

    @Test
    void fullNamesAreSplitTheWayPeopleWriteThem() {
        assertArrayEquals(new String[] {"Claire", "Martin"}, ContactImport.splitFullName("Claire Martin"));
        assertArrayEquals(new String[] {"Claire", "MARTIN DUPONT"}, ContactImport.splitFullName("MARTIN DUPONT Claire"));
    }

    @Test
    void exportedCellsNeverRunAsFormulas() {
        assertEquals("'=HYPERLINK(\"http://x\")", ContactExport.safeCell("=HYPERLINK(\"http://x\")"));
        assertEquals("'+33 3", ContactExport.safeCell("+33 3"));
        assertEquals("'-1", ContactExport.safeCell("-1"));
        assertEquals("'@SUM(A1)", ContactExport.safeCell("@SUM(A1)"));
        assertEquals("Metz", ContactExport.safeCell("Metz"));
    }

    @Test
    void vcardsAreVersion4WithFoldedLinesAndEscapedValues() throws Exception {
        ContactExport.Line line = new ContactExport.Line(7, "Élodie", "Lefèvre", "Chargée de mission, SIG; données",
                "Communauté d'agglomération d'Épinal avec un nom très long pour dépasser soixante-quinze octets", null,
                "EPCI", null, null, "agglomerations", "Référent DataGrandEst", "e.lefevre@exemple.fr", "03 53 48 01 02");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ContactExport.vcard(List.of(line), out);
        String card = out.toString(StandardCharsets.UTF_8);
        assertTrue(card.startsWith("BEGIN:VCARD\r\nVERSION:4.0\r\n"), card);
        assertTrue(card.contains("N:Lefèvre;Élodie;;;\r\n"), card);
        assertTrue(card.contains("TITLE:Chargée de mission\\, SIG\\; données"), card);
        assertTrue(card.contains("TEL;VALUE=uri;TYPE=\"work,voice\":tel:+33353480102"), card);
        assertTrue(card.endsWith("END:VCARD\r\n"));
        for (String l : card.split("\r\n")) {
            assertTrue(l.getBytes(StandardCharsets.UTF_8).length <= 75, l);
        }
        assertTrue(card.contains("\r\n "), "long lines are folded");
    }
}
