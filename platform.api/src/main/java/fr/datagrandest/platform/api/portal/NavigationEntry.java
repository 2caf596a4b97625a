package fr.datagrandest.platform.api.portal;

import java.util.Map;
import java.util.Objects;

/**
 * An entry of the portal's navigation.
 *
 * @param id     stable identifier, for example {@code "catalog"}
 * @param path   where it leads, for example {@code "/catalog"}
 * @param labels the label per language tag ({@code "fr"} is required, {@code "en"} recommended)
 * @param order  position in the navigation, smaller first
 */
public record NavigationEntry(String id, String path, Map<String, String> labels, int order) {

    public NavigationEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(path, "path");
        labels = Map.copyOf(labels);
        if (!labels.containsKey("fr")) {
            throw new IllegalArgumentException("a navigation entry needs a French label");
        }
    }

    /** The label in the language, falling back to French. */
    public String label(String language) {
        return labels.getOrDefault(language, labels.get("fr"));
    }
}
