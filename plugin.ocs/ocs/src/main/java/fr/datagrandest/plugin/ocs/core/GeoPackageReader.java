package fr.datagrandest.plugin.ocs.core;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Reads the land cover / land use layer of an OCS GE GeoPackage as IGN distributes it: a feature table with
 * {@code ID}, {@code CODE_CS}, {@code CODE_US}, {@code MILLESIME} and a Lambert-93 polygon geometry.
 */
final class GeoPackageReader implements AutoCloseable {

    static final List<String> REQUIRED = List.of("ID", "CODE_CS", "CODE_US", "MILLESIME");

    private final Connection connection;
    private final String table;
    private final String geometryColumn;
    private final Map<String, String> columns = new LinkedHashMap<>();

    GeoPackageReader(Path file) {
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.setReadOnly(true);
            SQLiteDataSource ds = new SQLiteDataSource(config);
            ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
            connection = ds.getConnection();
        } catch (SQLException e) {
            throw new OcsInputException(400, "the body is not a GeoPackage (SQLite) file: " + e.getMessage());
        }
        try {
            List<String[]> layers = new ArrayList<>();
            try (Statement s = connection.createStatement();
                    ResultSet rs = s.executeQuery("SELECT c.table_name, g.column_name, g.srs_id FROM gpkg_contents c"
                            + " JOIN gpkg_geometry_columns g ON g.table_name = c.table_name"
                            + " WHERE c.data_type = 'features'")) {
                while (rs.next()) {
                    layers.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            } catch (SQLException e) {
                throw new OcsInputException(400, "the body is not a GeoPackage: no gpkg_contents or"
                        + " gpkg_geometry_columns table (" + e.getMessage() + ")");
            }
            if (layers.isEmpty()) {
                throw new OcsInputException(422, "the GeoPackage has no feature table");
            }
            String[] chosen = null;
            List<String> seen = new ArrayList<>();
            for (String[] layer : layers) {
                Map<String, String> cols = columns(layer[0]);
                seen.add(layer[0] + " " + cols.keySet());
                if (cols.keySet().containsAll(REQUIRED)
                        && (chosen == null || layer[0].equalsIgnoreCase("OCCUPATION_SOL"))) {
                    chosen = layer;
                    columns.clear();
                    columns.putAll(cols);
                }
            }
            if (chosen == null) {
                List<String> missing = new ArrayList<>(REQUIRED);
                if (layers.size() == 1) {
                    missing.removeAll(columns(layers.get(0)[0]).keySet());
                }
                throw new OcsInputException(422, "no feature table of the GeoPackage has the OCS GE fields "
                        + REQUIRED + (layers.size() == 1 ? "; missing: " + missing : "") + "; tables: " + seen,
                        Map.of("missingFields", missing, "tables", seen));
            }
            if (!"2154".equals(chosen[2])) {
                throw new OcsInputException(422, "the layer " + chosen[0] + " is in SRS " + chosen[2]
                        + "; OCS GE is expected in Lambert-93 (EPSG:2154)");
            }
            table = chosen[0];
            geometryColumn = chosen[1];
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private Map<String, String> columns(String tableName) {
        Map<String, String> cols = new LinkedHashMap<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT name FROM pragma_table_info(?)")) {
            s.setString(1, tableName);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    cols.put(rs.getString(1).toUpperCase(Locale.ROOT), rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new OcsInputException(400, "cannot read the columns of " + tableName + ": " + e.getMessage());
        }
        return cols;
    }

    String table() {
        return table;
    }

    /** The number of features. */
    int count() {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM \"" + table + "\"")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new OcsInputException(400, "cannot read " + table + ": " + e.getMessage());
        }
    }

    /** The distinct MILLESIME values of the layer. */
    List<String> millesimes() {
        List<String> values = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT DISTINCT CAST(\"" + columns.get("MILLESIME") + "\" AS TEXT) FROM \""
                        + table + "\"")) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new OcsInputException(400, "cannot read MILLESIME: " + e.getMessage());
        }
        return values;
    }

    /** Reads every feature; a geometry that cannot be decoded comes as null. */
    void forEach(Consumer<OcsFeature> action) {
        GeometryFactory factory = new GeometryFactory(new PrecisionModel(), 2154);
        WKBReader wkb = new WKBReader(factory);
        String sql = "SELECT \"" + geometryColumn + "\", CAST(\"" + columns.get("ID") + "\" AS TEXT), \""
                + columns.get("CODE_CS") + "\", \"" + columns.get("CODE_US") + "\", CAST(\""
                + columns.get("MILLESIME") + "\" AS TEXT) FROM \"" + table + "\"";
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            s.setFetchSize(5000);
            while (rs.next()) {
                Geometry g = decode(rs.getBytes(1), wkb);
                action.accept(new OcsFeature(rs.getString(2), trim(rs.getString(3)), trim(rs.getString(4)),
                        rs.getString(5), g));
            }
        } catch (SQLException e) {
            throw new OcsInputException(400, "cannot read the features of " + table + ": " + e.getMessage());
        }
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }

    /** Decodes a GeoPackage geometry blob (header, optional envelope, WKB); null when it is not one. */
    static Geometry decode(byte[] blob, WKBReader wkb) {
        if (blob == null || blob.length < 8 || blob[0] != 'G' || blob[1] != 'P') {
            return null;
        }
        int flags = blob[3];
        ByteOrder order = (flags & 1) == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        int envelope = (flags >> 1) & 0b111;
        int envelopeBytes = switch (envelope) {
            case 0 -> 0;
            case 1 -> 32;
            case 2, 3 -> 48;
            case 4 -> 64;
            default -> -1;
        };
        if (envelopeBytes < 0 || (flags & 0b1_0000) != 0 && blob.length <= 8 + envelopeBytes) {
            return null;
        }
        ByteBuffer.wrap(blob).order(order);
        int offset = 8 + envelopeBytes;
        try {
            byte[] body = new byte[blob.length - offset];
            System.arraycopy(blob, offset, body, 0, body.length);
            return wkb.read(body);
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // read-only file: nothing to lose
        }
    }
}
