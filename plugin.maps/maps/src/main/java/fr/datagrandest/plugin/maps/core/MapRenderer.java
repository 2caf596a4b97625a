package fr.datagrandest.plugin.maps.core;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Draws layers into an image with Java2D (headless): polygons filled and outlined, lines stroked, points as
 * discs, labels where they fit, each as the layer's {@link MapStyle} says. Coordinates closer than about half a
 * pixel are dropped while drawing, which keeps small-scale maps of detailed layers fast.
 */
public final class MapRenderer {

    /** A feature found under a point: its layer and the feature. */
    public record Hit(Layer layer, MapFeature feature) {
    }

    /** The map area of a request: a box of the system (east, north) drawn into width × height pixels. */
    public record View(Crs crs, Envelope box, int width, int height) {
        double resolution() {
            return Math.max(box.getWidth() / width, box.getHeight() / height);
        }

        /** OGC scale denominator (0.28 mm pixels). */
        public double scaleDenominator() {
            double metresPerUnit = crs.geographic() ? 111319.49079327357 : 1.0;
            return resolution() * metresPerUnit / 0.00028;
        }

        /** The web-map zoom level of the same scale, for label thresholds. */
        public double zoom() {
            return Math.log(559082264.0287178 / scaleDenominator()) / Math.log(2);
        }
    }

    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final GeometryFactory FACTORY = new GeometryFactory();

    public BufferedImage render(List<Layer> layers, View view, boolean transparent, Color background) {
        BufferedImage image = new BufferedImage(view.width(), view.height(),
                transparent ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            if (!transparent) {
                g.setColor(background);
                g.fillRect(0, 0, view.width(), view.height());
            }
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            Envelope wgs84 = view.crs().toWgs84(view.box());
            double scale = view.scaleDenominator();
            List<Rectangle2D> placedLabels = new ArrayList<>();
            for (Layer layer : layers) {
                if (layer.style().visibleAt(scale)) {
                    draw(g, layer, view, wgs84, placedLabels);
                }
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private void draw(Graphics2D g, Layer layer, View view, Envelope wgs84, List<Rectangle2D> placedLabels) {
        MapStyle style = layer.style();
        Envelope box = view.box();
        double sx = view.width() / box.getWidth();
        double sy = view.height() / box.getHeight();
        Transform t = new Transform(box.getMinX(), box.getMaxY(), sx, sy);
        BasicStroke stroke = new BasicStroke(style.strokeWidth(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
        boolean labels = style.label() != null && view.zoom() >= style.labelMinZoom();
        FeatureSet hits = layer.candidates(wgs84);
        List<Object[]> labelCandidates = labels ? new ArrayList<>() : List.of();
        for (int i = 0; i < hits.size(); i++) {
            Geometry geometry = hits.geometryIn(view.crs(), i);
            if (!geometry.getEnvelopeInternal().intersects(box)) {
                continue;
            }
            MapFeature feature = hits.feature(i);
            Color fill = style.fillFor(feature.properties());
            Color line = style.strokeFor(feature.properties());
            drawGeometry(g, geometry, t, fill, line, stroke, style);
            if (labels) {
                Object text = feature.properties().get(style.label());
                if (text != null) {
                    labelCandidates.add(new Object[] {geometry, text.toString()});
                }
            }
        }
        if (labels) {
            g.setFont(LABEL_FONT);
            FontMetrics fm = g.getFontMetrics();
            for (Object[] candidate : labelCandidates) {
                Geometry geometry = (Geometry) candidate[0];
                String text = (String) candidate[1];
                int w = fm.stringWidth(text);
                Envelope e = geometry.getEnvelopeInternal();
                if (geometry.getDimension() == 2 && (e.getWidth() * sx < w * 0.8 || e.getHeight() * sy < fm.getHeight())) {
                    continue; // the label would not fit inside its polygon
                }
                Point anchor = geometry.getDimension() == 2 ? geometry.getInteriorPoint() : geometry.getCentroid();
                if (anchor.isEmpty()) {
                    continue;
                }
                double px = t.x(anchor.getX());
                double py = t.y(anchor.getY());
                Rectangle2D r = new Rectangle2D.Double(px - w / 2.0 - 2, py - fm.getAscent() / 2.0 - 2, w + 4,
                        fm.getHeight() + 4);
                // Only labels wholly inside the image: a tiled client would otherwise show labels cut at tile edges.
                if (!new Rectangle2D.Double(0, 0, view.width(), view.height()).contains(r)
                        || placedLabels.stream().anyMatch(r::intersects)) {
                    continue;
                }
                placedLabels.add(r);
                float x = (float) (px - w / 2.0);
                float y = (float) (py + fm.getAscent() / 2.0 - 1);
                g.setColor(new Color(255, 255, 255, 200));
                for (int dx = -1; dx <= 1; dx++) {
                    for (int dy = -1; dy <= 1; dy++) {
                        if (dx != 0 || dy != 0) {
                            g.drawString(text, x + dx, y + dy);
                        }
                    }
                }
                g.setColor(style.labelColor() == null ? Color.BLACK : style.labelColor());
                g.drawString(text, x, y);
            }
        }
    }

    private static void drawGeometry(Graphics2D g, Geometry geometry, Transform t, Color fill, Color line,
            BasicStroke stroke, MapStyle style) {
        for (int n = 0; n < geometry.getNumGeometries(); n++) {
            Geometry part = geometry.getGeometryN(n);
            if (part != geometry && part.getNumGeometries() > 1) {
                drawGeometry(g, part, t, fill, line, stroke, style);
            } else if (part instanceof Polygon polygon) {
                Path2D.Double path = new Path2D.Double(Path2D.WIND_EVEN_ODD);
                append(path, polygon.getExteriorRing().getCoordinateSequence(), t, true);
                for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
                    append(path, polygon.getInteriorRingN(h).getCoordinateSequence(), t, true);
                }
                if (fill != null) {
                    g.setColor(fill);
                    g.fill(path);
                }
                if (line != null && stroke.getLineWidth() > 0) {
                    g.setColor(line);
                    g.setStroke(stroke);
                    g.draw(path);
                }
            } else if (part instanceof LineString ls) {
                Path2D.Double path = new Path2D.Double();
                append(path, ls.getCoordinateSequence(), t, false);
                if (line != null && stroke.getLineWidth() > 0) {
                    g.setColor(line);
                    g.setStroke(stroke);
                    g.draw(path);
                }
            } else if (part instanceof Point p && !p.isEmpty()) {
                double r = style.pointSize() / 2.0;
                Ellipse2D.Double disc = new Ellipse2D.Double(t.x(p.getX()) - r, t.y(p.getY()) - r, 2 * r, 2 * r);
                if (fill != null) {
                    g.setColor(new Color(fill.getRed(), fill.getGreen(), fill.getBlue()));
                    g.fill(disc);
                }
                if (line != null) {
                    g.setColor(line);
                    g.setStroke(new BasicStroke(1f));
                    g.draw(disc);
                }
            }
        }
    }

    private static void append(Path2D.Double path, CoordinateSequence seq, Transform t, boolean close) {
        int size = seq.size();
        if (size == 0) {
            return;
        }
        double lastX = t.x(seq.getX(0));
        double lastY = t.y(seq.getY(0));
        path.moveTo(lastX, lastY);
        for (int i = 1; i < size; i++) {
            double x = t.x(seq.getX(i));
            double y = t.y(seq.getY(i));
            if (i < size - 1 && Math.abs(x - lastX) < 0.5 && Math.abs(y - lastY) < 0.5) {
                continue;
            }
            path.lineTo(x, y);
            lastX = x;
            lastY = y;
        }
        if (close) {
            path.closePath();
        }
    }

    /** The features under pixel (i, j), topmost layer first, at most {@code count}. */
    public List<Hit> featuresAt(List<Layer> layers, View view, int i, int j, int count) {
        Envelope box = view.box();
        double x = box.getMinX() + (i + 0.5) * box.getWidth() / view.width();
        double y = box.getMaxY() - (j + 0.5) * box.getHeight() / view.height();
        double tolerance = 3 * view.resolution();
        Point point = FACTORY.createPoint(new org.locationtech.jts.geom.Coordinate(x, y));
        Envelope around = new Envelope(x - tolerance, x + tolerance, y - tolerance, y + tolerance);
        Envelope wgs84 = view.crs().toWgs84(around);
        List<Hit> result = new ArrayList<>();
        for (int l = layers.size() - 1; l >= 0 && result.size() < count; l--) {
            Layer layer = layers.get(l);
            FeatureSet near = layer.candidates(wgs84);
            for (int index = 0; index < near.size(); index++) {
                Geometry g = near.geometryIn(view.crs(), index);
                boolean hit = g.getDimension() == 2 ? g.intersects(point) : g.isWithinDistance(point, tolerance);
                if (hit) {
                    result.add(new Hit(layer, near.feature(index)));
                    if (result.size() >= count) {
                        break;
                    }
                }
            }
        }
        return result;
    }

    /** PNG, 8-bit paletted PNG or JPEG bytes of an image. */
    public static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
        switch (format) {
            case "image/jpeg" -> {
                BufferedImage rgb = image;
                if (image.getType() != BufferedImage.TYPE_INT_RGB) {
                    rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
                    Graphics2D g = rgb.createGraphics();
                    g.setColor(Color.WHITE);
                    g.fillRect(0, 0, image.getWidth(), image.getHeight());
                    g.drawImage(image, 0, 0, null);
                    g.dispose();
                }
                ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(0.85f);
                try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
                    writer.setOutput(ios);
                    writer.write(null, new IIOImage(rgb, null, null), param);
                } finally {
                    writer.dispose();
                }
            }
            case "image/png; mode=8bit" -> ImageIO.write(toPaletted(image), "png", out);
            default -> ImageIO.write(image, "png", out);
        }
        return out.toByteArray();
    }

    /**
     * An 8-bit paletted copy: the image's own colours when there are at most 255 of them, otherwise the nearest
     * of a 6×7×6 colour cube; fully transparent pixels keep a transparent entry.
     */
    static BufferedImage toPaletted(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        Map<Integer, Integer> palette = new HashMap<>();
        palette.put(0, 0);
        boolean exact = true;
        for (int p : argb) {
            int key = (p >>> 24) < 8 ? 0 : p | 0xff000000;
            if (!palette.containsKey(key)) {
                if (palette.size() >= 256) {
                    exact = false;
                    break;
                }
                palette.put(key, palette.size());
            }
        }
        int size;
        byte[] r = new byte[256];
        byte[] gr = new byte[256];
        byte[] b = new byte[256];
        byte[] a = new byte[256];
        if (exact) {
            size = palette.size();
            for (Map.Entry<Integer, Integer> e : palette.entrySet()) {
                int c = e.getKey();
                int i = e.getValue();
                r[i] = (byte) (c >> 16);
                gr[i] = (byte) (c >> 8);
                b[i] = (byte) c;
                a[i] = (byte) (i == 0 ? 0 : 255);
            }
        } else {
            size = 1 + 6 * 7 * 6;
            int i = 1;
            for (int ri = 0; ri < 6; ri++) {
                for (int gi = 0; gi < 7; gi++) {
                    for (int bi = 0; bi < 6; bi++) {
                        r[i] = (byte) (ri * 51);
                        gr[i] = (byte) (gi * 255 / 6);
                        b[i] = (byte) (bi * 51);
                        a[i] = (byte) 255;
                        i++;
                    }
                }
            }
        }
        IndexColorModel model = new IndexColorModel(8, size, r, gr, b, a);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, model);
        byte[] pixels = ((java.awt.image.DataBufferByte) out.getRaster().getDataBuffer()).getData();
        for (int k = 0; k < argb.length; k++) {
            int p = argb[k];
            if ((p >>> 24) < 8) {
                pixels[k] = 0;
            } else if (exact) {
                pixels[k] = (byte) (int) palette.get(p | 0xff000000);
            } else {
                int ri = Math.round(((p >> 16) & 0xff) / 51f);
                int gi = Math.round(((p >> 8) & 0xff) * 6 / 255f);
                int bi = Math.round((p & 0xff) / 51f);
                pixels[k] = (byte) (1 + (ri * 7 + gi) * 6 + bi);
            }
        }
        return out;
    }

    /** Map to pixel: x right, y down. */
    private record Transform(double minX, double maxY, double sx, double sy) {
        double x(double mapX) {
            return (mapX - minX) * sx;
        }

        double y(double mapY) {
            return (maxY - mapY) * sy;
        }
    }
}
