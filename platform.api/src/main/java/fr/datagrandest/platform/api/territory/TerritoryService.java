package fr.datagrandest.platform.api.territory;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Looks up the territories of Grand Est and how they nest. */
@ProviderType
public interface TerritoryService {

    /** The territory with this level and official code. */
    Optional<Territory> get(TerritoryLevel level, String code);

    /**
     * Territories whose name matches the query, ignoring case, accents, hyphens and apostrophes
     * ({@code "saint die"} finds {@code "Saint-Dié-des-Vosges"}), exact matches first, then prefixes,
     * then words; at most {@code limit}. A code ({@code "67482"}, {@code "57"}) finds its territory.
     */
    List<Territory> search(String query, Optional<TerritoryLevel> level, int limit);

    /** The territories that directly contain this one (a commune's EPCI and département, …). */
    List<Territory> parents(Territory territory);

    /** The territories directly inside this one (the communes of an EPCI, the EPCI of a département, …). */
    List<Territory> children(Territory territory, TerritoryLevel childLevel);

    /** The outline as WKT (a MULTIPOLYGON or POLYGON) in the given coordinate system. */
    Optional<String> geometryWkt(Territory territory, CoordinateSystem crs);

    /** The bounding box {@code [minX, minY, maxX, maxY]} in the given coordinate system. */
    Optional<double[]> boundingBox(Territory territory, CoordinateSystem crs);
}
