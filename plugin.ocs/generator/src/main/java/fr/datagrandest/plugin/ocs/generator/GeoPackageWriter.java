package fr.datagrandest.plugin.ocs.generator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.io.ByteOrderValues;
import org.locationtech.jts.io.WKBWriter;
import org.sqlite.SQLiteDataSource;

/**
 * Writes one vintage of a synthetic OCS GE as IGN distributes it: a GeoPackage 1.3 with the feature table
 * {@code OCCUPATION_SOL} ({@code ID}, {@code CODE_CS}, {@code CODE_US}, {@code MILLESIME}, Lambert-93
 * MultiPolygon geometry {@code geom}). The table description says the data are synthetic.
 */
public final class GeoPackageWriter {

    public static final String TABLE = "OCCUPATION_SOL";

    private static final String LAMBERT93_WKT = "PROJCS[\"RGF93 v1 / Lambert-93\",GEOGCS[\"RGF93 v1\","
            + "DATUM[\"Reseau_Geodesique_Francais_1993_v1\",SPHEROID[\"GRS 1980\",6378137,298.257222101]],"
            + "PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433],AUTHORITY[\"EPSG\",\"4171\"]],"
            + "PROJECTION[\"Lambert_Conformal_Conic_2SP\"],PARAMETER[\"latitude_of_origin\",46.5],"
            + "PARAMETER[\"central_meridian\",3],PARAMETER[\"standard_parallel_1\",49],"
            + "PARAMETER[\"standard_parallel_2\",44],PARAMETER[\"false_easting\",700000],"
            + "PARAMETER[\"false_northing\",6600000],UNIT[\"metre\",1],AUTHORITY[\"EPSG\",\"2154\"]]";

    private GeoPackageWriter() {
    }

    /** Writes vintage 1 or 2 of the dataset to a new file (replaced if it exists). */
    public static void write(SyntheticDataset dataset, int vintage, Path file) throws IOException {
        Files.deleteIfExists(file);
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA application_id = 1196444487");
                s.execute("PRAGMA user_version = 10300");
                s.execute("CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY,"
                        + " organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL,"
                        + " definition TEXT NOT NULL, description TEXT)");
                s.execute("INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, 'NONE', -1,"
                        + " 'undefined', 'undefined cartesian coordinate reference system')");
                s.execute("INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined geographic SRS', 0, 'NONE', 0,"
                        + " 'undefined', 'undefined geographic coordinate reference system')");
                s.execute("INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84 geodetic', 4326, 'EPSG', 4326,"
                        + " 'GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563]],"
                        + "PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433],AUTHORITY[\"EPSG\",\"4326\"]]',"
                        + " 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid')");
                s.execute("INSERT INTO gpkg_spatial_ref_sys VALUES ('RGF93 v1 / Lambert-93', 2154, 'EPSG', 2154, '"
                        + LAMBERT93_WKT + "', 'Lambert-93')");
                s.execute("CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,"
                        + " identifier TEXT UNIQUE, description TEXT DEFAULT '', last_change DATETIME NOT NULL"
                        + " DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), min_x DOUBLE, min_y DOUBLE,"
                        + " max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,"
                        + " CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))");
                s.execute("CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,"
                        + " geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL,"
                        + " m TINYINT NOT NULL, CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),"
                        + " CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),"
                        + " CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))");
                s.execute("CREATE TABLE " + TABLE + " (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom MULTIPOLYGON,"
                        + " ID TEXT, CODE_CS TEXT, CODE_US TEXT, MILLESIME TEXT)");
            }
            Envelope all = new Envelope();
            WKBWriter wkb = new WKBWriter(2, ByteOrderValues.LITTLE_ENDIAN);
            String year = Integer.toString(dataset.year(vintage));
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO " + TABLE + " (geom, ID, CODE_CS, CODE_US, MILLESIME) VALUES (?, ?, ?, ?, ?)")) {
                int n = 0;
                for (SyntheticPolygon p : dataset.polygons()) {
                    Envelope e = p.geometry().getEnvelopeInternal();
                    all.expandToInclude(e);
                    insert.setBytes(1, geometryBlob(wkb.write(p.geometry()), e));
                    insert.setString(2, p.id());
                    insert.setString(3, p.cs(vintage));
                    insert.setString(4, p.us(vintage));
                    insert.setString(5, year);
                    insert.addBatch();
                    if (++n % 5000 == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            try (PreparedStatement contents = c.prepareStatement("INSERT INTO gpkg_contents (table_name, data_type,"
                    + " identifier, description, min_x, min_y, max_x, max_y, srs_id)"
                    + " VALUES (?, 'features', ?, ?, ?, ?, ?, ?, 2154)")) {
                contents.setString(1, TABLE);
                contents.setString(2, "OCS GE synthétique " + dataset.departement() + " " + year);
                contents.setString(3, "Données SYNTHÉTIQUES (fictives) au format OCS GE de l'IGN, générées à"
                        + " partir des contours communaux : ne décrivent pas l'occupation réelle du sol.");
                contents.setDouble(4, all.getMinX());
                contents.setDouble(5, all.getMinY());
                contents.setDouble(6, all.getMaxX());
                contents.setDouble(7, all.getMaxY());
                contents.executeUpdate();
            }
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO gpkg_geometry_columns VALUES ('" + TABLE + "', 'geom', 'MULTIPOLYGON', 2154, 0, 0)");
            }
            c.commit();
        } catch (SQLException e) {
            throw new IOException("cannot write GeoPackage " + file + ": " + e.getMessage(), e);
        }
    }

    /** GeoPackage binary geometry: header (magic, version, flags, SRS id, XY envelope) then little-endian WKB. */
    static byte[] geometryBlob(byte[] wkb, Envelope e) {
        ByteBuffer b = ByteBuffer.allocate(8 + 32 + wkb.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'G').put((byte) 'P').put((byte) 0).put((byte) 0b0000_0011);
        b.putInt(2154);
        b.putDouble(e.getMinX()).putDouble(e.getMaxX()).putDouble(e.getMinY()).putDouble(e.getMaxY());
        b.put(wkb);
        return b.array();
    }
}
