package fr.datagrandest.plugin.maps.core;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Lineal;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.Puntal;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * A published layer as the services read it: an immutable snapshot of one data version and one style, with a
 * spatial index. Replacing data or style builds a new snapshot and swaps it in, so a request sees one
 * version from start to end. Projected copies of the geometries are made on first use, per system.
 */
public final class Layer {

    private final LayerInfo info;
    private final MapStyle style;
    private final long version;
    private final long styleVersion;
    private final List<MapFeature> features;
    private final STRtree index;
    private final Envelope extent;
    private final String geometryType;
    private final List<String> propertyNames;
    private final Map<String, Geometry[]> projected = new ConcurrentHashMap<>();

    public Layer(LayerInfo info, MapStyle style, long version, long styleVersion, List<MapFeature> features) {
        this.info = info;
        this.style = style;
        this.version = version;
        this.styleVersion = styleVersion;
        this.features = List.copyOf(features);
        this.index = new STRtree();
        Envelope e = new Envelope();
        Set<String> names = new LinkedHashSet<>();
        boolean polygons = false;
        boolean lines = false;
        boolean points = false;
        for (int i = 0; i < this.features.size(); i++) {
            MapFeature f = this.features.get(i);
            Envelope fe = f.geometry().getEnvelopeInternal();
            index.insert(fe, i);
            e.expandToInclude(fe);
            names.addAll(f.properties().keySet());
            Geometry g = f.geometry();
            polygons |= g instanceof Polygonal;
            lines |= g instanceof Lineal;
            points |= g instanceof Puntal;
        }
        if (!this.features.isEmpty()) {
            index.build();
        }
        this.extent = e;
        this.propertyNames = List.copyOf(names);
        this.geometryType = polygons && !lines && !points ? "polygon"
                : lines && !polygons && !points ? "line" : points && !polygons && !lines ? "point" : "geometry";
    }

    /** The same data with another style. */
    public Layer withStyle(MapStyle newStyle, long newStyleVersion) {
        Layer l = new Layer(info, newStyle, version, newStyleVersion, features, index, extent, geometryType,
                propertyNames);
        l.projected.putAll(projected);
        return l;
    }

    /** The same data and style with new metadata. */
    public Layer withInfo(LayerInfo newInfo) {
        Layer l = new Layer(newInfo, style, version, styleVersion, features, index, extent, geometryType,
                propertyNames);
        l.projected.putAll(projected);
        return l;
    }

    private Layer(LayerInfo info, MapStyle style, long version, long styleVersion, List<MapFeature> features,
            STRtree index, Envelope extent, String geometryType, List<String> propertyNames) {
        this.info = info;
        this.style = style;
        this.version = version;
        this.styleVersion = styleVersion;
        this.features = features;
        this.index = index;
        this.extent = extent;
        this.geometryType = geometryType;
        this.propertyNames = propertyNames;
    }

    public LayerInfo info() {
        return info;
    }

    public String id() {
        return info.id();
    }

    public MapStyle style() {
        return style;
    }

    /** The data version; changes when the data are replaced. */
    public long version() {
        return version;
    }

    /** Changes when either data or style change: caches key on it. */
    public String cacheKey() {
        return info.id() + "@" + version + "." + styleVersion;
    }

    public List<MapFeature> features() {
        return features;
    }

    /** The WGS 84 extent of the data (null envelope when empty). */
    public Envelope extent() {
        return extent;
    }

    /** {@code polygon}, {@code line}, {@code point} or {@code geometry} when mixed. */
    public String geometryType() {
        return geometryType;
    }

    public List<String> propertyNames() {
        return propertyNames;
    }

    /** Positions (in {@link #features()}) of the features whose envelope meets a WGS 84 envelope, in order. */
    public List<Integer> query(Envelope wgs84) {
        if (features.isEmpty()) {
            return List.of();
        }
        List<Integer> hits = new ArrayList<>();
        index.query(wgs84, item -> hits.add((Integer) item));
        hits.sort(null);
        return hits;
    }

    /**
     * The web-mercator geometry of feature {@code i} simplified for zoom level {@code z} (Douglas-Peucker at half a
     * pixel of a 256-pixel tile), made once per zoom and kept: low-zoom tiles cover many features.
     */
    public Geometry simplifiedForZoom(int z, int i) {
        Geometry[] cache = projected.computeIfAbsent("EPSG:3857@" + z, k -> new Geometry[features.size()]);
        Geometry g = cache[i];
        if (g == null) {
            double halfPixel = 2 * Crs.WEB_MERCATOR_MAX / 256 / (1L << z) / 2;
            g = org.locationtech.jts.simplify.DouglasPeuckerSimplifier.simplify(geometryIn(Crs.EPSG3857, i), halfPixel);
            cache[i] = g;
        }
        return g;
    }

    /** The geometry of feature {@code i} in a system, projected once and kept. */
    public Geometry geometryIn(Crs crs, int i) {
        if (crs.geographic()) {
            return features.get(i).geometry();
        }
        Geometry[] cache = projected.computeIfAbsent(crs.code(), k -> new Geometry[features.size()]);
        Geometry g = cache[i];
        if (g == null) {
            g = crs.fromWgs84(features.get(i).geometry());
            cache[i] = g;
        }
        return g;
    }
}
