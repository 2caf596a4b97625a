package fr.datagrandest.plugin.ocs.generator;

import java.util.List;

/**
 * A synthetic OCS GE for one département: two vintages over the same polygons.
 *
 * @param departement département code
 * @param year1       first vintage (MILLESIME)
 * @param year2       second vintage
 * @param communes    the communes it covers
 * @param polygons    the polygons, grouped by commune
 */
public record SyntheticDataset(String departement, int year1, int year2, List<CommuneOutline> communes,
        List<SyntheticPolygon> polygons) {

    /** The vintage year of vintage 1 or 2. */
    public int year(int vintage) {
        return vintage == 1 ? year1 : year2;
    }
}
