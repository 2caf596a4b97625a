package fr.datagrandest.platform.core.territories;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.impl.PackedCoordinateSequenceFactory;

import fr.datagrandest.platform.api.territory.TerritoryLevel;

/**
 * The WGS 84 outlines of the territories, read from the bundled GeoJSON files the first time a level is asked
 * for, then kept: most requests never need the 5,115 commune polygons, so the platform does not pay for them at
 * start.
 */
final class Outlines {

    /** WGS 84 longitude/latitude; the files are rounded to 5 decimals (about 1 m). */
    static final GeometryFactory WGS84 = new GeometryFactory(new PrecisionModel(1e5), 4326,
            PackedCoordinateSequenceFactory.DOUBLE_FACTORY);

    private static final Map<TerritoryLevel, String> FILES = new EnumMap<>(Map.of(
            TerritoryLevel.COMMUNE, "communes-grand-est.geojson.gz",
            TerritoryLevel.EPCI, "epci-grand-est.geojson",
            TerritoryLevel.DEPARTEMENT, "departements-grand-est.geojson",
            TerritoryLevel.REGION, "region-grand-est.geojson"));

    private final String regionCode;
    private final Map<TerritoryLevel, Map<String, Geometry>> loaded = new ConcurrentHashMap<>();

    /** @param regionCode the code of the région, whose file names no code */
    Outlines(String regionCode) {
        this.regionCode = regionCode;
    }

    /** The outline of a territory, loading its level's file on first use. */
    Optional<Geometry> of(TerritoryLevel level, String code) {
        return Optional.ofNullable(level(level).get(code));
    }

    /** All outlines of a level, loading its file on first use. */
    Map<String, Geometry> level(TerritoryLevel level) {
        // computeIfAbsent runs the load once per level; callers of the same level wait for it.
        return loaded.computeIfAbsent(level, this::read);
    }

    Set<TerritoryLevel> loadedLevels() {
        Set<TerritoryLevel> levels = EnumSet.noneOf(TerritoryLevel.class);
        levels.addAll(loaded.keySet());
        return levels;
    }

    private Map<String, Geometry> read(TerritoryLevel level) {
        String file = FILES.get(level);
        try (InputStream raw = AdminData.open(file);
                InputStream in = file.endsWith(".gz") ? new GZIPInputStream(raw, 64 * 1024) : raw) {
            return Map.copyOf(GeoJsonOutlines.read(in, WGS84,
                    level == TerritoryLevel.REGION ? regionCode : null));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the outlines in " + file + ": " + e.getMessage(), e);
        }
    }
}
