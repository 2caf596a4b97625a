package fr.datagrandest.platform.api.maps;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How the features of a {@link LayerSource} are drawn: one fill and outline, or classes on one property, either
 * categorized (one value each) or graduated (ranges of a number). Colours are {@code #rrggbb} or {@code #rrggbbaa}.
 *
 * @param fill     the fill of features that match no class
 * @param stroke   the outline colour
 * @param property the property the classes read ({@code null} without classes)
 * @param graduated whether the classes are ranges of a number rather than values
 * @param classes  the classes, in legend order
 * @param label    the property whose value is written on the map ({@code null} for none)
 */
public record LayerSymbology(String fill, String stroke, String property, boolean graduated,
        List<SymbolClass> classes, String label) {

    private static final Pattern COLOUR = Pattern.compile("#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?");

    public LayerSymbology {
        checkColour(fill, "fill");
        checkColour(stroke, "stroke");
        classes = classes == null ? List.of() : List.copyOf(classes);
        if (!classes.isEmpty() && (property == null || property.isBlank())) {
            throw new IllegalArgumentException("classes need the property they read");
        }
        for (SymbolClass c : classes) {
            if (graduated ? c.min() == null && c.max() == null : c.value() == null) {
                throw new IllegalArgumentException(graduated ? "a graduated class needs min or max"
                        : "a categorized class needs a value");
            }
        }
    }

    /** Every feature drawn alike. */
    public static LayerSymbology plain(String fill, String stroke) {
        return new LayerSymbology(fill, stroke, null, false, List.of(), null);
    }

    /** One class of a categorized or graduated symbology: a value, or a range from {@code min} (included) to {@code max} (excluded). */
    public record SymbolClass(String value, Double min, Double max, String fill, String label) {
        public SymbolClass {
            checkColour(fill, "class fill");
            Objects.requireNonNull(label, "label");
        }

        public static SymbolClass category(String value, String fill, String label) {
            return new SymbolClass(Objects.requireNonNull(value, "value"), null, null, fill, label);
        }

        public static SymbolClass range(Double min, Double max, String fill, String label) {
            return new SymbolClass(null, min, max, fill, label);
        }
    }

    private static void checkColour(String colour, String what) {
        if (colour == null || !COLOUR.matcher(colour).matches()) {
            throw new IllegalArgumentException(what + " must be #rrggbb or #rrggbbaa, got " + colour);
        }
    }
}
