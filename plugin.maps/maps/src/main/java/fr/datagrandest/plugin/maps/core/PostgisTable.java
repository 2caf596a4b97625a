package fr.datagrandest.plugin.maps.core;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.locationtech.jts.densify.Densifier;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;

/**
 * A PostGIS table or view a layer reads live: each request runs one bbox-filtered query ({@code &&} so the
 * spatial index is used, then {@code ST_Intersects}), PostGIS reprojecting to WGS 84. Nothing is copied: what
 * the table holds when the request comes is what is served. The description (geometry column, SRID, feature
 * id column, other columns) is read once, when the layer is published or loaded.
 */
public final class PostgisTable {

    /** What a layer row stores to find its table again. */
    public record Source(String schema, String table, String geometryColumn, String idColumn) {
        public String qualifiedName() {
            return schema + "." + table;
        }
    }

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");
    private static final List<String> INTEGER_TYPES = List.of("smallint", "integer", "bigint");
    private static final GeometryFactory FACTORY = new GeometryFactory();

    private final DataSource dataSource;
    private final Source source;
    private final int srid;
    private final String geometryType;
    private final Map<String, String> columns; // name -> xs type
    private final Envelope extent;
    private final String select;

    private PostgisTable(DataSource dataSource, Source source, int srid, String geometryType,
            Map<String, String> columns, Envelope extent) {
        this.dataSource = dataSource;
        this.source = source;
        this.srid = srid;
        this.geometryType = geometryType;
        this.columns = columns;
        this.extent = extent;
        StringBuilder s = new StringBuilder("SELECT ").append(quote(source.idColumn())).append(", ST_AsBinary(")
                .append(srid == 4326 ? quote(source.geometryColumn())
                        : "ST_Transform(" + quote(source.geometryColumn()) + ", 4326)")
                .append(')');
        columns.keySet().forEach(c -> s.append(", ").append(quote(c)));
        this.select = s.append(" FROM ").append(quote(source.schema())).append('.').append(quote(source.table()))
                .toString();
    }

    /**
     * Reads the description of {@code schema.table} (a table without schema is looked for in {@code public}),
     * with a bad-input error that says what is wrong: no such table or view, no geometry column, no SRID, no
     * usable feature id.
     */
    public static PostgisTable open(DataSource dataSource, String qualifiedName, String geometryColumn, String idColumn)
            throws SQLException {
        if (qualifiedName == null || qualifiedName.isBlank()) {
            throw new BadInputException("postgis: give the table or view as schema.table");
        }
        String[] parts = qualifiedName.strip().split("\\.", -1);
        if (parts.length > 2 || !java.util.Arrays.stream(parts).allMatch(p -> IDENTIFIER.matcher(p).matches())) {
            throw new BadInputException("postgis: '" + qualifiedName + "' is not schema.table (letters, digits, '_')");
        }
        String schema = parts.length == 2 ? parts[0] : "public";
        String table = parts[parts.length - 1];
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_extension WHERE extname = 'postgis'");
                    ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new BadInputException("postgis: PostGIS is not installed in the platform's database");
                }
            }
            Map<String, String> sqlTypes = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT column_name, data_type, udt_name FROM"
                    + " information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
                ps.setString(1, schema);
                ps.setString(2, table);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String type = rs.getString(2);
                        sqlTypes.put(rs.getString(1), type.equals("USER-DEFINED") ? rs.getString(3) : type);
                    }
                }
            }
            if (sqlTypes.isEmpty()) {
                throw new BadInputException(404, "postgis: no table or view " + schema + "." + table);
            }
            String geometry = null;
            int srid = 0;
            String type = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT f_geometry_column, srid, type FROM geometry_columns"
                    + " WHERE f_table_schema = ? AND f_table_name = ? ORDER BY f_geometry_column")) {
                ps.setString(1, schema);
                ps.setString(2, table);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (geometryColumn == null || geometryColumn.isBlank() || geometryColumn.equals(rs.getString(1))) {
                            geometry = rs.getString(1);
                            srid = rs.getInt(2);
                            type = rs.getString(3);
                            break;
                        }
                    }
                }
            }
            if (geometry == null) {
                throw new BadInputException(geometryColumn == null || geometryColumn.isBlank()
                        ? "postgis: " + schema + "." + table + " has no geometry column"
                        : "postgis: " + schema + "." + table + " has no geometry column '" + geometryColumn + "'");
            }
            if (srid <= 0) {
                throw new BadInputException("postgis: the column " + geometry + " of " + schema + "." + table
                        + " declares no SRID (use a typed column such as geometry(MultiPolygon, 2154))");
            }
            String id = idColumn == null || idColumn.isBlank() ? primaryKey(c, schema, table) : idColumn;
            if (id == null) {
                throw new BadInputException("postgis: " + schema + "." + table + " has no one-column primary key:"
                        + " give the feature id column (idColumn=)");
            }
            if (!sqlTypes.containsKey(id)) {
                throw new BadInputException("postgis: " + schema + "." + table + " has no column '" + id + "'");
            }
            if (!INTEGER_TYPES.contains(sqlTypes.get(id))) {
                throw new BadInputException("postgis: the feature id column '" + id + "' must be an integer column,"
                        + " not " + sqlTypes.get(id));
            }
            Map<String, String> columns = new LinkedHashMap<>();
            String geometryName = geometry;
            sqlTypes.forEach((name, sqlType) -> {
                String xs = xsType(sqlType);
                if (!name.equals(geometryName) && xs != null) {
                    columns.put(name, xs);
                }
            });
            Source source = new Source(schema, table, geometry, id);
            Envelope extent = extent(c, source, srid);
            return new PostgisTable(dataSource, source, srid, geometryType(type),
                    java.util.Collections.unmodifiableMap(columns), extent);
        }
    }

    private static String primaryKey(Connection c, String schema, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT k.column_name FROM information_schema.table_constraints t"
                + " JOIN information_schema.key_column_usage k ON k.constraint_name = t.constraint_name"
                + " AND k.table_schema = t.table_schema AND k.table_name = t.table_name"
                + " WHERE t.constraint_type = 'PRIMARY KEY' AND t.table_schema = ? AND t.table_name = ?")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> key = new ArrayList<>();
                while (rs.next()) {
                    key.add(rs.getString(1));
                }
                return key.size() == 1 ? key.get(0) : null;
            }
        }
    }

    private static Envelope extent(Connection c, Source s, int srid) throws SQLException {
        // The extent of the reprojected geometries: a projected box reprojected would be larger (its corners).
        String geometry = srid == 4326 ? quote(s.geometryColumn()) : "ST_Transform(" + quote(s.geometryColumn()) + ", 4326)";
        String sql = "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent(" + geometry
                + ") AS e FROM " + quote(s.schema()) + "." + quote(s.table()) + ") x";
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            if (rs.next() && rs.getObject(1) != null) {
                return new Envelope(rs.getDouble(1), rs.getDouble(3), rs.getDouble(2), rs.getDouble(4));
            }
            return new Envelope();
        }
    }

    private static String geometryType(String type) {
        String t = type == null ? "" : type.toUpperCase(java.util.Locale.ROOT);
        return t.endsWith("POLYGON") || t.endsWith("SURFACE") ? "polygon"
                : t.endsWith("LINESTRING") || t.endsWith("CURVE") ? "line" : t.endsWith("POINT") ? "point" : "geometry";
    }

    /** The XML Schema type a column is served as; null for a column that is not served (binary, geometry). */
    private static String xsType(String sqlType) {
        return switch (sqlType) {
            case "smallint", "integer", "bigint" -> "xs:long";
            case "real", "double precision", "numeric" -> "xs:double";
            case "boolean" -> "xs:boolean";
            case "bytea", "geometry", "geography", "raster" -> null;
            default -> "xs:string";
        };
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    public Source source() {
        return source;
    }

    public int srid() {
        return srid;
    }

    public String geometryType() {
        return geometryType;
    }

    /** The WGS 84 extent when the layer was loaded. */
    public Envelope extent() {
        return extent;
    }

    public List<String> propertyNames() {
        return List.copyOf(columns.keySet());
    }

    /** The XML Schema type of a served column. */
    public String columnType(String column) {
        return columns.getOrDefault(column, "xs:string");
    }

    /** Features whose geometry meets a WGS 84 area (all when null), from {@code offset}, at most {@code limit}. */
    public FeatureSet select(Geometry wgs84Area, int offset, int limit) {
        StringBuilder sql = new StringBuilder(select);
        byte[] area = where(sql, wgs84Area);
        sql.append(" ORDER BY ").append(quote(source.idColumn()));
        if (limit < Integer.MAX_VALUE) {
            sql.append(" LIMIT ").append(limit);
        }
        if (offset > 0) {
            sql.append(" OFFSET ").append(offset);
        }
        List<MapFeature> features = new ArrayList<>();
        WKBReader reader = new WKBReader(FACTORY);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            bind(ps, area);
            ps.setFetchSize(1000);
            // A fetch size only streams inside a transaction on PostgreSQL.
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byte[] wkb = rs.getBytes(2);
                    if (wkb == null) {
                        continue;
                    }
                    Map<String, Object> properties = new LinkedHashMap<>();
                    int i = 3;
                    for (String column : columns.keySet()) {
                        properties.put(column, value(rs.getObject(i++)));
                    }
                    features.add(new MapFeature(Math.toIntExact(rs.getLong(1)), reader.read(wkb), properties));
                }
            } finally {
                c.rollback();
                c.setAutoCommit(auto);
            }
        } catch (SQLException | ParseException | ArithmeticException e) {
            throw new TableException("the table " + source.qualifiedName() + " could not be read: " + e.getMessage(), e);
        }
        return FeatureSet.of(features);
    }

    /** How many features meet a WGS 84 area (all when null). */
    public int count(Geometry wgs84Area) {
        StringBuilder sql = new StringBuilder("SELECT count(*) FROM ").append(quote(source.schema())).append('.')
                .append(quote(source.table()));
        byte[] area = where(sql, wgs84Area);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            bind(ps, area);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Math.toIntExact(rs.getLong(1));
            }
        } catch (SQLException | ArithmeticException e) {
            throw new TableException("the table " + source.qualifiedName() + " could not be read: " + e.getMessage(), e);
        }
    }

    /** The feature with this id, or an empty set. */
    public FeatureSet byId(long fid) {
        String sql = select + " WHERE " + quote(source.idColumn()) + " = ? AND " + quote(source.geometryColumn())
                + " IS NOT NULL";
        List<MapFeature> features = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, fid);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    Map<String, Object> properties = new LinkedHashMap<>();
                    int i = 3;
                    for (String column : columns.keySet()) {
                        properties.put(column, value(rs.getObject(i++)));
                    }
                    features.add(new MapFeature(Math.toIntExact(rs.getLong(1)),
                            new WKBReader(FACTORY).read(rs.getBytes(2)), properties));
                }
            }
        } catch (SQLException | ParseException | ArithmeticException e) {
            throw new TableException("the table " + source.qualifiedName() + " could not be read: " + e.getMessage(), e);
        }
        return FeatureSet.of(features);
    }

    /**
     * Appends the WHERE clause; the area, densified so that its edges stay edges once projected, is sent as
     * WKB and projected once to the table's system, so {@code &&} can use the table's spatial index.
     */
    private byte[] where(StringBuilder sql, Geometry wgs84Area) {
        String column = quote(source.geometryColumn());
        sql.append(" WHERE ").append(column).append(" IS NOT NULL");
        if (wgs84Area == null) {
            return null;
        }
        Geometry area = wgs84Area;
        Envelope e = area.getEnvelopeInternal();
        area = Densifier.densify(area, Math.max(e.getWidth(), e.getHeight()) / 32);
        String param = srid == 4326 ? "ST_GeomFromWKB(?, 4326)" : "ST_Transform(ST_GeomFromWKB(?, 4326), " + srid + ")";
        sql.append(" AND ").append(column).append(" && ").append(param).append(" AND ST_Intersects(").append(column)
                .append(", ").append(param).append(')');
        return new WKBWriter(2).write(area);
    }

    private static void bind(PreparedStatement ps, byte[] area) throws SQLException {
        if (area != null) {
            ps.setBytes(1, area);
            ps.setBytes(2, area);
        }
    }

    /** Column values as the services expect them: strings, longs, doubles, booleans. */
    private static Object value(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigDecimal d) {
            return d.scale() <= 0 && d.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0 ? (Object) d.longValue()
                    : (Object) d.doubleValue();
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        return v.toString();
    }

    /** The table could not be read while serving (dropped, renamed, database down): a 503 for the client. */
    public static final class TableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
