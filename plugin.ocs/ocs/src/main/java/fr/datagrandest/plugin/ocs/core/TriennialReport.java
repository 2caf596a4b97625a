package fr.datagrandest.plugin.ocs.core;

import static fr.datagrandest.plugin.ocs.core.Svg.ha;
import static fr.datagrandest.plugin.ocs.core.Svg.pct;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A pre-filled draft of the triennial local report on land artificialisation (CGCT art. L.2231-1 and R.2231-1)
 * for a commune or an EPCI, that the community completes and adopts: consumption of natural, agricultural and
 * forest spaces, artificialisation balance, sealed surfaces, progress against the ZAN allowance, and the sources
 * with their vintages. Made once as headings, paragraphs and tables, then written as an OpenDocument text
 * (the ODF package directly: a ZIP with the {@code mimetype} entry first and stored, no library) or as PDF
 * ({@link TriennialReportPdf}).
 */
final class TriennialReport {

    /** A heading (level 1 or 2), a paragraph (with its ODT style name) or a table (first row: headers). */
    record Block(int heading, String style, String text, String[][] rows) {
    }

    private TriennialReport() {
    }

    static byte[] odt(List<Block> blocks) {
        StringBuilder b = new StringBuilder();
        for (Block block : blocks) {
            if (block.rows() != null) {
                table(b, block.rows());
            } else if (block.heading() > 0) {
                h(b, block.heading(), block.text());
            } else {
                p(b, block.style(), block.text());
            }
        }
        return zip(content(b.toString()));
    }

    @SuppressWarnings("unchecked")
    static List<Block> blocks(String levelName, String name, String code, Map<String, Object> r) {
        List<Map<String, Object>> sources = (List<Map<String, Object>>) r.get("sources");
        int from = sources.stream().mapToInt(s -> (Integer) s.get("from")).min().orElse(0);
        int to = sources.stream().mapToInt(s -> (Integer) s.get("to")).max().orElse(0);
        Map<String, Map<String, Object>> art = (Map<String, Map<String, Object>>) r.get("artificialised");
        Map<String, Map<String, Object>> imp = (Map<String, Map<String, Object>>) r.get("impervious");
        Map<String, Object> flows = (Map<String, Object>) r.get("flows");
        Map<String, Object> enaf = (Map<String, Object>) r.get("enaf");
        Map<String, Object> zan = (Map<String, Object>) r.get("zan");
        double allowance = (Double) zan.get("allowance2021to2031");
        double consumed = (Double) zan.get("consumedSince2021");

        List<Block> b = new java.util.ArrayList<>();
        h(b, 1, "Rapport local de suivi de l'artificialisation des sols");
        p(b, "Sous-titre", levelName + " : " + name + " (" + code + ") — projet pré-rempli le "
                + LocalDate.now() + " par DataGrandEst");
        if ((Boolean) r.get("synthetic")) {
            p(b, "Avertissement", "DONNÉES SYNTHÉTIQUES : ce projet est calculé sur une OCS GE fictive de démonstration."
                    + " Ses chiffres ne décrivent pas l'occupation réelle du sol et ne peuvent pas être adoptés.");
        }
        p(b, "Standard", "Rapport prévu par l'article L. 2231-1 du code général des collectivités territoriales, dont"
                + " le contenu est précisé par l'article R. 2231-1. Il est présenté au conseil municipal ou à l'organe"
                + " délibérant de l'EPCI, donne lieu à un débat et à une délibération, et est transmis au préfet de"
                + " région, au préfet de département et, le cas échéant, aux autorités compétentes en matière de"
                + " SCoT et de PLU(i). Les chiffres ci-dessous sont pré-remplis ; les passages entre crochets sont à"
                + " compléter par la collectivité.");
        p(b, "Standard", "Période observée : millésimes OCS GE " + from + " → " + to + ".");

        h(b, 2, "1. Consommation d'espaces naturels, agricoles et forestiers");
        table(b, new String[][] {
            {"Indicateur", "Valeur", "Source"},
            {"Consommation d'ENAF " + from + "–" + to, ha((Double) enaf.get("consumption")),
                String.valueOf(enaf.get("source"))},
            {"Rythme annuel", ha((Double) enaf.get("annualRate")) + " par an", "idem, ramené à l'année"},
            {"Consommation de référence 2011–2021", ha((Double) zan.get("reference2011to2021")),
                String.valueOf(zan.get("method"))},
        });
        Map<String, Object> ff = (Map<String, Object>) enaf.get("fichiersFonciers");
        if (ff != null) {
            List<Map<String, Object>> yearly = (List<Map<String, Object>>) ff.get("yearly");
            String[][] rows = new String[yearly.size() + 1][];
            rows[0] = new String[] {"Année", "Habitat", "Activité", "Mixte", "Routes", "Ferroviaire", "Inconnue", "Total"};
            for (int i = 0; i < yearly.size(); i++) {
                Map<String, Object> y = yearly.get(i);
                rows[i + 1] = new String[] {String.valueOf(y.get("year")), ha(d(y, "habitat")), ha(d(y, "activite")),
                    ha(d(y, "mixte")), ha(d(y, "routes")), ha(d(y, "ferroviaire")), ha(d(y, "inconnu")), ha(d(y, "total"))};
            }
            p(b, "Standard", "Consommation annuelle par destination (" + ff.get("source") + ", " + ff.get("communes")
                    + " commune(s)) :");
            table(b, rows);
        } else {
            p(b, "Standard", "Les fichiers fonciers du Cerema ne sont pas importés pour ce territoire : la consommation"
                    + " est mesurée par les flux de l'OCS GE. [Compléter avec les données du portail national de"
                    + " l'artificialisation si besoin.]");
        }

        h(b, 2, "2. Solde entre artificialisation et désartificialisation");
        table(b, new String[][] {
            {"Indicateur", from + "–" + to},
            {"Surfaces artificialisées", ha((Double) flows.get("artificialisation"))},
            {"Surfaces désartificialisées", ha((Double) flows.get("deArtificialisation"))},
            {"Artificialisation nette", ha((Double) flows.get("net"))},
            {"Surface artificialisée en " + from, ha((Double) art.get("from").get("area")) + " ("
                + pct((Double) art.get("from").get("share")) + ")"},
            {"Surface artificialisée en " + to, ha((Double) art.get("to").get("area")) + " ("
                + pct((Double) art.get("to").get("share")) + ")"},
        });
        p(b, "Standard", "Artificialisation au sens du décret n° 2023-1096 (matrice " + r.get("matrix")
                + ", nomenclature " + r.get("nomenclature") + ").");

        h(b, 2, "3. Surfaces imperméabilisées");
        table(b, new String[][] {
            {"Année", "Surface imperméabilisée", "Part du territoire"},
            {String.valueOf(from), ha((Double) imp.get("from").get("area")), pct((Double) imp.get("from").get("share"))},
            {String.valueOf(to), ha((Double) imp.get("to").get("area")), pct((Double) imp.get("to").get("share"))},
        });

        h(b, 2, "4. Respect des objectifs de réduction (trajectoire ZAN)");
        table(b, new String[][] {
            {"Indicateur", "Valeur"},
            {"Enveloppe 2021–2031 (moitié de la consommation 2011–2021, au moins 1 ha par commune)", ha(allowance)},
            {"Consommation depuis le 1er janvier 2021", ha(consumed)},
            {"Part de l'enveloppe consommée", allowance > 0 ? pct(consumed / allowance) : "–"},
        });
        p(b, "Standard", "[Objectifs fixés par le SRADDET Grand Est, le SCoT et le document d'urbanisme : à compléter.]");
        p(b, "Standard", "[Analyse et mesures prises ou envisagées par la collectivité : à compléter.]");

        h(b, 2, "5. Sources et millésimes");
        for (Map<String, Object> s : sources) {
            p(b, "Standard", "OCS GE, département " + s.get("departement") + " : millésimes " + s.get("from") + " et "
                    + s.get("to") + " (" + s.get("communes") + " commune(s), nomenclature " + s.get("nomenclature")
                    + ", matrice " + s.get("matrix") + ((Boolean) s.get("synthetic") ? ", synthétique" : ", IGN") + ").");
        }
        if ((Boolean) r.get("mixedVintages")) {
            p(b, "Standard", String.valueOf(r.get("vintageNote")));
        }
        p(b, "Standard", "Occupation du sol à grande échelle (OCS GE) de l'IGN, Licence Ouverte 2.0 ; fichiers fonciers"
                + " du Cerema lorsqu'ils sont importés ; calculs DataGrandEst.");
        return b;
    }

    private static void h(List<Block> b, int level, String text) {
        b.add(new Block(level, null, text, null));
    }

    private static void p(List<Block> b, String style, String text) {
        b.add(new Block(0, style, text, null));
    }

    private static void table(List<Block> b, String[][] rows) {
        b.add(new Block(0, null, null, rows));
    }

    private static double d(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof Number n ? n.doubleValue() : 0;
    }

    private static void h(StringBuilder b, int level, String text) {
        b.append("<text:h text:style-name=\"Heading_20_").append(level).append("\" text:outline-level=\"").append(level)
                .append("\">").append(xml(text)).append("</text:h>");
    }

    private static void p(StringBuilder b, String style, String text) {
        b.append("<text:p text:style-name=\"").append(style).append("\">").append(xml(text)).append("</text:p>");
    }

    private static void table(StringBuilder b, String[][] rows) {
        b.append("<table:table table:style-name=\"Tableau\"><table:table-column table:number-columns-repeated=\"")
                .append(rows[0].length).append("\"/>");
        for (int i = 0; i < rows.length; i++) {
            b.append(i == 0 ? "<table:table-header-rows>" : "").append("<table:table-row>");
            for (String cell : rows[i]) {
                b.append("<table:table-cell office:value-type=\"string\" table:style-name=\"Cellule\"><text:p text:style-name=\"")
                        .append(i == 0 ? "Entete" : "Standard").append("\">").append(xml(cell)).append("</text:p></table:table-cell>");
            }
            b.append("</table:table-row>").append(i == 0 ? "</table:table-header-rows>" : "");
        }
        b.append("</table:table>");
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String content(String body) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
                + " xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\""
                + " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""
                + " xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\""
                + " xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\" office:version=\"1.3\">"
                + "<office:automatic-styles>"
                + "<style:style style:name=\"Tableau\" style:family=\"table\"><style:table-properties style:width=\"17cm\""
                + " table:align=\"margins\"/></style:style>"
                + "<style:style style:name=\"Cellule\" style:family=\"table-cell\"><style:table-cell-properties"
                + " fo:padding=\"0.08cm\" fo:border=\"0.5pt solid #999999\"/></style:style>"
                + "<style:style style:name=\"Entete\" style:family=\"paragraph\"><style:text-properties fo:font-weight=\"bold\"/>"
                + "</style:style>"
                + "<style:style style:name=\"Avertissement\" style:family=\"paragraph\"><style:paragraph-properties"
                + " fo:background-color=\"#fff4e5\" fo:padding=\"0.2cm\"/><style:text-properties fo:font-weight=\"bold\""
                + " fo:color=\"#a04000\"/></style:style>"
                + "<style:style style:name=\"Sous-titre\" style:family=\"paragraph\"><style:text-properties"
                + " fo:font-size=\"13pt\" fo:color=\"#444444\"/></style:style>"
                + "</office:automatic-styles><office:body><office:text>" + body
                + "</office:text></office:body></office:document-content>";
    }

    private static final String STYLES = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<office:document-styles xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
            + " xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\""
            + " xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\" office:version=\"1.3\">"
            + "<office:styles>"
            + "<style:default-style style:family=\"paragraph\"><style:text-properties style:font-name=\"Liberation Sans\""
            + " fo:font-family=\"'Liberation Sans', Arial, sans-serif\" fo:font-size=\"10.5pt\" fo:language=\"fr\""
            + " fo:country=\"FR\"/></style:default-style>"
            + "<style:style style:name=\"Standard\" style:family=\"paragraph\"><style:paragraph-properties"
            + " fo:margin-bottom=\"0.2cm\"/></style:style>"
            + "<style:style style:name=\"Heading_20_1\" style:display-name=\"Heading 1\" style:family=\"paragraph\""
            + " style:default-outline-level=\"1\"><style:paragraph-properties fo:margin-bottom=\"0.3cm\"/>"
            + "<style:text-properties fo:font-size=\"18pt\" fo:font-weight=\"bold\" fo:color=\"#1f3b57\"/></style:style>"
            + "<style:style style:name=\"Heading_20_2\" style:display-name=\"Heading 2\" style:family=\"paragraph\""
            + " style:default-outline-level=\"2\"><style:paragraph-properties fo:margin-top=\"0.5cm\""
            + " fo:margin-bottom=\"0.2cm\"/><style:text-properties fo:font-size=\"14pt\" fo:font-weight=\"bold\""
            + " fo:color=\"#1f3b57\"/></style:style>"
            + "</office:styles></office:document-styles>";

    private static final String MANIFEST = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.3\">"
            + "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.text\"/>"
            + "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
            + "<manifest:file-entry manifest:full-path=\"styles.xml\" manifest:media-type=\"text/xml\"/>"
            + "</manifest:manifest>";

    private static byte[] zip(String content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            // ODF: "mimetype" first, stored uncompressed, so that tools recognise the package by its first bytes
            byte[] mimetype = "application/vnd.oasis.opendocument.text".getBytes(StandardCharsets.US_ASCII);
            ZipEntry entry = new ZipEntry("mimetype");
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(mimetype.length);
            CRC32 crc = new CRC32();
            crc.update(mimetype);
            entry.setCrc(crc.getValue());
            zip.putNextEntry(entry);
            zip.write(mimetype);
            zip.closeEntry();
            for (String[] e : new String[][] {{"META-INF/manifest.xml", MANIFEST}, {"styles.xml", STYLES},
                {"content.xml", content}}) {
                zip.putNextEntry(new ZipEntry(e[0]));
                zip.write(e[1].getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
