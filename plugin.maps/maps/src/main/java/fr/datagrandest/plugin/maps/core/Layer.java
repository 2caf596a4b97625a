package fr.datagrandest.plugin.maps.core;

import java.util.AbstractList;
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
    /** The table a PostGIS layer reads at each request; null for a layer held in memory. */
    private final PostgisTable table;

    public Layer(LayerInfo info, MapStyle style, long version, long styleVersion, List<MapFeature> features) {
        this.info = info;
        this.style = style;
        this.version = version;
        this.styleVersion = styleVersion;
        this.features = List.copyOf(features);
        this.table = null;
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

    /** A layer read live from a PostGIS table or view. */
    public Layer(LayerInfo info, MapStyle style, long version, long styleVersion, PostgisTable table) {
        this(info, style, version, styleVersion, List.of(), null, table.extent(), table.geometryType(),
                table.propertyNames(), table);
    }

    /** The same data with another style. */
    public Layer withStyle(MapStyle newStyle, long newStyleVersion) {
        Layer l = new Layer(info, newStyle, version, newStyleVersion, features, index, extent, geometryType,
                propertyNames, table);
        l.projected.putAll(projected);
        return l;
    }

    /** The same data and style with new metadata. */
    public Layer withInfo(LayerInfo newInfo) {
        Layer l = new Layer(newInfo, style, version, styleVersion, features, index, extent, geometryType,
                propertyNames, table);
        l.projected.putAll(projected);
        return l;
    }

    private Layer(LayerInfo info, MapStyle style, long version, long styleVersion, List<MapFeature> features,
            STRtree index, Envelope extent, String geometryType, List<String> propertyNames, PostgisTable table) {
        this.table = table;
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

    /** The features of a layer held in memory (empty for a PostGIS layer: use {@link #select}). */
    public List<MapFeature> features() {
        return features;
    }

    /** The table a PostGIS layer reads, or null. */
    public PostgisTable table() {
        return table;
    }

    /** True when the features are read from a PostGIS table at each request (nothing may be cached). */
    public boolean live() {
        return table != null;
    }

    /** The number of features (a count query for a PostGIS layer). */
    public int featureCount() {
        return table == null ? features.size() : table.count(null);
    }

    /** The XML Schema type of a property: the column's type, or what the values of a file layer hold. */
    public String propertyType(String property) {
        if (table != null) {
            return table.columnType(property);
        }
        String type = null;
        for (MapFeature f : features) {
            Object v = f.properties().get(property);
            if (v == null) {
                continue;
            }
            String t = v instanceof Long || v instanceof Integer || v instanceof Short ? "xs:long"
                    : v instanceof Number ? "xs:double" : v instanceof Boolean ? "xs:boolean" : "xs:string";
            if (type == null) {
                type = t;
            } else if (!type.equals(t)) {
                type = type.equals("xs:long") && t.equals("xs:double") || type.equals("xs:double") && t.equals("xs:long")
                        ? "xs:double" : "xs:string";
            }
            if (type.equals("xs:string")) {
                break;
            }
        }
        return type == null ? "xs:string" : type;
    }

    /**
     * The features whose envelope meets a WGS 84 envelope, in feature order (for drawing: the caller tests the
     * geometry). A PostGIS layer runs one bbox query.
     */
    public FeatureSet candidates(Envelope wgs84) {
        if (table != null) {
            Envelope clipped = clipToWorld(wgs84);
            return clipped.isNull() ? FeatureSet.of(List.of())
                    : table.select(FACTORY.toGeometry(clipped), 0, Integer.MAX_VALUE);
        }
        return new Positions(query(wgs84));
    }

    /**
     * The features whose geometry meets a WGS 84 area (all when null), in feature order, from {@code offset}, at
     * most {@code limit}.
     */
    public FeatureSet select(Geometry wgs84Area, int offset, int limit) {
        if (table != null) {
            Geometry area = clipToWorld(wgs84Area);
            return area != null && area.isEmpty() ? FeatureSet.of(List.of()) : table.select(area, offset, limit);
        }
        List<Integer> matched = matching(wgs84Area);
        int from = Math.min(offset, matched.size());
        int to = (int) Math.min(matched.size(), (long) from + limit);
        return new Positions(matched.subList(from, to));
    }

    /** A page of features and how many match in all. */
    public record Page(FeatureSet features, int matched) {
    }

    /**
     * The features whose geometry meets a WGS 84 area (all when null) from {@code offset}, at most {@code limit},
     * with the number that match: one search for a layer in memory, a count and a page query for PostGIS.
     */
    public Page page(Geometry wgs84Area, int offset, int limit) {
        if (table != null) {
            return new Page(select(wgs84Area, offset, limit), count(wgs84Area));
        }
        List<Integer> matched = matching(wgs84Area);
        int from = Math.min(offset, matched.size());
        int to = (int) Math.min(matched.size(), (long) from + limit);
        return new Page(new Positions(matched.subList(from, to)), matched.size());
    }

    /** How many features meet a WGS 84 area (all when null). */
    public int count(Geometry wgs84Area) {
        if (table != null) {
            Geometry area = clipToWorld(wgs84Area);
            return area != null && area.isEmpty() ? 0 : table.count(area);
        }
        return wgs84Area == null ? features.size() : matching(wgs84Area).size();
    }

    /** The feature with this id, or an empty set. */
    public FeatureSet byId(int fid) {
        if (table != null) {
            return table.byId(fid);
        }
        // Snapshot features are numbered 1, 2, … in order.
        return fid >= 1 && fid <= features.size() && features.get(fid - 1).fid() == fid
                ? new Positions(List.of(fid - 1)) : FeatureSet.of(List.of());
    }

    private List<Integer> matching(Geometry wgs84Area) {
        if (wgs84Area == null) {
            return new AbstractList<>() {
                @Override
                public Integer get(int i) {
                    return i;
                }

                @Override
                public int size() {
                    return features.size();
                }
            };
        }
        List<Integer> matched = new ArrayList<>();
        for (int i : query(wgs84Area.getEnvelopeInternal())) {
            if (features.get(i).geometry().intersects(wgs84Area)) {
                matched.add(i);
            }
        }
        return matched;
    }

    // Beyond ±85° most projections have no finite coordinates: PostGIS could not project the query area.
    private static final Envelope WORLD = new Envelope(-180, 180, -85, 85);
    private static final org.locationtech.jts.geom.GeometryFactory FACTORY = new org.locationtech.jts.geom.GeometryFactory();

    private static Envelope clipToWorld(Envelope e) {
        return e.intersection(WORLD);
    }

    private static Geometry clipToWorld(Geometry area) {
        if (area == null || WORLD.contains(area.getEnvelopeInternal())) {
            return area;
        }
        return area.intersection(FACTORY.toGeometry(WORLD));
    }

    /** Features of the in-memory snapshot, by position. */
    private final class Positions implements FeatureSet {
        private final List<Integer> positions;

        Positions(List<Integer> positions) {
            this.positions = positions;
        }

        @Override
        public int size() {
            return positions.size();
        }

        @Override
        public MapFeature feature(int k) {
            return features.get(positions.get(k));
        }

        @Override
        public Geometry geometryIn(Crs crs, int k) {
            return Layer.this.geometryIn(crs, positions.get(k));
        }

        @Override
        public Geometry simplifiedForZoom(int z, int k) {
            return Layer.this.simplifiedForZoom(z, positions.get(k));
        }
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
            g = org.locationtech.jts.simplify.DouglasPeuckerSimplifier.simplify(geometryIn(Crs.EPSG3857, i), halfPixel(z));
            cache[i] = g;
        }
        return g;
    }

    /** Half a pixel of a 256-pixel web-mercator tile at zoom z, in metres. */
    static double halfPixel(int z) {
        return 2 * Crs.WEB_MERCATOR_MAX / 256 / (1L << z) / 2;
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
