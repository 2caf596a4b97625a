package fr.datagrandest.plugin.ocs.generator;

import org.locationtech.jts.geom.MultiPolygon;

/**
 * One synthetic OCS GE polygon: the same geometry in both vintages, its classes in each.
 *
 * @param id       identifier written in the {@code ID} field ({@code SYNTH_68_000001})
 * @param commune  INSEE code of the commune it was cut from (a commune is an exact union of its polygons)
 * @param geometry Lambert-93 geometry
 * @param area     its area in m², as JTS computes it from the written coordinates
 */
public record SyntheticPolygon(String id, String commune, MultiPolygon geometry, double area,
        String cs1, String us1, String cs2, String us2) {

    /** The cover code in vintage 1 or 2. */
    public String cs(int vintage) {
        return vintage == 1 ? cs1 : cs2;
    }

    /** The use code in vintage 1 or 2. */
    public String us(int vintage) {
        return vintage == 1 ? us1 : us2;
    }
}
