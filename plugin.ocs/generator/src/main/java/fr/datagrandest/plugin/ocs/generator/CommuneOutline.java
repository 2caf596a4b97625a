package fr.datagrandest.plugin.ocs.generator;

import org.locationtech.jts.geom.Geometry;

/**
 * A commune outline in Lambert-93 (EPSG:2154), the frame of the synthetic OCS GE.
 *
 * @param code        INSEE code
 * @param name        official name
 * @param departement département code
 * @param epci        SIREN of the EPCI, or empty
 * @param population  municipal population (drives how urban the synthetic land cover is)
 * @param outline     polygonal outline in metres
 */
public record CommuneOutline(String code, String name, String departement, String epci, long population,
        Geometry outline) {
}
