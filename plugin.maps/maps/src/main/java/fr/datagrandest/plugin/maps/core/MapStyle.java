package fr.datagrandest.plugin.maps.core;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How a layer looks: one JSON document that drives WMS images, legends and the viewer.
 * <pre>
 * {"fill": "#a6cee3", "fillOpacity": 0.6, "stroke": "#1f78b4", "strokeWidth": 1,
 *  "pointSize": 6, "label": "nom", "labelColor": "#222222", "labelMinZoom": 10,
 *  "classes": {"property": "departement", "type": "categorized",
 *              "values": [{"value": "67", "fill": "#e31a1c", "label": "Bas-Rhin"}]}}
 * </pre>
 * {@code type} may also be {@code graduated}: each class then has {@code min} and {@code max} (max excluded).
 * {@code minScaleDenominator}/{@code maxScaleDenominator} restrict the scales where the layer is drawn.
 */
public record MapStyle(Color fill, Color stroke, float strokeWidth, float pointSize, String label, Color labelColor,
        int labelMinZoom, String classProperty, boolean graduated, List<StyleClass> classes,
        double minScaleDenominator, double maxScaleDenominator) {

    private static final Pattern HEX = Pattern.compile("#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?");

    /** One class of a categorized or graduated style. */
    public record StyleClass(String value, Double min, Double max, Color fill, Color stroke, String label) {
        boolean matches(Object property, boolean graduated) {
            if (property == null) {
                return false;
            }
            if (!graduated) {
                return value != null && value.equals(String.valueOf(property));
            }
            double v;
            if (property instanceof Number n) {
                v = n.doubleValue();
            } else {
                try {
                    v = Double.parseDouble(property.toString());
                } catch (NumberFormatException e) {
                    return false;
                }
            }
            return (min == null || v >= min) && (max == null || v < max);
        }
    }

    /** The default look of a new layer. */
    public static MapStyle defaults() {
        return new MapStyle(new Color(0x33, 0x88, 0xcc, 0x66), new Color(0x1f, 0x4e, 0x79), 1f, 6f, null,
                new Color(0x22, 0x22, 0x22), 10, null, false, List.of(), 0, Double.POSITIVE_INFINITY);
    }

    /** Reads and checks a style document; an error names the field that is wrong. */
    public static MapStyle parse(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("a style must be a JSON object");
        }
        MapStyle d = defaults();
        double opacity = number(node, "fillOpacity", -1);
        if (opacity != -1 && (opacity < 0 || opacity > 1)) {
            throw new IllegalArgumentException("style.fillOpacity must be between 0 and 1");
        }
        Color fill = color(node, "fill", d.fill);
        if (opacity >= 0 && fill != null) {
            fill = new Color(fill.getRed(), fill.getGreen(), fill.getBlue(), (int) Math.round(opacity * 255));
        }
        Color stroke = color(node, "stroke", d.stroke);
        float strokeWidth = (float) number(node, "strokeWidth", d.strokeWidth);
        if (strokeWidth < 0 || strokeWidth > 50) {
            throw new IllegalArgumentException("style.strokeWidth must be between 0 and 50");
        }
        float pointSize = (float) number(node, "pointSize", d.pointSize);
        if (pointSize <= 0 || pointSize > 100) {
            throw new IllegalArgumentException("style.pointSize must be between 0 and 100");
        }
        String label = node.hasNonNull("label") ? node.get("label").asText() : null;
        Color labelColor = color(node, "labelColor", d.labelColor);
        int labelMinZoom = (int) number(node, "labelMinZoom", d.labelMinZoom);
        String classProperty = null;
        boolean graduated = false;
        List<StyleClass> classes = new ArrayList<>();
        JsonNode c = node.get("classes");
        if (c != null && !c.isNull()) {
            if (!c.hasNonNull("property")) {
                throw new IllegalArgumentException("style.classes.property is required");
            }
            classProperty = c.get("property").asText();
            String type = c.path("type").asText("categorized");
            if (!type.equals("categorized") && !type.equals("graduated")) {
                throw new IllegalArgumentException("style.classes.type must be categorized or graduated");
            }
            graduated = type.equals("graduated");
            JsonNode values = c.get("values");
            if (values == null || !values.isArray()) {
                throw new IllegalArgumentException("style.classes.values must be an array");
            }
            for (JsonNode v : values) {
                Color cf = color(v, "fill", fill);
                if (opacity >= 0 && cf != null && v.has("fill")) {
                    cf = new Color(cf.getRed(), cf.getGreen(), cf.getBlue(), (int) Math.round(opacity * 255));
                }
                if (graduated && !v.has("min") && !v.has("max")) {
                    throw new IllegalArgumentException("a graduated class needs min or max");
                }
                if (!graduated && !v.has("value")) {
                    throw new IllegalArgumentException("a categorized class needs a value");
                }
                String value = v.has("value") ? v.get("value").asText() : null;
                classes.add(new StyleClass(value, v.has("min") ? v.get("min").asDouble() : null,
                        v.has("max") ? v.get("max").asDouble() : null, cf, color(v, "stroke", stroke),
                        v.path("label").asText(value != null ? value
                                : (v.has("min") ? v.get("min").asText() : "…") + " – "
                                        + (v.has("max") ? v.get("max").asText() : "…"))));
            }
        }
        double minScale = number(node, "minScaleDenominator", 0);
        double maxScale = number(node, "maxScaleDenominator", Double.POSITIVE_INFINITY);
        return new MapStyle(fill, stroke, strokeWidth, pointSize, label, labelColor, labelMinZoom, classProperty,
                graduated, List.copyOf(classes), minScale, maxScale);
    }

    /** The class a feature falls in, or null for the default symbol. */
    public StyleClass classOf(Map<String, Object> properties) {
        if (classProperty == null) {
            return null;
        }
        Object value = properties.get(classProperty);
        for (StyleClass c : classes) {
            if (c.matches(value, graduated)) {
                return c;
            }
        }
        return null;
    }

    public Color fillFor(Map<String, Object> properties) {
        StyleClass c = classOf(properties);
        return c == null ? fill : c.fill();
    }

    public Color strokeFor(Map<String, Object> properties) {
        StyleClass c = classOf(properties);
        return c == null ? stroke : c.stroke();
    }

    public boolean visibleAt(double scaleDenominator) {
        return scaleDenominator >= minScaleDenominator && scaleDenominator < maxScaleDenominator;
    }

    /** The style as JSON, as {@link #parse} reads it. */
    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode n = mapper.createObjectNode();
        putColor(n, "fill", fill);
        if (fill != null) {
            n.put("fillOpacity", Math.round(fill.getAlpha() / 255.0 * 100) / 100.0);
        }
        putColor(n, "stroke", stroke);
        n.put("strokeWidth", strokeWidth);
        n.put("pointSize", pointSize);
        if (label != null) {
            n.put("label", label);
            putColor(n, "labelColor", labelColor);
            n.put("labelMinZoom", labelMinZoom);
        }
        if (classProperty != null) {
            ObjectNode c = n.putObject("classes");
            c.put("property", classProperty);
            c.put("type", graduated ? "graduated" : "categorized");
            ArrayNode values = c.putArray("values");
            for (StyleClass sc : classes) {
                ObjectNode v = values.addObject();
                if (sc.value() != null) {
                    v.put("value", sc.value());
                }
                if (sc.min() != null) {
                    v.put("min", sc.min());
                }
                if (sc.max() != null) {
                    v.put("max", sc.max());
                }
                putColor(v, "fill", sc.fill());
                putColor(v, "stroke", sc.stroke());
                v.put("label", sc.label());
            }
        }
        if (minScaleDenominator > 0) {
            n.put("minScaleDenominator", minScaleDenominator);
        }
        if (Double.isFinite(maxScaleDenominator)) {
            n.put("maxScaleDenominator", maxScaleDenominator);
        }
        return n;
    }

    /** {@code #rrggbb} of a colour, without its alpha. */
    public static String hex(Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }

    private static void putColor(ObjectNode n, String field, Color c) {
        if (c != null) {
            n.put(field, hex(c));
        } else {
            n.putNull(field);
        }
    }

    private static double number(JsonNode node, String field, double fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException("style." + field + " must be a number");
        }
        return v.asDouble();
    }

    private static Color color(JsonNode node, String field, Color fallback) {
        if (!node.has(field)) {
            return fallback;
        }
        JsonNode v = node.get(field);
        if (v.isNull() || v.asText().equals("none")) {
            return null;
        }
        String text = v.asText();
        if (!HEX.matcher(text).matches()) {
            throw new IllegalArgumentException("style." + field + " must be a colour like #1f78b4, not '" + text + "'");
        }
        int rgb = Integer.parseInt(text.substring(1, 7), 16);
        int alpha = text.length() == 9 ? Integer.parseInt(text.substring(7, 9), 16) : 255;
        return new Color((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff, alpha);
    }
}
