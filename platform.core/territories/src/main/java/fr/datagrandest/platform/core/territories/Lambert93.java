package fr.datagrandest.platform.core.territories;

import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.impl.PackedCoordinateSequence;
import org.locationtech.jts.geom.impl.PackedCoordinateSequenceFactory;
import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.CoordinateReferenceSystem;
import org.locationtech.proj4j.CoordinateTransform;
import org.locationtech.proj4j.CoordinateTransformFactory;
import org.locationtech.proj4j.ProjCoordinate;

/**
 * Projects WGS 84 outlines to RGF93 v1 / Lambert-93 (EPSG:2154), rounded to the centimetre.
 * <p>
 * The projection is built from its defining parameters (the conformal conic of the French geodetic register:
 * standard parallels 44°N and 49°N, origin 3°E 46.5°N at 700 000 m, 6 600 000 m, GRS 80 ellipsoid), so no
 * EPSG database is needed. RGF93 and WGS 84 coincide at the metre level the data are drawn at, hence the null
 * datum shift.
 */
final class Lambert93 {

    static final int EPSG = 2154;

    private static final String WGS84_PARAMETERS = "+proj=longlat +datum=WGS84 +no_defs";
    private static final String LAMBERT93_PARAMETERS = "+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44"
            + " +x_0=700000 +y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs";

    private static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(100), EPSG,
            PackedCoordinateSequenceFactory.DOUBLE_FACTORY);

    private final CoordinateTransformFactory transforms = new CoordinateTransformFactory();
    private final CoordinateReferenceSystem wgs84;
    private final CoordinateReferenceSystem lambert93;

    Lambert93() {
        CRSFactory crs = new CRSFactory();
        wgs84 = crs.createFromParameters("EPSG:4326", WGS84_PARAMETERS);
        lambert93 = crs.createFromParameters("EPSG:2154", LAMBERT93_PARAMETERS);
    }

    /** Easting and northing in metres of a WGS 84 longitude and latitude in degrees. */
    double[] project(double longitude, double latitude) {
        ProjCoordinate target = new ProjCoordinate();
        transform().transform(new ProjCoordinate(longitude, latitude), target);
        return new double[] {target.x, target.y};
    }

    /** The same polygon or multipolygon in Lambert-93. */
    Geometry project(Geometry wgs84Geometry) {
        // A transform keeps intermediate state, so each call gets its own: they are cheap to make.
        CoordinateTransform transform = transform();
        if (wgs84Geometry instanceof Polygon polygon) {
            return project(polygon, transform);
        }
        if (wgs84Geometry instanceof MultiPolygon multi) {
            Polygon[] parts = new Polygon[multi.getNumGeometries()];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = project((Polygon) multi.getGeometryN(i), transform);
            }
            return FACTORY.createMultiPolygon(parts);
        }
        throw new IllegalArgumentException("only polygons are projected, not " + wgs84Geometry.getGeometryType());
    }

    private Polygon project(Polygon polygon, CoordinateTransform transform) {
        if (polygon.isEmpty()) {
            return FACTORY.createPolygon();
        }
        LinearRing shell = project(polygon.getExteriorRing(), transform);
        LinearRing[] holes = new LinearRing[polygon.getNumInteriorRing()];
        for (int i = 0; i < holes.length; i++) {
            holes[i] = project(polygon.getInteriorRingN(i), transform);
        }
        return FACTORY.createPolygon(shell, holes);
    }

    private LinearRing project(LinearRing ring, CoordinateTransform transform) {
        CoordinateSequence sequence = ring.getCoordinateSequence();
        double[] xy = new double[sequence.size() * 2];
        ProjCoordinate source = new ProjCoordinate();
        ProjCoordinate target = new ProjCoordinate();
        PrecisionModel centimetre = FACTORY.getPrecisionModel();
        for (int i = 0; i < sequence.size(); i++) {
            source.x = sequence.getX(i);
            source.y = sequence.getY(i);
            transform.transform(source, target);
            xy[2 * i] = centimetre.makePrecise(target.x);
            xy[2 * i + 1] = centimetre.makePrecise(target.y);
        }
        return FACTORY.createLinearRing(new PackedCoordinateSequence.Double(xy, 2, 0));
    }

    private CoordinateTransform transform() {
        return transforms.createTransform(wgs84, lambert93);
    }
}
