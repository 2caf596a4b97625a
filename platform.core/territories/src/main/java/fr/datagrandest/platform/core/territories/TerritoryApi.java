package fr.datagrandest.platform.core.territories;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

import fr.datagrandest.platform.api.territory.CoordinateSystem;
import fr.datagrandest.platform.api.territory.Territory;
import fr.datagrandest.platform.api.territory.TerritoryLevel;
import fr.datagrandest.platform.api.territory.TerritoryService;
import fr.datagrandest.platform.core.web.HttpProblem;

/**
 * What the territories HTTP API answers, independent of the servlet plumbing: search, one territory with its
 * parents and how many children it has, and its outline as a GeoJSON Feature. Bad parameters are 400, an
 * unknown level or code in the path 404. Works with any {@link TerritoryService}.
 */
final class TerritoryApi {

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;
    static final int MAX_QUERY_LENGTH = 100;

    private static final String LEVELS = "commune, epci, departement or region";

    /** A territory as the API shows it: the level as a lowercase name. */
    record Summary(String level, String code, String name, long population) {

        static Summary of(Territory territory) {
            return new Summary(levelName(territory.level()), territory.code(), territory.name(),
                    territory.population());
        }
    }

    /** One territory, the territories that contain it, and the number of its children at each lower level. */
    record Detail(String level, String code, String name, long population, List<Summary> parents,
            Map<String, Integer> children) {
    }

    private final TerritoryService territories;

    TerritoryApi(TerritoryService territories) {
        this.territories = territories;
    }

    List<Summary> search(String query, String level, String limit) {
        if (query == null || query.isBlank()) {
            throw HttpProblem.badRequest("give the name or official code to look for in q, e.g. ?q=strasbourg");
        }
        if (query.length() > MAX_QUERY_LENGTH) {
            throw HttpProblem.badRequest("q is longer than " + MAX_QUERY_LENGTH + " characters");
        }
        Optional<TerritoryLevel> filter = level == null || level.isEmpty() ? Optional.empty()
                : Optional.of(parseLevel(level).orElseThrow(() -> HttpProblem.badRequest(
                        "unknown level '" + shorten(level) + "': use " + LEVELS)));
        return territories.search(query, filter, parseLimit(limit)).stream().map(Summary::of).toList();
    }

    Detail describe(String level, String code) {
        Territory territory = find(level, code);
        Map<String, Integer> children = new LinkedHashMap<>();
        for (int i = territory.level().ordinal() - 1; i >= 0; i--) {
            TerritoryLevel childLevel = TerritoryLevel.values()[i];
            children.put(levelName(childLevel), territories.children(territory, childLevel).size());
        }
        List<Summary> parents = territories.parents(territory).stream().map(Summary::of).toList();
        return new Detail(levelName(territory.level()), territory.code(), territory.name(), territory.population(),
                parents, children);
    }

    /** The outline as a GeoJSON Feature; in Lambert-93 it names its CRS the GeoJSON 2008 way, which GDAL reads. */
    Map<String, Object> feature(String level, String code, String crsParameter) {
        Territory territory = find(level, code);
        CoordinateSystem crs = parseCrs(crsParameter);
        String wkt = territories.geometryWkt(territory, crs).orElseThrow(
                () -> HttpProblem.notFound("no outline is known for " + territory.name()));
        Geometry geometry;
        try {
            geometry = new WKTReader().read(wkt);
        } catch (ParseException e) {
            throw new IllegalStateException("the territory service returned unreadable WKT for " + territory.key(), e);
        }
        Map<String, Object> feature = new LinkedHashMap<>();
        feature.put("type", "Feature");
        feature.put("id", territory.key());
        if (crs == CoordinateSystem.LAMBERT93) {
            feature.put("crs", Map.of("type", "name", "properties", Map.of("name", "urn:ogc:def:crs:EPSG::2154")));
        }
        territories.boundingBox(territory, crs).ifPresent(bbox -> feature.put("bbox", bbox));
        feature.put("properties", Summary.of(territory));
        feature.put("geometry", GeoJsonGeometry.of(geometry));
        return feature;
    }

    private Territory find(String level, String code) {
        TerritoryLevel parsed = parseLevel(level).orElseThrow(() -> HttpProblem.notFound(
                "unknown territory level '" + shorten(level) + "': use " + LEVELS));
        return territories.get(parsed, code).orElseThrow(() -> HttpProblem.notFound(
                "no " + level + " has the code '" + shorten(code) + "'"));
    }

    static String levelName(TerritoryLevel level) {
        return level.name().toLowerCase(Locale.ROOT);
    }

    static Optional<TerritoryLevel> parseLevel(String name) {
        for (TerritoryLevel level : TerritoryLevel.values()) {
            if (levelName(level).equals(name)) {
                return Optional.of(level);
            }
        }
        return Optional.empty();
    }

    private static int parseLimit(String limit) {
        if (limit == null || limit.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw HttpProblem.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT + ", not '"
                + shorten(limit) + "'");
    }

    private static CoordinateSystem parseCrs(String crs) {
        String value = crs == null ? "" : crs.strip().toUpperCase(Locale.ROOT);
        return switch (value) {
            case "", "4326", "EPSG:4326" -> CoordinateSystem.WGS84;
            case "2154", "EPSG:2154" -> CoordinateSystem.LAMBERT93;
            default -> throw HttpProblem.badRequest("crs must be 4326 (WGS 84) or 2154 (Lambert-93), not '"
                    + shorten(crs) + "'");
        };
    }

    /** Echoes user input in messages without letting it grow them without bound. */
    private static String shorten(String text) {
        return text == null ? "" : text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
