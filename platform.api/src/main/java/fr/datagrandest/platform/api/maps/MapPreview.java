package fr.datagrandest.platform.api.maps;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A small map of an area that other pages of this site can embed, for example in an {@code <iframe>}.
 * Registered by the map plugin; other plugins reference it optionally and dynamically and show no map when it is
 * absent.
 */
@ProviderType
public interface MapPreview {

    /**
     * The path, on this site, of a bare map page (no header or panel) opened on a bounding box.
     *
     * @param west  westernmost longitude, WGS 84 degrees (-180 to 180)
     * @param south southernmost latitude, WGS 84 degrees (-90 to 90)
     * @param east  easternmost longitude, not less than {@code west}
     * @param north northernmost latitude, not less than {@code south}
     * @return an absolute path with its query string, starting with {@code /}, already URL-encoded
     * @throws IllegalArgumentException if a coordinate is not finite, out of range, or the box is inverted
     */
    String previewPath(double west, double south, double east, double north);
}
