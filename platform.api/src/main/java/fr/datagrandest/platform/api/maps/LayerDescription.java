package fr.datagrandest.platform.api.maps;

import java.util.List;
import java.util.Objects;

/**
 * What users read about a {@link LayerSource} and how it is drawn.
 *
 * @param title       the layer's title, in French
 * @param description a few sentences: what the features are, their source and date
 * @param keywords    keywords (may be empty)
 * @param attribution who produced the data, shown on maps
 * @param licence     the licence of the data (an SPDX identifier or a name)
 * @param theme       the group the layer appears under in lists
 * @param srid        EPSG code of the geometries the source hands out (2154 for Lambert-93, 4326 for WGS 84
 *                    longitude/latitude)
 * @param symbology   how features are drawn
 */
public record LayerDescription(String title, String description, List<String> keywords, String attribution,
        String licence, String theme, int srid, LayerSymbology symbology) {

    public LayerDescription {
        Objects.requireNonNull(title, "title");
        description = description == null ? "" : description;
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        attribution = attribution == null ? "" : attribution;
        licence = licence == null ? "" : licence;
        theme = theme == null ? "" : theme;
        if (srid <= 0) {
            throw new IllegalArgumentException("srid must be an EPSG code, got " + srid);
        }
        symbology = symbology == null ? LayerSymbology.plain("#3388cc", "#1f4e79") : symbology;
    }
}
