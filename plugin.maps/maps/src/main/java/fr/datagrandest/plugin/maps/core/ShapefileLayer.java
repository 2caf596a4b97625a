package fr.datagrandest.plugin.maps.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Reads an ESRI Shapefile (.shp + .dbf + .prj, optional .cpg): points, multipoints, polylines and polygons
 * (Z and M variants read in 2D). The .prj is required, because the system cannot be guessed; it is matched to
 * an EPSG code from its authority or its name (Lambert-93, WGS 84, web mercator, CC zones, UTM 31/32).
 */
final class ShapefileLayer {

    private static final GeometryFactory FACTORY = new GeometryFactory();
    private static final Pattern AUTHORITY = Pattern.compile("AUTHORITY\\[\"EPSG\",\\s*\"?(\\d+)\"?\\]\\s*\\]\\s*$");
    private static final Pattern CC_ZONE = Pattern.compile("CC(4[2-9]|50)");

    private ShapefileLayer() {
    }

    static LayerImport.Imported read(Path shp, Path dbf, Path prj, Path cpg) throws IOException {
        if (prj == null) {
            throw new BadInputException("the Shapefile has no .prj: its coordinate system is unknown, so it is refused;"
                    + " add the .prj file to the zip");
        }
        if (dbf == null) {
            throw new BadInputException("the Shapefile has no .dbf (its attributes): add it to the zip");
        }
        Crs crs = crsOf(Files.readString(prj, StandardCharsets.ISO_8859_1));
        List<Geometry> geometries = geometries(ByteBuffer.wrap(Files.readAllBytes(shp)));
        Charset charset = StandardCharsets.ISO_8859_1;
        if (cpg != null) {
            String name = Files.readString(cpg, StandardCharsets.US_ASCII).trim();
            try {
                charset = name.equals("65001") ? StandardCharsets.UTF_8 : Charset.forName(name);
            } catch (RuntimeException e) {
                throw new BadInputException("the .cpg names an unknown encoding '" + name + "'");
            }
        }
        List<Map<String, Object>> records = records(ByteBuffer.wrap(Files.readAllBytes(dbf)), charset);
        if (records.size() != geometries.size()) {
            throw new BadInputException("the .shp holds " + geometries.size() + " shapes but the .dbf "
                    + records.size() + " records");
        }
        List<MapFeature> features = new ArrayList<>();
        for (int i = 0; i < geometries.size(); i++) {
            Geometry g = geometries.get(i);
            if (g != null) {
                features.add(new MapFeature(features.size() + 1, crs.toWgs84(g), records.get(i)));
            }
        }
        if (features.isEmpty()) {
            throw new BadInputException("the Shapefile holds no shape");
        }
        return new LayerImport.Imported(features, crs.code(), "Shapefile");
    }

    static Crs crsOf(String wkt) {
        Matcher m = AUTHORITY.matcher(wkt.trim());
        if (m.find()) {
            int code = Integer.parseInt(m.group(1));
            return code == 4326 ? Crs.CRS84 : Crs.source(code).orElseThrow(() -> LayerImport.unsupportedCrs("EPSG:" + code));
        }
        String n = wkt.toUpperCase(Locale.ROOT);
        if (n.startsWith("PROJCS") && n.contains("LAMBERT") && n.contains("93")) {
            return Crs.EPSG2154;
        }
        Matcher cc = CC_ZONE.matcher(n);
        if (n.startsWith("PROJCS") && n.contains("RGF") && cc.find()) {
            return Crs.source(3900 + Integer.parseInt(cc.group(1))).orElseThrow();
        }
        if (n.startsWith("PROJCS") && n.contains("MERCATOR") && (n.contains("AUXILIARY") || n.contains("PSEUDO"))) {
            return Crs.EPSG3857;
        }
        if (n.startsWith("PROJCS") && n.contains("UTM") && n.contains("31N")) {
            return Crs.source(32631).orElseThrow();
        }
        if (n.startsWith("PROJCS") && n.contains("UTM") && n.contains("32N")) {
            return Crs.source(32632).orElseThrow();
        }
        if (n.startsWith("GEOGCS") && (n.contains("WGS_1984") || n.contains("WGS 84") || n.contains("RGF"))) {
            return Crs.CRS84;
        }
        throw new BadInputException("the .prj names a coordinate system this platform cannot reproject: "
                + wkt.substring(0, Math.min(80, wkt.length())) + "…");
    }

    private static List<Geometry> geometries(ByteBuffer b) {
        if (b.limit() < 100 || b.order(ByteOrder.BIG_ENDIAN).getInt(0) != 9994) {
            throw new BadInputException("the .shp is not a Shapefile (bad header)");
        }
        List<Geometry> out = new ArrayList<>();
        int pos = 100;
        try {
            while (pos + 8 <= b.limit()) {
                int length = b.order(ByteOrder.BIG_ENDIAN).getInt(pos + 4) * 2;
                int start = pos + 8;
                b.order(ByteOrder.LITTLE_ENDIAN);
                int type = b.getInt(start);
                out.add(shape(b, start, type));
                pos = start + length;
            }
        } catch (IndexOutOfBoundsException e) {
            throw new BadInputException("the .shp is truncated");
        }
        return out;
    }

    private static Geometry shape(ByteBuffer b, int start, int type) {
        switch (type) {
            case 0:
                return null;
            case 1, 11, 21:
                return FACTORY.createPoint(new Coordinate(b.getDouble(start + 4), b.getDouble(start + 12)));
            case 8, 18, 28: {
                int n = b.getInt(start + 36);
                Point[] points = new Point[n];
                for (int i = 0; i < n; i++) {
                    int p = start + 40 + i * 16;
                    points[i] = FACTORY.createPoint(new Coordinate(b.getDouble(p), b.getDouble(p + 8)));
                }
                return FACTORY.createMultiPoint(points);
            }
            case 3, 13, 23, 5, 15, 25: {
                int parts = b.getInt(start + 36);
                int points = b.getInt(start + 40);
                int partsAt = start + 44;
                int pointsAt = partsAt + parts * 4;
                List<Coordinate[]> rings = new ArrayList<>();
                for (int k = 0; k < parts; k++) {
                    int from = b.getInt(partsAt + k * 4);
                    int to = k + 1 < parts ? b.getInt(partsAt + (k + 1) * 4) : points;
                    Coordinate[] c = new Coordinate[to - from];
                    for (int i = from; i < to; i++) {
                        int p = pointsAt + i * 16;
                        c[i - from] = new Coordinate(b.getDouble(p), b.getDouble(p + 8));
                    }
                    rings.add(c);
                }
                boolean polygon = type == 5 || type == 15 || type == 25;
                return polygon ? polygon(rings) : lines(rings);
            }
            default:
                throw new BadInputException("the .shp holds shape type " + type + ", which is not supported");
        }
    }

    private static Geometry lines(List<Coordinate[]> parts) {
        LineString[] lines = parts.stream().filter(c -> c.length >= 2).map(FACTORY::createLineString)
                .toArray(LineString[]::new);
        return lines.length == 1 ? lines[0] : FACTORY.createMultiLineString(lines);
    }

    /** Shapefile rings: clockwise outer rings, counter-clockwise holes, each hole inside one outer ring. */
    private static Geometry polygon(List<Coordinate[]> rings) {
        List<LinearRing> shells = new ArrayList<>();
        List<List<LinearRing>> holes = new ArrayList<>();
        List<LinearRing> pending = new ArrayList<>();
        for (Coordinate[] c : rings) {
            if (c.length < 4) {
                continue;
            }
            LinearRing ring = FACTORY.createLinearRing(c);
            if (Orientation.isCCW(c)) {
                pending.add(ring);
            } else {
                shells.add(ring);
                holes.add(new ArrayList<>());
            }
        }
        for (LinearRing hole : pending) {
            boolean placed = false;
            for (int i = 0; i < shells.size() && !placed; i++) {
                if (FACTORY.createPolygon(shells.get(i)).contains(hole.getStartPoint())) {
                    holes.get(i).add(hole);
                    placed = true;
                }
            }
            if (!placed) {
                // A counter-clockwise ring outside every shell is an outer ring written the wrong way round.
                shells.add(hole);
                holes.add(new ArrayList<>());
            }
        }
        Polygon[] polygons = new Polygon[shells.size()];
        for (int i = 0; i < polygons.length; i++) {
            polygons[i] = FACTORY.createPolygon(shells.get(i), holes.get(i).toArray(LinearRing[]::new));
        }
        return polygons.length == 1 ? polygons[0] : FACTORY.createMultiPolygon(polygons);
    }

    private static List<Map<String, Object>> records(ByteBuffer b, Charset charset) {
        b.order(ByteOrder.LITTLE_ENDIAN);
        if (b.limit() < 32) {
            throw new BadInputException("the .dbf is truncated");
        }
        int count = b.getInt(4);
        int headerLength = b.getShort(8) & 0xffff;
        int recordLength = b.getShort(10) & 0xffff;
        List<String> names = new ArrayList<>();
        List<Character> types = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        for (int at = 32; at + 32 <= headerLength && b.get(at) != 0x0d; at += 32) {
            byte[] name = new byte[11];
            b.get(at, name);
            int end = 0;
            while (end < 11 && name[end] != 0) {
                end++;
            }
            names.add(new String(name, 0, end, charset).trim());
            types.add((char) b.get(at + 11));
            lengths.add(b.get(at + 16) & 0xff);
        }
        List<Map<String, Object>> out = new ArrayList<>(count);
        try {
            for (int r = 0; r < count; r++) {
                int at = headerLength + r * recordLength + 1; // first byte: deletion flag
                Map<String, Object> props = new LinkedHashMap<>();
                for (int f = 0; f < names.size(); f++) {
                    byte[] raw = new byte[lengths.get(f)];
                    b.get(at, raw);
                    at += raw.length;
                    String text = new String(raw, charset).trim();
                    props.put(names.get(f), value(types.get(f), text));
                }
                out.add(props);
            }
        } catch (IndexOutOfBoundsException e) {
            throw new BadInputException("the .dbf is truncated");
        }
        return out;
    }

    private static Object value(char type, String text) {
        if (text.isEmpty() || text.startsWith("*")) {
            return null;
        }
        try {
            return switch (type) {
                case 'N', 'F' -> text.contains(".") || text.contains("e") || text.contains("E")
                        ? (Object) Double.parseDouble(text) : (Object) Long.parseLong(text);
                case 'L' -> "TtYy".indexOf(text.charAt(0)) >= 0;
                case 'D' -> text.length() == 8 ? text.substring(0, 4) + "-" + text.substring(4, 6) + "-" + text.substring(6) : text;
                default -> text;
            };
        } catch (NumberFormatException e) {
            return text;
        }
    }
}
