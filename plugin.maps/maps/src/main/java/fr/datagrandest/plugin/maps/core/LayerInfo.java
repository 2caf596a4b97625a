package fr.datagrandest.plugin.maps.core;

import java.util.List;

/**
 * What users read about a layer: its identifier in URLs, title, abstract, keywords, attribution, licence, the
 * theme that groups it, and where its data came from.
 */
public record LayerInfo(String id, String title, String description, List<String> keywords, String attribution,
        String licence, String theme, String sourceCrs, String sourceFormat) {

    public LayerInfo {
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        description = description == null ? "" : description;
        attribution = attribution == null ? "" : attribution;
        licence = licence == null ? "" : licence;
        theme = theme == null || theme.isBlank() ? "Données" : theme;
    }
}
