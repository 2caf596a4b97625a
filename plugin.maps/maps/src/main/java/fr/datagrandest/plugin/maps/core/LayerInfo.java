package fr.datagrandest.plugin.maps.core;

import java.util.List;

/**
 * What users read about a layer: its identifier in URLs, title, abstract, keywords, attribution, licence, the
 * theme that groups it, where its data came from, and the identifier of the catalogue record that describes it
 * (empty when none).
 */
public record LayerInfo(String id, String title, String description, List<String> keywords, String attribution,
        String licence, String theme, String sourceCrs, String sourceFormat, String catalogRecord) {

    public LayerInfo {
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        description = description == null ? "" : description;
        attribution = attribution == null ? "" : attribution;
        licence = licence == null ? "" : licence;
        theme = theme == null || theme.isBlank() ? "Données" : theme;
        catalogRecord = catalogRecord == null ? "" : catalogRecord.strip();
    }

    /** A layer not linked to a catalogue record. */
    public LayerInfo(String id, String title, String description, List<String> keywords, String attribution,
            String licence, String theme, String sourceCrs, String sourceFormat) {
        this(id, title, description, keywords, attribution, licence, theme, sourceCrs, sourceFormat, "");
    }

    public LayerInfo withCatalogRecord(String record) {
        return new LayerInfo(id, title, description, keywords, attribution, licence, theme, sourceCrs, sourceFormat,
                record);
    }
}
