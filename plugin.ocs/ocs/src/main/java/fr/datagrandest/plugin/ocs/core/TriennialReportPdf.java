package fr.datagrandest.plugin.ocs.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * The triennial report draft as PDF (A4, Helvetica), with PDFBox as plugin.legal uses it: headings, wrapped
 * paragraphs, tables with equal columns and wrapped cells, page numbers. Helvetica shows WinAnsi only: arrows
 * become "->" and any other character it cannot show becomes '?'.
 */
final class TriennialReportPdf {

    private static final float MARGIN = 50;
    private static final float WIDTH = PDRectangle.A4.getWidth() - 2 * MARGIN;
    private static final float BODY = 10f;

    private final PDDocument pdf;
    private final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private final List<PDPage> pages = new ArrayList<>();
    private final Map<Character, Boolean> encodable = new HashMap<>();
    private PDPageContentStream content;
    private float y;

    private TriennialReportPdf(PDDocument pdf) throws IOException {
        this.pdf = pdf;
        newPage();
    }

    static byte[] write(List<TriennialReport.Block> blocks) {
        try (PDDocument pdf = new PDDocument()) {
            TriennialReportPdf w = new TriennialReportPdf(pdf);
            for (TriennialReport.Block block : blocks) {
                if (block.rows() != null) {
                    w.table(block.rows());
                } else if (block.heading() > 0) {
                    if (w.y < MARGIN + 120) {
                        // a heading is not left alone at the foot of a page
                        w.newPage();
                    }
                    w.y -= block.heading() == 1 ? 0 : 8;
                    w.paragraph(block.text(), w.bold, block.heading() == 1 ? 17 : 13, 6);
                } else {
                    w.paragraph(block.text(), "Avertissement".equals(block.style()) ? w.bold : w.regular,
                            "Sous-titre".equals(block.style()) ? 12 : BODY, 6);
                }
            }
            w.finish();
            pdf.getDocumentInformation().setTitle("Rapport local de suivi de l'artificialisation des sols (projet)");
            pdf.getDocumentInformation().setCreator("DataGrandEst");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            pdf.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void newPage() throws IOException {
        if (content != null) {
            content.close();
        }
        PDPage page = new PDPage(PDRectangle.A4);
        pdf.addPage(page);
        pages.add(page);
        content = new PDPageContentStream(pdf, page);
        y = PDRectangle.A4.getHeight() - MARGIN;
    }

    private void paragraph(String text, PDType1Font font, float size, float after) throws IOException {
        float leading = size * 1.35f;
        for (String line : wrap(clean(font, text), font, size, WIDTH)) {
            if (y - leading < MARGIN + 20) {
                newPage();
            }
            y -= leading;
            text(line, font, size, MARGIN, y);
        }
        y -= after;
    }

    private void table(String[][] rows) throws IOException {
        int columns = rows[0].length;
        float cell = WIDTH / columns;
        float size = columns > 4 ? 8.5f : 9.5f;
        float leading = size * 1.3f;
        for (int r = 0; r < rows.length; r++) {
            PDType1Font font = r == 0 ? bold : regular;
            List<List<String>> lines = new ArrayList<>();
            int height = 1;
            for (String value : rows[r]) {
                List<String> wrapped = wrap(clean(font, value), font, size, cell - 6);
                lines.add(wrapped);
                height = Math.max(height, wrapped.size());
            }
            float rowHeight = height * leading + 6;
            if (y - rowHeight < MARGIN + 20) {
                newPage();
            }
            for (int c = 0; c < columns; c++) {
                float x = MARGIN + c * cell;
                content.setLineWidth(0.5f);
                content.addRect(x, y - rowHeight, cell, rowHeight);
                content.stroke();
                float ly = y - 3;
                for (String line : lines.get(c)) {
                    ly -= leading;
                    text(line, font, size, x + 3, ly + 2);
                }
            }
            y -= rowHeight;
        }
        y -= 8;
    }

    private void text(String line, PDType1Font font, float size, float x, float at) throws IOException {
        content.beginText();
        content.setFont(font, size);
        content.newLineAtOffset(x, at);
        content.showText(line);
        content.endText();
    }

    private static List<String> wrap(String text, PDType1Font font, float size, float width) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (font.getStringWidth(candidate) / 1000 * size <= width || line.isEmpty()) {
                line.setLength(0);
                line.append(candidate);
            } else {
                lines.add(line.toString());
                line.setLength(0);
                line.append(word);
            }
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    private String clean(PDType1Font font, String text) {
        String t = text.replace("→", "->").replace('\u00a0', ' ').replace('\u202f', ' ');
        StringBuilder out = new StringBuilder(t.length());
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
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

    private void finish() throws IOException {
        content.close();
        int total = pages.size();
        for (int i = 0; i < total; i++) {
            try (PDPageContentStream footer = new PDPageContentStream(pdf, pages.get(i),
                    PDPageContentStream.AppendMode.APPEND, true)) {
                String label = String.format(Locale.FRANCE, "Projet de rapport triennal - page %d sur %d", i + 1, total);
                footer.beginText();
                footer.setFont(regular, 8);
                footer.newLineAtOffset(PDRectangle.A4.getWidth() - MARGIN - regular.getStringWidth(label) / 1000 * 8,
                        MARGIN - 20);
                footer.showText(label);
                footer.endText();
            }
        }
    }
}
