package fr.datagrandest.plugin.legal.clauses;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** Writes an assembled document as Markdown, HTML, ODT or PDF; each escapes user text for its format. */
public final class DocumentFormats {

    public enum Format {
        MD("text/markdown; charset=utf-8", "md"), HTML("text/html; charset=utf-8", "html"),
        ODT("application/vnd.oasis.opendocument.text", "odt"), PDF("application/pdf", "pdf");

        public final String mediaType;
        public final String extension;

        Format(String mediaType, String extension) {
            this.mediaType = mediaType;
            this.extension = extension;
        }

        public static Format of(String name) {
            for (Format format : values()) {
                if (format.extension.equalsIgnoreCase(name) || "markdown".equalsIgnoreCase(name) && format == MD) {
                    return format;
                }
            }
            throw new IllegalArgumentException("format must be md, html, odt or pdf, not '" + name + "'");
        }
    }

    private DocumentFormats() {
    }

    public static byte[] write(AssembledDocument document, Format format) throws IOException {
        return switch (format) {
            case MD -> markdown(document).getBytes(StandardCharsets.UTF_8);
            case HTML -> html(document, true).getBytes(StandardCharsets.UTF_8);
            case ODT -> odt(document);
            case PDF -> pdf(document);
        };
    }

    // ----- Markdown

    public static String markdown(AssembledDocument d) {
        StringBuilder out = new StringBuilder("# ").append(oneLine(d.title())).append("\n\n");
        blocksMd(d.preamble(), out);
        for (AssembledDocument.Section section : d.sections()) {
            out.append("## ").append(oneLine(section.heading())).append("\n\n");
            blocksMd(section.blocks(), out);
        }
        blocksMd(d.closing(), out);
        out.append("---\n\n*").append(d.trace()).append("*\n");
        return out.toString();
    }

    private static void blocksMd(List<AssembledDocument.Block> blocks, StringBuilder out) {
        boolean inList = false;
        for (AssembledDocument.Block block : blocks) {
            if (block.bullet()) {
                out.append("- ").append(oneLine(block.text())).append('\n');
                inList = true;
            } else {
                if (inList) {
                    out.append('\n');
                    inList = false;
                }
                out.append(oneLine(block.text())).append("\n\n");
            }
        }
        if (inList) {
            out.append('\n');
        }
    }

    /** User text must not start a Markdown heading or break the layout with new lines. */
    private static String oneLine(String text) {
        String line = text.replaceAll("[\\r\\n]+", " ");
        return line.startsWith("#") ? "\\" + line : line;
    }

    // ----- HTML

    /**
     * The style of an HTML document, inline so the file stands alone. The assembly page previews the document in a
     * frame that inherits the page's Content-Security-Policy, which allows this style by its hash.
     */
    public static final String HTML_STYLE = "body{font-family:sans-serif;max-width:46em;margin:2em auto;line-height:1.5}"
            + "footer{font-size:.85em;color:#444;border-top:1px solid #ccc;margin-top:2em}";

    public static String html(AssembledDocument d, boolean wholePage) {
        StringBuilder out = new StringBuilder();
        if (wholePage) {
            out.append("<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\"><title>").append(escape(d.title()))
                    .append("</title><style>").append(HTML_STYLE).append("</style></head><body>\n");
        }
        out.append("<article><h1>").append(escape(d.title())).append("</h1>\n");
        blocksHtml(d.preamble(), out);
        for (AssembledDocument.Section section : d.sections()) {
            out.append("<h2>").append(escape(section.heading())).append("</h2>\n");
            blocksHtml(section.blocks(), out);
        }
        blocksHtml(d.closing(), out);
        out.append("<footer><p>").append(escape(d.trace())).append("</p></footer></article>\n");
        if (wholePage) {
            out.append("</body></html>\n");
        }
        return out.toString();
    }

    private static void blocksHtml(List<AssembledDocument.Block> blocks, StringBuilder out) {
        boolean inList = false;
        for (AssembledDocument.Block block : blocks) {
            if (block.bullet() && !inList) {
                out.append("<ul>");
                inList = true;
            } else if (!block.bullet() && inList) {
                out.append("</ul>\n");
                inList = false;
            }
            out.append(block.bullet() ? "<li>" : "<p>").append(escape(block.text())).append(block.bullet() ? "</li>" : "</p>\n");
        }
        if (inList) {
            out.append("</ul>\n");
        }
    }

    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    // ----- ODT (OpenDocument text: a ZIP with an uncompressed mimetype first, the manifest and content.xml)

    private static final String OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
    private static final String TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
    private static final String STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0";
    private static final String FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0";

    public static byte[] odt(AssembledDocument d) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            byte[] mimetype = "application/vnd.oasis.opendocument.text".getBytes(StandardCharsets.US_ASCII);
            ZipEntry first = new ZipEntry("mimetype");
            first.setMethod(ZipEntry.STORED);
            first.setSize(mimetype.length);
            CRC32 crc = new CRC32();
            crc.update(mimetype);
            first.setCrc(crc.getValue());
            zip.putNextEntry(first);
            zip.write(mimetype);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("META-INF/manifest.xml"));
            zip.write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">"
                    + "<manifest:file-entry manifest:full-path=\"/\" manifest:version=\"1.2\" manifest:media-type=\"application/vnd.oasis.opendocument.text\"/>"
                    + "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
                    + "</manifest:manifest>\n").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("content.xml"));
            writeContent(d, zip);
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static void writeContent(AssembledDocument d, OutputStream out) throws IOException {
        try {
            OutputStreamWriter writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            XMLStreamWriter x = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(writer);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeStartElement("office", "document-content", OFFICE);
            x.writeNamespace("office", OFFICE);
            x.writeNamespace("text", TEXT);
            x.writeNamespace("style", STYLE);
            x.writeNamespace("fo", FO);
            x.writeAttribute("office", OFFICE, "version", "1.2");
            x.writeStartElement("office", "automatic-styles", OFFICE);
            style(x, "Titre", "20pt", "bold");
            style(x, "Article", "13pt", "bold");
            style(x, "Trace", "9pt", "normal");
            x.writeEndElement();
            x.writeStartElement("office", "body", OFFICE);
            x.writeStartElement("office", "text", OFFICE);
            heading(x, 1, "Titre", d.title());
            blocksOdt(x, d.preamble());
            for (AssembledDocument.Section section : d.sections()) {
                heading(x, 2, "Article", section.heading());
                blocksOdt(x, section.blocks());
            }
            blocksOdt(x, d.closing());
            x.writeStartElement("text", "p", TEXT);
            x.writeAttribute("text", TEXT, "style-name", "Trace");
            x.writeCharacters(d.trace());
            x.writeEndElement();
            x.writeEndElement();
            x.writeEndElement();
            x.writeEndElement();
            x.writeEndDocument();
            x.flush();
            writer.flush();
        } catch (XMLStreamException e) {
            throw new IOException("could not write the ODT content", e);
        }
    }

    private static void style(XMLStreamWriter x, String name, String size, String weight) throws XMLStreamException {
        x.writeStartElement("style", "style", STYLE);
        x.writeAttribute("style", STYLE, "name", name);
        x.writeAttribute("style", STYLE, "family", "paragraph");
        x.writeEmptyElement("style", "text-properties", STYLE);
        x.writeAttribute("fo", FO, "font-size", size);
        x.writeAttribute("fo", FO, "font-weight", weight);
        x.writeEndElement();
    }

    private static void heading(XMLStreamWriter x, int level, String style, String text) throws XMLStreamException {
        x.writeStartElement("text", "h", TEXT);
        x.writeAttribute("text", TEXT, "outline-level", Integer.toString(level));
        x.writeAttribute("text", TEXT, "style-name", style);
        x.writeCharacters(xmlSafe(text));
        x.writeEndElement();
    }

    private static void blocksOdt(XMLStreamWriter x, List<AssembledDocument.Block> blocks) throws XMLStreamException {
        boolean inList = false;
        for (AssembledDocument.Block block : blocks) {
            if (block.bullet() && !inList) {
                x.writeStartElement("text", "list", TEXT);
                inList = true;
            } else if (!block.bullet() && inList) {
                x.writeEndElement();
                inList = false;
            }
            if (block.bullet()) {
                x.writeStartElement("text", "list-item", TEXT);
            }
            x.writeStartElement("text", "p", TEXT);
            x.writeCharacters(xmlSafe(block.text()));
            x.writeEndElement();
            if (block.bullet()) {
                x.writeEndElement();
            }
        }
        if (inList) {
            x.writeEndElement();
        }
    }

    /** Drops the control characters XML 1.0 cannot carry. */
    private static String xmlSafe(String text) {
        return text.replaceAll("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\uFFFE\\uFFFF]", "");
    }

    // ----- PDF (A4, Helvetica, wrapped lines, page numbers)

    private static final float MARGIN = 56;
    private static final float WIDTH = PDRectangle.A4.getWidth() - 2 * MARGIN;

    public static byte[] pdf(AssembledDocument d) throws IOException {
        try (PDDocument pdf = new PDDocument()) {
            PDDocumentInformation info = pdf.getDocumentInformation();
            info.setTitle(d.title());
            info.setSubject(d.trace());
            PdfWriter writer = new PdfWriter(pdf);
            writer.paragraph(d.title(), writer.bold, 18, 14);
            writer.blocks(d.preamble());
            for (AssembledDocument.Section section : d.sections()) {
                writer.space(6);
                writer.paragraph(section.heading(), writer.bold, 12.5f, 6);
                writer.blocks(section.blocks());
            }
            writer.blocks(d.closing());
            writer.space(10);
            writer.paragraph(d.trace(), writer.regular, 8.5f, 0);
            writer.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            pdf.save(out);
            return out.toByteArray();
        }
    }

    /** Lays text out page after page. */
    private static final class PdfWriter {
        final PDDocument pdf;
        final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
        final List<PDPage> pages = new ArrayList<>();
        final Map<Character, Boolean> encodable = new HashMap<>();
        PDPageContentStream content;
        float y;

        PdfWriter(PDDocument pdf) throws IOException {
            this.pdf = pdf;
            newPage();
        }

        void newPage() throws IOException {
            if (content != null) {
                content.close();
            }
            PDPage page = new PDPage(PDRectangle.A4);
            pdf.addPage(page);
            pages.add(page);
            content = new PDPageContentStream(pdf, page);
            y = PDRectangle.A4.getHeight() - MARGIN;
        }

        void space(float points) {
            y -= points;
        }

        void blocks(List<AssembledDocument.Block> blocks) throws IOException {
            for (AssembledDocument.Block block : blocks) {
                if (block.bullet()) {
                    paragraphIndented("• " + block.text(), 14);
                } else {
                    paragraph(block.text(), regular, 10.5f, 6);
                }
            }
        }

        void paragraphIndented(String text, float indent) throws IOException {
            layout(text, regular, 10.5f, 3, indent);
        }

        void paragraph(String text, PDType1Font font, float size, float after) throws IOException {
            layout(text, font, size, after, 0);
        }

        private void layout(String text, PDType1Font font, float size, float after, float indent) throws IOException {
            String clean = encodableText(font, text);
            float leading = size * 1.35f;
            for (String line : wrap(clean, font, size, WIDTH - indent)) {
                if (y - leading < MARGIN + 20) {
                    newPage();
                }
                y -= leading;
                content.beginText();
                content.setFont(font, size);
                content.newLineAtOffset(MARGIN + indent, y);
                content.showText(line);
                content.endText();
            }
            y -= after;
        }

        private List<String> wrap(String text, PDType1Font font, float size, float width) throws IOException {
            List<String> lines = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            for (String word : text.split(" ")) {
                String candidate = line.length() == 0 ? word : line + " " + word;
                if (font.getStringWidth(candidate) / 1000 * size <= width || line.length() == 0) {
                    line.setLength(0);
                    line.append(candidate);
                } else {
                    lines.add(line.toString());
                    line.setLength(0);
                    line.append(word);
                }
            }
            if (line.length() > 0) {
                lines.add(line.toString());
            }
            return lines;
        }

        /** Characters Helvetica (WinAnsi) cannot show become '?', so a user's emoji never breaks the export. */
        private String encodableText(PDType1Font font, String text) {
            StringBuilder out = new StringBuilder(text.length());
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\t' || c == '\u00a0' || c == '\u202f') {
                    out.append(' ');
                    continue;
                }
                boolean ok = encodable.computeIfAbsent(c, ch -> {
                    try {
                        font.encode(String.valueOf(ch));
                        return !Character.isISOControl(ch);
                    } catch (IOException | IllegalArgumentException e) {
                        return false;
                    }
                });
                out.append(ok ? c : '?');
            }
            return out.toString();
        }

        void finish() throws IOException {
            content.close();
            int total = pages.size();
            for (int i = 0; i < total; i++) {
                try (PDPageContentStream footer = new PDPageContentStream(pdf, pages.get(i), PDPageContentStream.AppendMode.APPEND, true)) {
                    footer.beginText();
                    footer.setFont(regular, 8.5f);
                    String label = String.format(Locale.FRANCE, "Page %d sur %d", i + 1, total);
                    footer.newLineAtOffset(PDRectangle.A4.getWidth() - MARGIN - regular.getStringWidth(label) / 1000 * 8.5f, MARGIN - 20);
                    footer.showText(label);
                    footer.endText();
                }
            }
        }
    }
}
