package fr.datagrandest.plugin.maps.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.JtsAdapter;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.MvtEncoder;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.UserDataKeyValueMapConverter;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsLayer;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsMvt;
import io.github.sebasbaumh.mapbox.vectortile.build.MvtLayerParams;

/**
 * Mapbox Vector Tiles of a layer in the web-mercator XYZ grid: geometries simplified to half a pixel of the
 * zoom level (once per zoom and feature), clipped with a small buffer, encoded with mapbox-vector-tile-java. Tiles are kept in a bounded
 * cache whose keys carry the layer's data and style version, and the layer's entries go when it changes. One
 * instance serves the XYZ tiles and the OGC API Tiles resources, so they share the cache.
 */
@org.osgi.service.component.annotations.Component(service = VectorTiles.class)
public final class VectorTiles {

    public static final int MAX_ZOOM = 22;
    private static final double WORLD = 2 * Crs.WEB_MERCATOR_MAX;
    private static final MvtLayerParams PARAMS = new MvtLayerParams(4096);

    private final GeometryFactory factory = new GeometryFactory();
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();
    private final AtomicInteger cached = new AtomicInteger();
    private final int maxEntries;

    @org.osgi.service.component.annotations.Activate
    public VectorTiles(@org.osgi.service.component.annotations.Reference LayerRegistry registry) {
        this(registry.config().tileCacheEntries());
        registry.onChange(this::invalidate);
    }

    VectorTiles(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** Forgets the tiles of a layer. */
    public void invalidate(String layerId) {
        cache.keySet().removeIf(k -> k.startsWith(layerId + "@"));
        cached.set(cache.size());
    }

    /** The web-mercator envelope of tile z/x/y (y counted from the north). */
    public static Envelope tileEnvelope(int z, int x, int y) {
        double size = WORLD / (1 << z);
        double minX = -Crs.WEB_MERCATOR_MAX + x * size;
        double maxY = Crs.WEB_MERCATOR_MAX - y * size;
        return new Envelope(minX, minX + size, maxY - size, maxY);
    }

    public byte[] tile(Layer layer, int z, int x, int y) {
        if (layer.live()) {
            // A PostGIS table changes without telling: its tiles are made for each request.
            return encode(layer, z, x, y);
        }
        String key = layer.cacheKey() + "/" + z + "/" + x + "/" + y;
        byte[] bytes = cache.get(key);
        if (bytes != null) {
            return bytes;
        }
        bytes = encode(layer, z, x, y);
        if (cached.incrementAndGet() > maxEntries) {
            // A simple bound: start again rather than track recency; hot tiles come back at once.
            cache.clear();
            cached.set(0);
        }
        cache.put(key, bytes);
        return bytes;
    }

    private byte[] encode(Layer layer, int z, int x, int y) {
        Envelope tile = tileEnvelope(z, x, y);
        double pixel = tile.getWidth() / 256;
        Envelope clip = new Envelope(tile);
        clip.expandBy(pixel * 8);
        Envelope wgs84 = Crs.EPSG3857.toWgs84(clip);
        List<Geometry> geometries = new ArrayList<>();
        FeatureSet candidates = layer.candidates(wgs84);
        for (int i = 0; i < candidates.size(); i++) {
            Geometry g = candidates.geometryIn(Crs.EPSG3857, i);
            if (!g.getEnvelopeInternal().intersects(clip)) {
                continue;
            }
            if (z < 14) {
                g = candidates.simplifiedForZoom(z, i);
            }
            Geometry tileGeometry = JtsAdapter.createTileGeom(g, tile, clip, factory, PARAMS, geometry -> true);
            if (tileGeometry == null || tileGeometry.isEmpty()) {
                continue;
            }
            MapFeature feature = candidates.feature(i);
            Map<String, Object> properties = new LinkedHashMap<>();
            feature.properties().forEach((k, v) -> {
                if (v != null) {
                    properties.put(k, v);
                }
            });
            properties.put("fid", feature.fid());
            for (int n = 0; n < tileGeometry.getNumGeometries(); n++) {
                Geometry part = tileGeometry.getGeometryN(n);
                part.setUserData(properties);
                geometries.add(part);
            }
        }
        if (geometries.isEmpty()) {
            return new byte[0];
        }
        return MvtEncoder.encode(new JtsMvt(new JtsLayer(layer.id(), geometries, PARAMS.getExtent())), PARAMS,
                new UserDataKeyValueMapConverter());
    }
}
