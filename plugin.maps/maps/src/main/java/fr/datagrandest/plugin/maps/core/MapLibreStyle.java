package fr.datagrandest.plugin.maps.core;

import java.awt.Color;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A MapLibre GL style (version 8) generated from a layer's style model, drawing the layer's vector tiles:
 * fill and outline for polygons, line for lines, circle for points, with categorized ({@code match}) and
 * graduated ({@code case}) colours and the scale range as zoom range. Labels are left out: they need glyph
 * files, which the platform does not serve.
 */
final class MapLibreStyle {

    private MapLibreStyle() {
    }

    static ObjectNode of(Layer layer, String base, ObjectMapper mapper) {
        MapStyle s = layer.style();
        ObjectNode style = mapper.createObjectNode();
        style.put("version", 8);
        style.put("name", layer.info().title());
        ObjectNode source = style.putObject("sources").putObject(layer.id());
        source.put("type", "vector");
        source.putArray("tiles").add(base + "/maps/tiles/" + layer.id() + "/{z}/{x}/{y}.mvt");
        source.put("minzoom", 0);
        source.put("maxzoom", 16);
        source.put("attribution", layer.info().attribution());
        ArrayNode layers = style.putArray("layers");
        switch (layer.geometryType()) {
            case "point" -> {
                ObjectNode circle = layer(layers, layer, "circle", "circle");
                ObjectNode paint = circle.putObject("paint");
                paint.set("circle-color", colour(s, true, mapper));
                paint.put("circle-radius", s.pointSize() / 2);
                if (s.stroke() != null) {
                    paint.put("circle-stroke-color", MapStyle.hex(s.stroke()));
                    paint.put("circle-stroke-width", 1);
                }
            }
            case "line" -> {
                ObjectNode line = layer(layers, layer, "line", "line");
                line.putObject("paint").set("line-color", colour(s, false, mapper));
                ((ObjectNode) line.get("paint")).put("line-width", s.strokeWidth());
            }
            default -> {
                if (s.fill() != null || !s.classes().isEmpty()) {
                    ObjectNode fill = layer(layers, layer, "fill", "fill");
                    ObjectNode paint = fill.putObject("paint");
                    paint.set("fill-color", colour(s, true, mapper));
                    Color any = s.fill() != null ? s.fill() : s.classes().get(0).fill();
                    paint.put("fill-opacity", any == null ? 1 : Math.round(any.getAlpha() / 255.0 * 100) / 100.0);
                }
                if (s.stroke() != null && s.strokeWidth() > 0) {
                    ObjectNode line = layer(layers, layer, "outline", "line");
                    ObjectNode paint = line.putObject("paint");
                    paint.put("line-color", MapStyle.hex(s.stroke()));
                    paint.put("line-width", s.strokeWidth());
                }
            }
        }
        return style;
    }

    private static ObjectNode layer(ArrayNode layers, Layer layer, String suffix, String type) {
        ObjectNode l = layers.addObject();
        l.put("id", layer.id() + "-" + suffix);
        l.put("type", type);
        l.put("source", layer.id());
        l.put("source-layer", layer.id());
        MapStyle s = layer.style();
        // Scale denominators to zoom levels (web mercator, 0.28 mm pixels, 256-pixel tiles).
        if (Double.isFinite(s.maxScaleDenominator())) {
            l.put("minzoom", Math.max(0, Math.log(559082264.0287178 / s.maxScaleDenominator()) / Math.log(2)));
        }
        if (s.minScaleDenominator() > 0) {
            l.put("maxzoom", Math.min(24, Math.log(559082264.0287178 / s.minScaleDenominator()) / Math.log(2)));
        }
        return l;
    }

    /** The fill (or stroke) colour: a constant, or an expression over the class property. */
    private static com.fasterxml.jackson.databind.JsonNode colour(MapStyle s, boolean fill, ObjectMapper mapper) {
        Color fallback = fill ? s.fill() : s.stroke();
        String otherwise = fallback == null ? "rgba(0,0,0,0)" : MapStyle.hex(fallback);
        if (s.classProperty() == null || s.classes().isEmpty()) {
            return mapper.getNodeFactory().textNode(otherwise);
        }
        ArrayNode e = mapper.createArrayNode();
        if (!s.graduated()) {
            e.add("match");
            e.addArray().add("to-string").addArray().add("get").add(s.classProperty());
            for (MapStyle.StyleClass c : s.classes()) {
                Color colour = fill ? c.fill() : c.stroke();
                e.add(c.value());
                e.add(colour == null ? "rgba(0,0,0,0)" : MapStyle.hex(colour));
            }
        } else {
            e.add("case");
            for (MapStyle.StyleClass c : s.classes()) {
                ArrayNode all = e.addArray();
                all.add("all");
                if (c.min() != null) {
                    all.addArray().add(">=").add(number(s, mapper)).add(c.min());
                }
                if (c.max() != null) {
                    all.addArray().add("<").add(number(s, mapper)).add(c.max());
                }
                Color colour = fill ? c.fill() : c.stroke();
                e.add(colour == null ? "rgba(0,0,0,0)" : MapStyle.hex(colour));
            }
        }
        e.add(otherwise);
        return e;
    }

    private static ArrayNode number(MapStyle s, ObjectMapper mapper) {
        ArrayNode n = mapper.createArrayNode();
        n.add("to-number");
        n.addArray().add("get").add(s.classProperty());
        return n;
    }
}
