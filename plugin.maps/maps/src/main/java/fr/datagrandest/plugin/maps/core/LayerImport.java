package fr.datagrandest.plugin.maps.core;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the features of an uploaded file: GeoJSON (plain or gzip), GeoPackage, or a zip holding one of them.
 * The source coordinate system comes from the file (GeoJSON {@code crs} member, GeoPackage
 * {@code gpkg_spatial_ref_sys}); geometries are reprojected to WGS 84 longitude/latitude.
 * Any problem with the file is a {@link BadInputException} that says what is wrong.
 */
public final class LayerImport {

    /** What a file held. */
    public record Imported(List<MapFeature> features, String sourceCrs, String format) {
    }

    private static final Pattern EPSG_NAME = Pattern.compile("(?i).*EPSG:{1,2}(?:[0-9.]*:)?(\\d+)$");
    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final GeometryFactory FACTORY = new GeometryFactory();

    private final ObjectMapper mapper;

    public LayerImport(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Reads a file whose kind is found from its first bytes (GeoPackage, zip, gzip or GeoJSON). */
    public Imported read(Path file, long maxUnzippedBytes) throws IOException {
        return read(file, maxUnzippedBytes, null);
    }

    /**
     * Reads a file; {@code declaredCrs} (e.g. {@code EPSG:2154}) is the system of a CSV file, whose text cannot
     * say it (WGS 84 longitude/latitude when null).
     */
    public Imported read(Path file, long maxUnzippedBytes, String declaredCrs) throws IOException {
        byte[] head = new byte[16];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n == 0) {
            throw new BadInputException("the file is empty");
        }
        if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return readZip(file, maxUnzippedBytes);
        }
        if (n >= 16 && java.util.Arrays.equals(head, SQLITE_MAGIC)) {
            return readGeoPackage(file);
        }
        if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                return readGeoJson(in);
            }
        }
        String start = new String(head, 0, n, StandardCharsets.UTF_8).stripLeading();
        if (start.startsWith("{") || start.startsWith("\uFEFF{")) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                return readGeoJson(in);
            }
        }
        String firstLine;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            firstLine = r.readLine();
        } catch (java.nio.charset.MalformedInputException e) {
            firstLine = null;
        }
        if (firstLine != null && (firstLine.contains(",") || firstLine.contains(";"))) {
            Crs crs = Crs.CRS84;
            if (declaredCrs != null && !declaredCrs.isBlank()) {
                Matcher m = EPSG_NAME.matcher(declaredCrs.trim());
                if (!m.matches()) {
                    throw unsupportedCrs(declaredCrs);
                }
                int code = Integer.parseInt(m.group(1));
                crs = code == 4326 ? Crs.CRS84 : Crs.source(code).orElseThrow(() -> unsupportedCrs("EPSG:" + code));
            }
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                return CsvLayer.read(r, crs);
            } catch (java.nio.charset.MalformedInputException e) {
                throw new BadInputException("the CSV file is not UTF-8 text");
            }
        }
        throw new BadInputException(415, "unsupported file: send a GeoJSON file, a GeoPackage (.gpkg), a CSV with WKT"
                + " or lon/lat columns, or a zip holding one");
    }

    private Imported readZip(Path file, long maxUnzippedBytes) throws IOException {
        Path extracted = null;
        String kind = null;
        Map<String, Path> shapefile = new java.util.HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                String name = entry.getName().replace('\\', '/');
                if (name.startsWith("/") || name.contains("../") || name.equals("..") || name.contains(":")) {
                    throw new BadInputException("the zip holds an unsafe path '" + name + "': refused");
                }
                if (entry.isDirectory()) {
                    continue;
                }
                String lower = name.toLowerCase(Locale.ROOT);
                String extension = lower.contains(".") ? lower.substring(lower.lastIndexOf('.') + 1) : "";
                if (List.of("shp", "dbf", "prj", "cpg").contains(extension)) {
                    if (shapefile.containsKey(extension)) {
                        throw new BadInputException("the zip holds more than one Shapefile (." + extension + ")");
                    }
                    Path part = Files.createTempFile("maps-unzip", "." + extension);
                    shapefile.put(extension, part);
                    copyLimited(zip, part, maxUnzippedBytes);
                    continue;
                }
                String entryKind = lower.endsWith(".gpkg") ? "gpkg"
                        : lower.endsWith(".geojson") || lower.endsWith(".json") ? "geojson" : null;
                if (entryKind == null) {
                    continue;
                }
                if (extracted != null) {
                    throw new BadInputException("the zip holds more than one GeoJSON or GeoPackage file");
                }
                extracted = Files.createTempFile("maps-unzip", "." + entryKind);
                kind = entryKind;
                copyLimited(zip, extracted, maxUnzippedBytes);
            }
        } catch (java.util.zip.ZipException e) {
            deleteQuietly(extracted);
            shapefile.values().forEach(LayerImport::deleteQuietly);
            throw new BadInputException("the zip file is damaged: " + e.getMessage());
        } catch (RuntimeException | IOException e) {
            deleteQuietly(extracted);
            shapefile.values().forEach(LayerImport::deleteQuietly);
            throw e;
        }
        if (shapefile.containsKey("shp")) {
            try {
                if (extracted != null) {
                    throw new BadInputException("the zip holds a Shapefile and another data file: send one layer per zip");
                }
                return ShapefileLayer.read(shapefile.get("shp"), shapefile.get("dbf"), shapefile.get("prj"),
                        shapefile.get("cpg"));
            } finally {
                deleteQuietly(extracted);
                shapefile.values().forEach(LayerImport::deleteQuietly);
            }
        }
        shapefile.values().forEach(LayerImport::deleteQuietly);
        if (extracted == null) {
            throw new BadInputException("the zip holds no .geojson, .json, .gpkg or .shp file");
        }
        try {
            if (kind.equals("gpkg")) {
                return readGeoPackage(extracted);
            }
            try (InputStream in = new BufferedInputStream(Files.newInputStream(extracted))) {
                return readGeoJson(in);
            }
        } finally {
            deleteQuietly(extracted);
        }
    }

    private static void copyLimited(ZipInputStream zip, Path target, long maxUnzippedBytes) throws IOException {
        try (OutputStream out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[65536];
            long total = 0;
            int r;
            while ((r = zip.read(buffer)) > 0) {
                total += r;
                if (total > maxUnzippedBytes) {
                    throw new BadInputException(413, "the zipped file is larger than the upload limit ("
                            + maxUnzippedBytes / (1024 * 1024) + " MiB)");
                }
                out.write(buffer, 0, r);
            }
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // a temporary file left behind is harmless
            }
        }
    }

    // ---------------------------------------------------------------- GeoJSON

    /** Reads a GeoJSON FeatureCollection (or one Feature), streaming over the features. */
    public Imported readGeoJson(InputStream in) throws IOException {
        List<JsonNode> raw = new ArrayList<>();
        Crs crs = Crs.CRS84;
        try (JsonParser p = mapper.getFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadInputException("not GeoJSON: the file must hold a JSON object");
            }
            String type = null;
            JsonNode single = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (field.equals("features") && t == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        raw.add(p.readValueAsTree());
                    }
                } else if (field.equals("crs")) {
                    crs = crsOf(p.readValueAsTree());
                } else if (field.equals("type")) {
                    type = p.getText();
                } else if (field.equals("geometry") || field.equals("properties")) {
                    if (single == null) {
                        single = mapper.createObjectNode();
                    }
                    ((com.fasterxml.jackson.databind.node.ObjectNode) single).set(field, p.readValueAsTree());
                } else {
                    p.skipChildren();
                }
            }
            if ("Feature".equals(type) && single != null) {
                raw.add(single);
            } else if (!"FeatureCollection".equals(type)) {
                throw new BadInputException("not GeoJSON: type must be FeatureCollection or Feature");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadInputException("the GeoJSON is not valid JSON (line " + e.getLocation().getLineNr() + ")");
        }
        List<MapFeature> features = new ArrayList<>(raw.size());
        for (JsonNode f : raw) {
            JsonNode g = f.get("geometry");
            if (g == null || g.isNull()) {
                continue;
            }
            Geometry geometry;
            try {
                geometry = geometry(g);
            } catch (RuntimeException e) {
                throw new BadInputException("feature " + (features.size() + 1) + ": " + e.getMessage());
            }
            features.add(new MapFeature(features.size() + 1, crs.toWgs84(geometry), properties(f.get("properties"))));
        }
        if (features.isEmpty()) {
            throw new BadInputException("the GeoJSON holds no feature with a geometry");
        }
        checkLongitudeLatitude(features, crs);
        return new Imported(features, crs.code(), "GeoJSON");
    }

    private static void checkLongitudeLatitude(List<MapFeature> features, Crs crs) {
        org.locationtech.jts.geom.Envelope e = new org.locationtech.jts.geom.Envelope();
        features.forEach(f -> e.expandToInclude(f.geometry().getEnvelopeInternal()));
        if (e.getMinX() < -180.5 || e.getMaxX() > 180.5 || e.getMinY() < -90.5 || e.getMaxY() > 90.5) {
            throw new BadInputException("the coordinates do not fit " + crs.code()
                    + " (longitude/latitude expected): name the file's coordinate system in its crs member");
        }
    }

    private static Crs crsOf(JsonNode crsNode) {
        String name = crsNode.path("properties").path("name").asText("");
        if (name.isEmpty() || name.toUpperCase(Locale.ROOT).contains("CRS84")) {
            return Crs.CRS84;
        }
        Matcher m = EPSG_NAME.matcher(name);
        if (m.matches()) {
            int code = Integer.parseInt(m.group(1));
            return Crs.source(code).orElseThrow(() -> unsupportedCrs("EPSG:" + code));
        }
        throw unsupportedCrs(name);
    }

    static BadInputException unsupportedCrs(String name) {
        return new BadInputException("unsupported coordinate system " + name + ": use one of EPSG:"
                + String.join(", EPSG:", Crs.sourceCodes().stream().map(String::valueOf).toList())
                + ", EPSG:2154, EPSG:3857 or EPSG:4326");
    }

    private Map<String, Object> properties(JsonNode node) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (node == null || !node.isObject()) {
            return map;
        }
        node.properties().forEach(e -> map.put(e.getKey(), value(e.getValue())));
        return map;
    }

    private Object value(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isIntegralNumber()) {
            return v.canConvertToLong() ? (Object) v.asLong() : v.asText();
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isTextual()) {
            return v.asText();
        }
        return v.toString();
    }

    static Geometry geometry(JsonNode g) {
        String type = g.path("type").asText("");
        JsonNode c = g.get("coordinates");
        switch (type) {
            case "Point":
                return FACTORY.createPoint(coordinate(c));
            case "MultiPoint": {
                Point[] points = new Point[c.size()];
                for (int i = 0; i < points.length; i++) {
                    points[i] = FACTORY.createPoint(coordinate(c.get(i)));
                }
                return FACTORY.createMultiPoint(points);
            }
            case "LineString":
                return FACTORY.createLineString(coordinates(c, 2));
            case "MultiLineString": {
                LineString[] lines = new LineString[c.size()];
                for (int i = 0; i < lines.length; i++) {
                    lines[i] = FACTORY.createLineString(coordinates(c.get(i), 2));
                }
                return FACTORY.createMultiLineString(lines);
            }
            case "Polygon":
                return polygon(c);
            case "MultiPolygon": {
                Polygon[] polygons = new Polygon[c.size()];
                for (int i = 0; i < polygons.length; i++) {
                    polygons[i] = polygon(c.get(i));
                }
                return FACTORY.createMultiPolygon(polygons);
            }
            case "GeometryCollection": {
                JsonNode members = g.path("geometries");
                Geometry[] geometries = new Geometry[members.size()];
                for (int i = 0; i < geometries.length; i++) {
                    geometries[i] = geometry(members.get(i));
                }
                return FACTORY.createGeometryCollection(geometries);
            }
            default:
                throw new IllegalArgumentException("unknown geometry type '" + type + "'");
        }
    }

    private static Polygon polygon(JsonNode rings) {
        if (rings == null || !rings.isArray() || rings.isEmpty()) {
            throw new IllegalArgumentException("a polygon needs at least one ring");
        }
        LinearRing shell = ring(rings.get(0));
        LinearRing[] holes = new LinearRing[rings.size() - 1];
        for (int i = 1; i < rings.size(); i++) {
            holes[i - 1] = ring(rings.get(i));
        }
        return FACTORY.createPolygon(shell, holes);
    }

    private static LinearRing ring(JsonNode c) {
        Coordinate[] coords = coordinates(c, 4);
        if (!coords[0].equals2D(coords[coords.length - 1])) {
            throw new IllegalArgumentException("a polygon ring must be closed");
        }
        return FACTORY.createLinearRing(coords);
    }

    private static Coordinate[] coordinates(JsonNode c, int min) {
        if (c == null || !c.isArray() || c.size() < min) {
            throw new IllegalArgumentException("a line or ring needs at least " + min + " positions");
        }
        Coordinate[] coords = new Coordinate[c.size()];
        for (int i = 0; i < coords.length; i++) {
            coords[i] = coordinate(c.get(i));
        }
        return coords;
    }

    private static Coordinate coordinate(JsonNode c) {
        if (c == null || !c.isArray() || c.size() < 2 || !c.get(0).isNumber() || !c.get(1).isNumber()) {
            throw new IllegalArgumentException("a position must be [x, y] numbers");
        }
        return new Coordinate(c.get(0).asDouble(), c.get(1).asDouble());
    }

    // ---------------------------------------------------------------- GeoPackage

    /** Reads the first feature table of a GeoPackage (read-only, through SQLite). */
    public Imported readGeoPackage(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        try (Connection c = dataSource.getConnection()) {
            String table;
            String column;
            int srsId;
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT c.table_name, g.column_name, g.srs_id FROM gpkg_contents c"
                            + " JOIN gpkg_geometry_columns g ON g.table_name = c.table_name"
                            + " WHERE c.data_type = 'features' ORDER BY c.table_name")) {
                if (!rs.next()) {
                    throw new BadInputException("the GeoPackage holds no feature table");
                }
                table = rs.getString(1);
                column = rs.getString(2);
                srsId = rs.getInt(3);
            }
            Crs crs = sourceCrs(c, srsId);
            List<MapFeature> features = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT * FROM \"" + table.replace("\"", "\"\"") + "\"")) {
                ResultSetMetaData md = rs.getMetaData();
                int geometryIndex = -1;
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    if (md.getColumnName(i).equalsIgnoreCase(column)) {
                        geometryIndex = i;
                    }
                }
                WKBReader wkb = new WKBReader(FACTORY);
                while (rs.next()) {
                    byte[] blob = rs.getBytes(geometryIndex);
                    if (blob == null) {
                        continue;
                    }
                    Geometry g = gpkgGeometry(blob, wkb);
                    if (g == null) {
                        continue;
                    }
                    Map<String, Object> props = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        if (i == geometryIndex || md.getColumnName(i).equalsIgnoreCase("fid")) {
                            continue;
                        }
                        Object v = rs.getObject(i);
                        if (v instanceof Integer n) {
                            v = n.longValue();
                        } else if (v instanceof Float f) {
                            v = f.doubleValue();
                        } else if (v instanceof byte[]) {
                            continue;
                        }
                        props.put(md.getColumnName(i), v);
                    }
                    features.add(new MapFeature(features.size() + 1, crs.toWgs84(g), props));
                }
            }
            if (features.isEmpty()) {
                throw new BadInputException("the GeoPackage table '" + table + "' holds no feature with a geometry");
            }
            return new Imported(features, crs.code(), "GeoPackage");
        } catch (SQLException e) {
            throw new BadInputException("not a readable GeoPackage: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return (nl > 0 ? s.substring(0, nl) : s).replaceAll("\\[SQLITE_[A-Z_]+\\]\\s*", "");
    }

    private static Crs sourceCrs(Connection c, int srsId) throws SQLException {
        if (srsId == 4326 || srsId == 0 || srsId == -1) {
            // 0 and -1 are the GeoPackage's "undefined geographic / cartesian" systems: read as longitude/latitude.
            return Crs.CRS84;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT organization, organization_coordsys_id FROM gpkg_spatial_ref_sys WHERE srs_id = ?")) {
            ps.setInt(1, srsId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new BadInputException("the GeoPackage names coordinate system " + srsId
                            + " but does not define it");
                }
                String org = rs.getString(1);
                int code = rs.getInt(2);
                if (!"EPSG".equalsIgnoreCase(org)) {
                    throw unsupportedCrs(org + ":" + code);
                }
                if (code == 4326) {
                    return Crs.CRS84;
                }
                return Crs.source(code).orElseThrow(() -> unsupportedCrs("EPSG:" + code));
            }
        }
    }

    /** A GeoPackage geometry blob: "GP" header, optional envelope, then WKB. */
    static Geometry gpkgGeometry(byte[] blob, WKBReader wkb) {
        if (blob.length < 8 || blob[0] != 'G' || blob[1] != 'P') {
            throw new BadInputException("the GeoPackage holds a geometry without its GP header");
        }
        int flags = blob[3];
        if ((flags & 0x10) != 0) {
            return null; // empty geometry
        }
        int envelope = (flags >> 1) & 0x07;
        int envelopeBytes = switch (envelope) {
            case 0 -> 0;
            case 1 -> 32;
            case 2, 3 -> 48;
            case 4 -> 64;
            default -> throw new BadInputException("the GeoPackage holds a geometry with a bad envelope flag");
        };
        int offset = 8 + envelopeBytes;
        if (blob.length <= offset) {
            throw new BadInputException("the GeoPackage holds a truncated geometry");
        }
        byte[] body = java.util.Arrays.copyOfRange(blob, offset, blob.length);
        try {
            return wkb.read(body);
        } catch (ParseException | RuntimeException e) {
            throw new BadInputException("the GeoPackage holds a geometry that is not valid WKB");
        }
    }
}
