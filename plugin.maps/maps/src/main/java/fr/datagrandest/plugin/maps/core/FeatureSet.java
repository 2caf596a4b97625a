package fr.datagrandest.plugin.maps.core;

import java.util.List;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.simplify.DouglasPeuckerSimplifier;

/**
 * The features one request reads, in feature id order: positions in a layer's in-memory snapshot, or rows just
 * read from a PostGIS table. Geometries are WGS 84; {@link #geometryIn} gives them in a served system.
 */
public interface FeatureSet {

    int size();

    MapFeature feature(int k);

    /** The geometry of the k-th feature in a system (made once and kept for a snapshot layer). */
    Geometry geometryIn(Crs crs, int k);

    /** The web-mercator geometry of the k-th feature simplified to half a pixel of a 256-pixel tile at zoom z. */
    Geometry simplifiedForZoom(int z, int k);

    /** Features read from a table for this request: projected when asked, nothing kept. */
    static FeatureSet of(List<MapFeature> features) {
        List<MapFeature> list = List.copyOf(features);
        return new FeatureSet() {
            @Override
            public int size() {
                return list.size();
            }

            @Override
            public MapFeature feature(int k) {
                return list.get(k);
            }

            @Override
            public Geometry geometryIn(Crs crs, int k) {
                Geometry g = list.get(k).geometry();
                return crs.geographic() ? g : crs.fromWgs84(g);
            }

            @Override
            public Geometry simplifiedForZoom(int z, int k) {
                return DouglasPeuckerSimplifier.simplify(geometryIn(Crs.EPSG3857, k), Layer.halfPixel(z));
            }
        };
    }
}
