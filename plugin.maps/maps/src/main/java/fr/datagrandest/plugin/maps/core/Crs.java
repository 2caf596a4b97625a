package fr.datagrandest.plugin.maps.core;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.CoordinateReferenceSystem;
import org.locationtech.proj4j.CoordinateTransform;
import org.locationtech.proj4j.CoordinateTransformFactory;
import org.locationtech.proj4j.ProjCoordinate;

/**
 * A coordinate reference system the map services speak. Layers are stored in WGS 84 longitude/latitude;
 * every other system is reached by projecting from there. Inside the plugin coordinates are always
 * (east, north); only the WMS 1.3.0 and OGC API parsers deal with EPSG:4326's latitude-first axis order.
 */
public final class Crs {

    private static final String WGS84 = "+proj=longlat +datum=WGS84 +no_defs";
    private static final String LAMBERT93 = "+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000"
            + " +y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs";
    private static final double EARTH_RADIUS = 6378137.0;
    static final double WEB_MERCATOR_MAX = Math.PI * EARTH_RADIUS;
    private static final CRSFactory FACTORY = new CRSFactory();
    private static final CoordinateReferenceSystem WGS84_CRS = FACTORY.createFromParameters("EPSG:4326", WGS84);

    public static final Crs CRS84 = new Crs("CRS:84", 4326, false, null, new Envelope(-180, 180, -90, 90));
    public static final Crs EPSG4326 = new Crs("EPSG:4326", 4326, true, null, new Envelope(-180, 180, -90, 90));
    public static final Crs EPSG3857 = new Crs("EPSG:3857", 3857, false, null,
            new Envelope(-WEB_MERCATOR_MAX, WEB_MERCATOR_MAX, -WEB_MERCATOR_MAX, WEB_MERCATOR_MAX));
    public static final Crs EPSG2154 = new Crs("EPSG:2154", 2154, false, LAMBERT93,
            new Envelope(-400000, 1900000, 5900000, 7300000));

    /** The systems offered by WMS and OGC API, in the order capabilities list them. */
    public static final List<Crs> SERVED = List.of(EPSG2154, EPSG4326, EPSG3857, CRS84);

    /** Source systems a file may use: the served ones plus RGF93 geographic and the CC conic zones. */
    private static final Map<Integer, String> SOURCE_PARAMETERS = sourceParameters();


    private final String code;
    private final int epsg;
    private final boolean latitudeFirst;
    private final CoordinateReferenceSystem projected;
    private final Envelope validArea;

    private Crs(String code, int epsg, boolean latitudeFirst, String parameters, Envelope validArea) {
        this.code = code;
        this.epsg = epsg;
        this.latitudeFirst = latitudeFirst;
        this.projected = parameters == null ? null : FACTORY.createFromParameters("EPSG:" + epsg, parameters);
        this.validArea = validArea;
    }

    /** The served system with this name ({@code EPSG:2154}, {@code CRS:84}, an OGC CRS URI…). */
    public static Optional<Crs> served(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.trim().toUpperCase(Locale.ROOT);
        if (n.equals("CRS:84") || n.equals("CRS84") || n.endsWith("/OGC/1.3/CRS84") || n.equals("OGC:CRS84")) {
            return Optional.of(CRS84);
        }
        int slash = n.lastIndexOf('/');
        if (n.contains("/EPSG/") && slash > 0) {
            n = "EPSG:" + n.substring(slash + 1);
        } else if (n.startsWith("URN:OGC:DEF:CRS:EPSG:")) {
            n = "EPSG:" + n.substring(n.lastIndexOf(':') + 1);
        }
        for (Crs crs : SERVED) {
            if (crs.code.equals(n)) {
                return Optional.of(crs);
            }
        }
        return Optional.empty();
    }

    /** A system a source file may be written in, by EPSG code. */
    public static Optional<Crs> source(int epsg) {
        for (Crs crs : SERVED) {
            if (crs.epsg == epsg && crs != CRS84) {
                return Optional.of(crs);
            }
        }
        String parameters = SOURCE_PARAMETERS.get(epsg);
        return parameters == null ? Optional.empty()
                : Optional.of(new Crs("EPSG:" + epsg, epsg, false, parameters, new Envelope(-1e7, 1e7, -1e7, 1e7)));
    }

    public static List<Integer> sourceCodes() {
        return SOURCE_PARAMETERS.keySet().stream().sorted().toList();
    }

    public String code() {
        return code;
    }

    public int epsg() {
        return epsg;
    }

    /** OGC URI, e.g. {@code http://www.opengis.net/def/crs/EPSG/0/2154}. */
    public String uri() {
        return this == CRS84 ? "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
                : "http://www.opengis.net/def/crs/EPSG/0/" + epsg;
    }

    /** True when WMS 1.3.0 and OGC API list this system's coordinates latitude first (EPSG:4326). */
    public boolean latitudeFirst() {
        return latitudeFirst;
    }

    public boolean geographic() {
        return epsg == 4326 && projected == null;
    }

    /** Where coordinates of this system make sense (east, north). */
    public Envelope validArea() {
        return validArea;
    }

    @Override
    public String toString() {
        return code;
    }

    /** Projects a longitude/latitude geometry into this system (a copy; the input is not changed). */
    public Geometry fromWgs84(Geometry wgs84) {
        if (epsg == 4326 && projected == null) {
            return wgs84;
        }
        Geometry copy = wgs84.copy();
        if (epsg == 3857) {
            copy.apply(new Filter(this::mercator));
        } else {
            CoordinateTransform transform = new CoordinateTransformFactory().createTransform(WGS84_CRS, projected);
            ProjCoordinate in = new ProjCoordinate();
            ProjCoordinate out = new ProjCoordinate();
            copy.apply(new Filter(c -> {
                in.x = c.x;
                in.y = c.y;
                transform.transform(in, out);
                c.x = out.x;
                c.y = out.y;
            }));
        }
        copy.geometryChanged();
        return copy;
    }

    /** Unprojects a geometry of this system to longitude/latitude (a copy). */
    public Geometry toWgs84(Geometry geometry) {
        if (epsg == 4326 && projected == null) {
            return geometry;
        }
        Geometry copy = geometry.copy();
        if (epsg == 3857) {
            copy.apply(new Filter(Crs::inverseMercator));
        } else {
            CoordinateTransform transform = new CoordinateTransformFactory().createTransform(projected, WGS84_CRS);
            ProjCoordinate in = new ProjCoordinate();
            ProjCoordinate out = new ProjCoordinate();
            copy.apply(new Filter(c -> {
                in.x = c.x;
                in.y = c.y;
                transform.transform(in, out);
                c.x = out.x;
                c.y = out.y;
            }));
        }
        copy.geometryChanged();
        return copy;
    }

    /** The longitude/latitude envelope covering an envelope of this system (edges densified). */
    public Envelope toWgs84(Envelope envelope) {
        if (epsg == 4326 && projected == null) {
            return new Envelope(envelope);
        }
        Envelope result = new Envelope();
        int steps = 16;
        double[] point = new double[2];
        for (int i = 0; i <= steps; i++) {
            double fx = envelope.getMinX() + envelope.getWidth() * i / steps;
            double fy = envelope.getMinY() + envelope.getHeight() * i / steps;
            for (double[] p : new double[][] {{fx, envelope.getMinY()}, {fx, envelope.getMaxY()},
                    {envelope.getMinX(), fy}, {envelope.getMaxX(), fy}}) {
                point = unproject(p[0], p[1]);
                result.expandToInclude(point[0], point[1]);
            }
        }
        return result;
    }

    /** The envelope of this system covering a longitude/latitude envelope (edges densified). */
    public Envelope fromWgs84(Envelope wgs84) {
        if (epsg == 4326 && projected == null) {
            return new Envelope(wgs84);
        }
        Envelope clipped = wgs84;
        if (epsg == 3857) {
            clipped = new Envelope(wgs84.getMinX(), wgs84.getMaxX(), Math.max(-85.05, wgs84.getMinY()),
                    Math.min(85.05, wgs84.getMaxY()));
        }
        Envelope result = new Envelope();
        int steps = 16;
        for (int i = 0; i <= steps; i++) {
            double fx = clipped.getMinX() + clipped.getWidth() * i / steps;
            double fy = clipped.getMinY() + clipped.getHeight() * i / steps;
            for (double[] p : new double[][] {{fx, clipped.getMinY()}, {fx, clipped.getMaxY()},
                    {clipped.getMinX(), fy}, {clipped.getMaxX(), fy}}) {
                double[] q = project(p[0], p[1]);
                result.expandToInclude(q[0], q[1]);
            }
        }
        return result;
    }

    /** One longitude/latitude point in this system. */
    public double[] project(double lon, double lat) {
        if (epsg == 4326 && projected == null) {
            return new double[] {lon, lat};
        }
        Coordinate c = new Coordinate(lon, lat);
        if (epsg == 3857) {
            mercator(c);
        } else {
            ProjCoordinate out = new ProjCoordinate();
            new CoordinateTransformFactory().createTransform(WGS84_CRS, projected)
                    .transform(new ProjCoordinate(lon, lat), out);
            return new double[] {out.x, out.y};
        }
        return new double[] {c.x, c.y};
    }

    /** One point of this system in longitude/latitude. */
    public double[] unproject(double x, double y) {
        if (epsg == 4326 && projected == null) {
            return new double[] {x, y};
        }
        Coordinate c = new Coordinate(x, y);
        if (epsg == 3857) {
            inverseMercator(c);
            return new double[] {c.x, c.y};
        }
        ProjCoordinate out = new ProjCoordinate();
        new CoordinateTransformFactory().createTransform(projected, WGS84_CRS).transform(new ProjCoordinate(x, y), out);
        return new double[] {out.x, out.y};
    }

    private void mercator(Coordinate c) {
        double lat = Math.max(-85.0511287798, Math.min(85.0511287798, c.y));
        c.x = Math.toRadians(c.x) * EARTH_RADIUS;
        c.y = Math.log(Math.tan(Math.PI / 4 + Math.toRadians(lat) / 2)) * EARTH_RADIUS;
    }

    private static void inverseMercator(Coordinate c) {
        c.x = Math.toDegrees(c.x / EARTH_RADIUS);
        c.y = Math.toDegrees(2 * Math.atan(Math.exp(c.y / EARTH_RADIUS)) - Math.PI / 2);
    }

    private static Map<Integer, String> sourceParameters() {
        java.util.HashMap<Integer, String> map = new java.util.HashMap<>();
        map.put(4171, "+proj=longlat +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +no_defs");
        for (int zone = 42; zone <= 50; zone++) {
            // RGF93 v1 / CC42 … CC50 (EPSG:3942 … 3950), the conic zones some local authorities use.
            int lat0 = zone;
            map.put(3900 + zone, "+proj=lcc +lat_0=" + lat0 + " +lon_0=3 +lat_1=" + (lat0 - 0.75) + " +lat_2="
                    + (lat0 + 0.75) + " +x_0=1700000 +y_0=" + ((zone - 41) * 1000000 + 200000)
                    + " +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs");
        }
        map.put(32631, "+proj=utm +zone=31 +datum=WGS84 +units=m +no_defs");
        map.put(32632, "+proj=utm +zone=32 +datum=WGS84 +units=m +no_defs");
        return Map.copyOf(map);
    }

    private interface CoordinateAction {
        void apply(Coordinate c);
    }

    /** Applies an in-place change to every coordinate. */
    private static final class Filter implements CoordinateSequenceFilter {
        private final CoordinateAction action;

        Filter(CoordinateAction action) {
            this.action = action;
        }

        @Override
        public void filter(CoordinateSequence seq, int i) {
            Coordinate c = seq.getCoordinate(i);
            action.apply(c);
            seq.setOrdinate(i, 0, c.x);
            seq.setOrdinate(i, 1, c.y);
        }

        @Override
        public boolean isDone() {
            return false;
        }

        @Override
        public boolean isGeometryChanged() {
            return true;
        }
    }
}
