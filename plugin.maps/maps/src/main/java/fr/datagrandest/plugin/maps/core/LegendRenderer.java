package fr.datagrandest.plugin.maps.core;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** Draws a layer's legend from its style: one row per class, or one row for a single-symbol style. */
public final class LegendRenderer {

    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final int SYMBOL = 16;
    private static final int ROW = 22;

    /** A legend row: its label and colours. */
    public record Entry(String label, Color fill, Color stroke) {
    }

    public static List<Entry> entries(Layer layer) {
        MapStyle s = layer.style();
        List<Entry> entries = new ArrayList<>();
        for (MapStyle.StyleClass c : s.classes()) {
            entries.add(new Entry(c.label(), c.fill(), c.stroke()));
        }
        if (entries.isEmpty()) {
            entries.add(new Entry(layer.info().title(), s.fill(), s.stroke()));
        }
        return entries;
    }

    public BufferedImage render(Layer layer, int maxSize) {
        List<Entry> entries = entries(layer);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        Graphics2D pg = probe.createGraphics();
        pg.setFont(FONT);
        FontMetrics fm = pg.getFontMetrics();
        int textWidth = entries.stream().mapToInt(e -> fm.stringWidth(e.label())).max().orElse(0);
        pg.dispose();
        int width = Math.min(maxSize, SYMBOL + 12 + textWidth + 4);
        int height = Math.min(maxSize, entries.size() * ROW + 4);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(FONT);
        String type = layer.geometryType();
        int y = 3;
        for (Entry e : entries) {
            int x = 2;
            if (type.equals("line")) {
                g.setColor(e.stroke() == null ? Color.GRAY : e.stroke());
                g.setStroke(new BasicStroke(Math.max(1.5f, layer.style().strokeWidth())));
                g.drawLine(x, y + SYMBOL / 2, x + SYMBOL, y + SYMBOL / 2);
            } else if (type.equals("point")) {
                if (e.fill() != null) {
                    g.setColor(e.fill());
                    g.fillOval(x + 3, y + 3, SYMBOL - 6, SYMBOL - 6);
                }
                if (e.stroke() != null) {
                    g.setColor(e.stroke());
                    g.drawOval(x + 3, y + 3, SYMBOL - 6, SYMBOL - 6);
                }
            } else {
                if (e.fill() != null) {
                    g.setColor(e.fill());
                    g.fillRect(x, y, SYMBOL, SYMBOL);
                }
                if (e.stroke() != null) {
                    g.setColor(e.stroke());
                    g.setStroke(new BasicStroke(Math.min(3f, Math.max(1f, layer.style().strokeWidth()))));
                    g.drawRect(x, y, SYMBOL, SYMBOL);
                }
            }
            g.setColor(Color.BLACK);
            g.drawString(e.label(), x + SYMBOL + 8, y + SYMBOL - 3);
            y += ROW;
        }
        g.dispose();
        return image;
    }
}
