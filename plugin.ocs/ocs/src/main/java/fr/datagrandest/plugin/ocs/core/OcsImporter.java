package fr.datagrandest.plugin.ocs.core;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import javax.sql.DataSource;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.geom.util.PolygonExtracter;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Imports one OCS GE vintage of one département from a GeoPackage, all or nothing: every polygon is checked
 * (codes known to the nomenclature, geometry readable and valid or safely repaired, identifiers unique),
 * classified with the artificialisation matrix, attributed to communes, stored with the per-commune
 * surfaces, and the flows with the département's other vintages are recomputed, in one transaction.
 */
final class OcsImporter {

    /** Where the commune outlines come from (the platform's territory service). */
    interface Outlines {
        /** The Lambert-93 outlines of the communes of a département, by INSEE code; empty if unknown. */
        Map<String, Geometry> communesOf(String departement);

        /** The département containing the point, if any. */
        Optional<String> departementAt(Point lambert93);
    }

    private static final Logger LOG = LoggerFactory.getLogger(OcsImporter.class);
    private static final int LISTED = 100;

    private final DataSource dataSource;
    private final Nomenclatures nomenclatures;
    private final Outlines outlines;
    private final ObjectMapper json = new ObjectMapper();

    OcsImporter(DataSource dataSource, Nomenclatures nomenclatures, Outlines outlines) {
        this.dataSource = dataSource;
        this.nomenclatures = nomenclatures;
        this.outlines = outlines;
    }

    private record Row(String id, String cs, String us, double area, boolean artificialised,
            Map<String, Double> communes, Geometry geometry, byte[] wkb) {
    }

    /** Imports the file; returns the import report; throws {@link OcsInputException} for bad input. */
    Map<String, Object> importGeoPackage(Path file, String departementParam, String username, String sourceName) {
        ArtificialisationMatrix matrix = nomenclatures.defaultMatrix();
        Nomenclatures.Version nomenclature = nomenclatures.nomenclatureOf(matrix);
        try (GeoPackageReader reader = new GeoPackageReader(file)) {
            List<String> years = reader.millesimes();
            if (years.size() != 1) {
                throw new OcsInputException(422, "a GeoPackage must hold exactly one vintage (MILLESIME); found "
                        + years, Map.of("millesimes", years));
            }
            int year = parseYear(years.get(0));
            int total = reader.count();
            String departement = departementParam == null || departementParam.isBlank()
                    ? detectDepartement(reader) : departementParam.trim();
            Map<String, Geometry> communes = outlines.communesOf(departement);
            if (communes.isEmpty()) {
                throw new OcsInputException(422, "unknown département '" + departement
                        + "': no commune outline for it in Grand Est");
            }
            if (vintageExists(departement, year)) {
                throw new OcsInputException(409, "vintage " + year + " of département " + departement
                        + " is already imported; delete it first to import it again",
                        Map.of("departement", departement, "millesime", year));
            }
            long job = startJob(departement, year, total, matrix.id(), username, sourceName);
            try {
                Map<String, Object> report = process(reader, job, departement, year, total, communes, matrix,
                        nomenclature);
                finishJob(job, "done", "imported " + total + " polygons", report);
                return report;
            } catch (OcsInputException e) {
                Map<String, Object> failed = new LinkedHashMap<>(e.details());
                failed.put("importId", job);
                finishJob(job, "failed", e.getMessage(), failed);
                throw new OcsInputException(e.status(), e.getMessage(), failed);
            } catch (RuntimeException e) {
                finishJob(job, "failed", "internal error", Map.of());
                throw e;
            }
        }
    }

    /** What the check of one polygon gave: a row to store, or why it is refused. */
    private record Checked(Row row, boolean repaired, boolean rejected, boolean belowThreshold) {
    }

    private Map<String, Object> process(GeoPackageReader reader, long job, String departement, int year, int total,
            Map<String, Geometry> communeOutlines, ArtificialisationMatrix matrix, Nomenclatures.Version nomenclature) {
        long started = System.nanoTime();
        CommuneIndex communes = new CommuneIndex(communeOutlines);
        Map<String, Integer> unknownCodes = new TreeMap<>();
        List<String> unknownIds = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        List<String> repaired = new ArrayList<>();
        List<String> duplicates = new ArrayList<>();
        int[] counts = new int[4]; // unknown polygons, repaired, rejected, below threshold
        Set<String> ids = new HashSet<>();
        List<OcsFeature> accepted = new ArrayList<>(total);
        // first pass, sequential and cheap: identifiers, codes, readable geometry
        reader.forEach(f -> {
            String id = f.id() == null ? "" : f.id();
            if (!ids.add(id)) {
                if (duplicates.size() < LISTED) {
                    duplicates.add(id);
                }
                return;
            }
            boolean known = true;
            if (!nomenclature.covers().containsKey(f.cs())) {
                unknownCodes.merge("CODE_CS=" + f.cs(), 1, Integer::sum);
                known = false;
            }
            if (!nomenclature.uses().containsKey(f.us())) {
                unknownCodes.merge("CODE_US=" + f.us(), 1, Integer::sum);
                known = false;
            }
            if (!known) {
                counts[0]++;
                if (unknownIds.size() < LISTED) {
                    unknownIds.add(id);
                }
                return;
            }
            if (f.geometry() == null || f.geometry().isEmpty()) {
                if (unreadable.size() < LISTED) {
                    unreadable.add(id);
                }
                counts[2]++;
                return;
            }
            accepted.add(new OcsFeature(id, f.cs(), f.us(), f.millesime(), f.geometry()));
        });
        long read = System.nanoTime();
        progress(job, total / 4);
        // second pass, on every core: validity, classification, attribution to communes, WKB (in input order)
        List<Checked> checked = parallel(accepted, f -> check(f, matrix, communes));
        List<Row> rows = new ArrayList<>(checked.size());
        double outside = 0;
        for (int i = 0; i < checked.size(); i++) {
            Checked c = checked.get(i);
            String id = accepted.get(i).id();
            if (c.rejected()) {
                counts[2]++;
                if (rejected.size() < LISTED) {
                    rejected.add(id);
                }
                continue;
            }
            if (c.repaired()) {
                counts[1]++;
                if (repaired.size() < LISTED) {
                    repaired.add(id);
                }
            }
            if (c.belowThreshold()) {
                counts[3]++;
            }
            outside += c.row().communes().getOrDefault("", 0.0);
            rows.add(c.row());
        }
        accepted.clear();
        if (!unknownCodes.isEmpty() || counts[2] > 0 || !duplicates.isEmpty()) {
            Map<String, Object> details = new LinkedHashMap<>();
            List<String> reasons = new ArrayList<>();
            if (!unknownCodes.isEmpty()) {
                reasons.add(counts[0] + " polygons with codes unknown to nomenclature " + nomenclature.id() + " "
                        + unknownCodes);
                details.put("unknownCodes", unknownCodes);
                details.put("unknownCodePolygons", counts[0]);
                details.put("unknownCodeIds", unknownIds);
            }
            if (counts[2] > 0) {
                reasons.add(counts[2] + " polygons with an unreadable or unrepairable geometry");
                details.put("invalidGeometryPolygons", counts[2]);
                details.put("unreadableGeometryIds", unreadable);
                details.put("unrepairableGeometryIds", rejected);
            }
            if (!duplicates.isEmpty()) {
                reasons.add("duplicate ID values " + duplicates);
                details.put("duplicateIds", duplicates);
            }
            details.put("repairedGeometryIds", repaired);
            throw new OcsInputException(422, "nothing imported for département " + departement + " " + year + ": "
                    + String.join("; ", reasons), details);
        }
        long attributed = System.nanoTime();
        progress(job, total / 2);
        store(job, departement, year, rows, communes, matrix, nomenclature);
        LOG.info("OCS GE {} {}: {} polygons read in {} ms, checked and attributed in {} ms, stored with flows in {} ms",
                departement, year, rows.size(), (read - started) / 1_000_000, (attributed - read) / 1_000_000,
                (System.nanoTime() - attributed) / 1_000_000);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("importId", job);
        report.put("departement", departement);
        report.put("millesime", year);
        report.put("layer", reader.table());
        report.put("polygons", rows.size());
        report.put("area", rows.stream().mapToDouble(Row::area).sum());
        report.put("repairedGeometries", counts[1]);
        report.put("repairedGeometryIds", repaired);
        report.put("belowThresholdPolygons", counts[3]);
        report.put("areaOutsideCommunes", outside);
        report.put("nomenclature", nomenclature.id());
        report.put("matrix", matrix.id());
        report.put("synthetic", rows.stream().anyMatch(r -> r.id().startsWith("SYNTH_")));
        report.put("seconds", (System.nanoTime() - started) / 1e9);
        return report;
    }

    private static Checked check(OcsFeature f, ArtificialisationMatrix matrix, CommuneIndex communes) {
        Geometry g = f.geometry();
        boolean fixedOne = false;
        if (!g.isValid()) {
            Geometry fixed = polygonal(GeometryFixer.fix(g), g.getFactory());
            double before = Math.abs(g.getArea());
            if (fixed.isEmpty() || Math.abs(fixed.getArea() - before) > 0.01 * Math.max(before, 1)) {
                return new Checked(null, false, true, false);
            }
            fixedOne = true;
            g = fixed;
        } else if (!(g instanceof Polygon || g instanceof org.locationtech.jts.geom.MultiPolygon)) {
            return new Checked(null, false, true, false);
        }
        double area = g.getArea();
        ArtificialisationMatrix.Classification c = matrix.classify(f.cs(), f.us(), area);
        return new Checked(new Row(f.id(), f.cs(), f.us(), area, c.artificialised(), communes.split(g), g,
                new WKBWriter(2).write(g)), fixedOne, false, c.belowThreshold());
    }

    /** Maps the list on a pool of the machine's cores (the order is kept); the pool lives for one call. */
    private static <T, R> List<R> parallel(List<T> items, java.util.function.Function<T, R> work) {
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 8));
        if (threads == 1 || items.size() < 2000) {
            return items.stream().map(work).toList();
        }
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(threads);
        try {
            return pool.submit(() -> items.parallelStream().map(work).toList()).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("import interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdown();
        }
    }

    private static Geometry polygonal(Geometry g, GeometryFactory factory) {
        @SuppressWarnings("unchecked")
        List<Polygon> polygons = PolygonExtracter.getPolygons(g);
        return factory.createMultiPolygon(polygons.toArray(Polygon[]::new));
    }

    private String detectDepartement(GeoPackageReader reader) {
        String[] found = {null};
        try {
            reader.forEach(f -> {
                if (f.geometry() != null && !f.geometry().isEmpty()) {
                    found[0] = outlines.departementAt(f.geometry().getInteriorPoint()).orElse("");
                    throw new StopReading();
                }
            });
        } catch (StopReading stop) {
            // first readable polygon seen
        }
        if (found[0] == null || found[0].isEmpty()) {
            throw new OcsInputException(422, "cannot tell which département the GeoPackage covers:"
                    + " give ?departement=NN");
        }
        return found[0];
    }

    private static final class StopReading extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StopReading() {
            super(null, null, false, false);
        }
    }

    private static int parseYear(String value) {
        try {
            String v = value == null ? "" : value.trim();
            int year = Integer.parseInt(v.length() > 4 ? v.substring(0, 4) : v);
            if (year < 1990 || year > 2100) {
                throw new NumberFormatException();
            }
            return year;
        } catch (NumberFormatException e) {
            throw new OcsInputException(422, "MILLESIME '" + value + "' is not a year");
        }
    }

    /** Polygons committed per chunk: H2 slows down on transactions of hundreds of thousands of rows. */
    private static final int CHUNK = 10_000;

    /**
     * Stores the vintage. The polygons go first, committed in chunks, and stay invisible: every reader goes
     * through the {@code vintage} row, which is written last, in one short transaction with the per-commune
     * surfaces and the flows. If that fails, the polygons are deleted again; polygons left by a crash (no
     * vintage row) are deleted before the next import of the same vintage.
     */
    private void store(long job, String departement, int year, List<Row> rows, CommuneIndex communes,
            ArtificialisationMatrix matrix, Nomenclatures.Version nomenclature) {
        String key = departement + "/" + year;
        if (!running.add(key)) {
            throw new OcsInputException(409, "vintage " + year + " of département " + departement
                    + " is being imported by another request");
        }
        try (Connection c = dataSource.getConnection()) {
            boolean visible = false;
            try {
                deleteInvisiblePolygons(c, departement, year);
                insertPolygons(c, job, departement, year, rows);
                c.setAutoCommit(false);
                insertSurfaces(c, departement, year, rows);
                try (PreparedStatement s = c.prepareStatement("INSERT INTO vintage (departement, millesime,"
                        + " import_id, nomenclature, matrix, polygons, area, synthetic, imported_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    s.setString(1, departement);
                    s.setInt(2, year);
                    s.setLong(3, job);
                    s.setString(4, nomenclature.id());
                    s.setString(5, matrix.id());
                    s.setInt(6, rows.size());
                    s.setDouble(7, rows.stream().mapToDouble(Row::area).sum());
                    s.setBoolean(8, rows.stream().anyMatch(r -> r.id().startsWith("SYNTH_")));
                    s.setTimestamp(9, Timestamp.from(Instant.now()));
                    s.executeUpdate();
                }
                long flows = System.nanoTime();
                Map<Integer, List<Stored>> known = new HashMap<>();
                known.put(year, rows.stream().map(r -> new Stored(r.id(), r.cs(), r.us(), r.artificialised(),
                        r.area(), r.communes(), r.geometry())).toList());
                recomputeFlows(c, departement, communes, known);
                LOG.info("OCS GE {}: flows recomputed in {} ms", departement, (System.nanoTime() - flows) / 1_000_000);
                c.commit();
                visible = true;
            } catch (SQLException | RuntimeException e) {
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
                if (e instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                    throw new OcsInputException(409, "vintage " + year + " of département " + departement
                            + " was imported meanwhile");
                }
                throw e;
            } finally {
                if (!visible) {
                    c.setAutoCommit(true);
                    deleteInvisiblePolygons(c, departement, year);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the vintage: " + e.getMessage(), e);
        } finally {
            running.remove(key);
        }
    }

    /**
     * Deletes a vintage: the vintage row, its surfaces and every flow of the département go in one short
     * transaction, with the flows between the remaining vintages recomputed; the polygons, invisible from then
     * on, are then deleted in chunks (a crash meanwhile leaves them to the next import's clean-up).
     */
    Map<String, Object> deleteVintage(String departement, int year) {
        String key = departement + "/" + year;
        if (!running.add(key)) {
            throw new OcsInputException(409, "vintage " + year + " of département " + departement
                    + " is being imported: delete it once the import is over");
        }
        try (Connection c = dataSource.getConnection()) {
            Map<String, Object> result = new LinkedHashMap<>();
            c.setAutoCommit(false);
            try {
                int polygons;
                try (PreparedStatement s = c.prepareStatement(
                        "SELECT polygons FROM vintage WHERE departement = ? AND millesime = ? FOR UPDATE")) {
                    s.setString(1, departement);
                    s.setInt(2, year);
                    try (ResultSet rs = s.executeQuery()) {
                        if (!rs.next()) {
                            throw new OcsInputException(404, "no vintage " + year + " imported for département "
                                    + departement);
                        }
                        polygons = rs.getInt(1);
                    }
                }
                for (String table : List.of("vintage", "surface")) {
                    try (PreparedStatement s = c.prepareStatement(
                            "DELETE FROM " + table + " WHERE departement = ? AND millesime = ?")) {
                        s.setString(1, departement);
                        s.setInt(2, year);
                        s.executeUpdate();
                    }
                }
                recomputeFlows(c, departement, new CommuneIndex(outlines.communesOf(departement)), Map.of());
                c.commit();
                result.put("departement", departement);
                result.put("millesime", year);
                result.put("polygons", polygons);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
            c.setAutoCommit(true);
            deleteInvisiblePolygons(c, departement, year);
            List<Integer> remaining = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT millesime FROM vintage WHERE departement = ? ORDER BY millesime")) {
                s.setString(1, departement);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        remaining.add(rs.getInt(1));
                    }
                }
            }
            result.put("remainingVintages", remaining);
            LOG.info("OCS GE {} {}: vintage deleted ({} polygons), flows of {} recomputed", departement, year,
                    result.get("polygons"), remaining);
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot delete the vintage: " + e.getMessage(), e);
        } finally {
            running.remove(key);
        }
    }

    /** Imports under way in this service, by département/year (their polygons are not yet visible). */
    private final Set<String> running = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Deletes the polygons of a vintage that has no vintage row (deleted, or a failed or interrupted import),
     * one chunk per transaction, by primary key (H2 runs a DELETE … IN (subquery with LIMIT) in quadratic time).
     * The caller holds the vintage's key in {@link #running}, so no import can make it visible meanwhile.
     */
    private static void deleteInvisiblePolygons(Connection c, String departement, int year) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT 1 FROM vintage WHERE departement = ? AND millesime = ?")) {
            s.setString(1, departement);
            s.setInt(2, year);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement select = c.prepareStatement("SELECT ocs_id FROM ocs_polygon WHERE departement = ?"
                + " AND millesime = ? LIMIT " + CHUNK);
                PreparedStatement delete = c.prepareStatement("DELETE FROM ocs_polygon WHERE departement = ?"
                        + " AND millesime = ? AND ocs_id = ?")) {
            select.setString(1, departement);
            select.setInt(2, year);
            delete.setString(1, departement);
            delete.setInt(2, year);
            while (true) {
                List<String> ids = new ArrayList<>(CHUNK);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
                if (ids.isEmpty()) {
                    break;
                }
                for (String id : ids) {
                    delete.setString(3, id);
                    delete.addBatch();
                }
                delete.executeBatch();
                c.commit();
            }
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private void insertPolygons(Connection c, long job, String departement, int year, List<Row> rows)
            throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement s = c.prepareStatement("INSERT INTO ocs_polygon (departement, millesime,"
                + " ocs_id, code_cs, code_us, area, artificialised, commune, communes, geom)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int n = 0;
            for (Row r : rows) {
                s.setString(1, departement);
                s.setInt(2, year);
                s.setString(3, r.id());
                s.setString(4, r.cs());
                s.setString(5, r.us());
                s.setDouble(6, r.area());
                s.setBoolean(7, r.artificialised());
                s.setString(8, mainCommune(r.communes()));
                s.setString(9, r.communes().size() == 1 ? null : encode(r.communes()));
                s.setBytes(10, r.wkb());
                s.addBatch();
                if (++n % 2000 == 0) {
                    s.executeBatch();
                }
                if (n % CHUNK == 0) {
                    c.commit();
                    progress(job, (rows.size() + n) / 2);
                }
            }
            s.executeBatch();
            c.commit();
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static void insertSurfaces(Connection c, String departement, int year, List<Row> rows)
            throws SQLException {
        Map<List<Object>, double[]> surfaces = new HashMap<>();
        for (Row r : rows) {
            r.communes().forEach((commune, area) -> {
                double[] v = surfaces.computeIfAbsent(List.of(commune, r.cs(), r.us(), r.artificialised()),
                        k -> new double[2]);
                v[0] += area;
                v[1]++;
            });
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO surface (departement, millesime, commune,"
                + " code_cs, code_us, artificialised, area, polygons) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<List<Object>, double[]> e : surfaces.entrySet()) {
                s.setString(1, departement);
                s.setInt(2, year);
                s.setString(3, (String) e.getKey().get(0));
                s.setString(4, (String) e.getKey().get(1));
                s.setString(5, (String) e.getKey().get(2));
                s.setBoolean(6, (Boolean) e.getKey().get(3));
                s.setDouble(7, e.getValue()[0]);
                s.setInt(8, (int) e.getValue()[1]);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static String mainCommune(Map<String, Double> communes) {
        return communes.entrySet().stream().filter(e -> !e.getKey().isEmpty())
                .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("");
    }

    private static String encode(Map<String, Double> communes) {
        StringBuilder b = new StringBuilder();
        communes.forEach((k, v) -> b.append(b.isEmpty() ? "" : ";").append(k).append(':').append(v));
        return b.toString();
    }

    static Map<String, Double> decode(String commune, String communes, double area) {
        Map<String, Double> result = new LinkedHashMap<>();
        if (communes == null) {
            result.put(commune, area);
            return result;
        }
        for (String part : communes.split(";")) {
            int colon = part.lastIndexOf(':');
            result.put(part.substring(0, colon), Double.parseDouble(part.substring(colon + 1)));
        }
        return result;
    }

    record Stored(String id, String cs, String us, boolean artificialised, double area,
            Map<String, Double> communes, Geometry geometry) {
    }

    /** Flows between each pair of consecutive vintages of the département, from the polygons' overlay. */
    void recomputeFlows(Connection c, String departement, CommuneIndex communes, Map<Integer, List<Stored>> known)
            throws SQLException {
        List<Integer> years = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT millesime FROM vintage WHERE departement = ? ORDER BY millesime")) {
            s.setString(1, departement);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    years.add(rs.getInt(1));
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("DELETE FROM flow WHERE departement = ?")) {
            s.setString(1, departement);
            s.executeUpdate();
        }
        for (int i = 0; i + 1 < years.size(); i++) {
            flows(c, departement, years.get(i), years.get(i + 1), communes, known);
        }
    }

    private void flows(Connection c, String departement, int y1, int y2, CommuneIndex communes,
            Map<Integer, List<Stored>> known) throws SQLException {
        List<Stored> before = known.containsKey(y1) ? known.get(y1) : load(c, departement, y1);
        List<Stored> later = known.containsKey(y2) ? known.get(y2) : load(c, departement, y2);
        Map<String, Stored> beforeById = new HashMap<>();
        STRtree tree = new STRtree();
        for (Stored s : before) {
            beforeById.put(s.id(), s);
            tree.insert(s.geometry().getEnvelopeInternal(), s);
        }
        Map<List<Object>, double[]> flows = new HashMap<>();
        for (Stored after : later) {
            Stored same = beforeById.get(after.id());
            if (same != null && same.geometry().equalsExact(after.geometry())) {
                // unchanged outline: the whole polygon flows, attributed as it already is
                after.communes().forEach((commune, area) -> add(flows, commune, same, after, area));
                continue;
            }
            @SuppressWarnings("unchecked")
            List<Stored> candidates = tree.query(after.geometry().getEnvelopeInternal());
            for (Stored b : candidates) {
                Geometry piece = b.geometry().intersection(after.geometry());
                if (piece.getArea() > 0) {
                    communes.split(piece).forEach((commune, area) -> add(flows, commune, b, after, area));
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO flow (departement, from_year, to_year, commune,"
                + " cs_from, us_from, artificialised_from, cs_to, us_to, artificialised_to, area)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<List<Object>, double[]> e : flows.entrySet()) {
                List<Object> k = e.getKey();
                s.setString(1, departement);
                s.setInt(2, y1);
                s.setInt(3, y2);
                s.setString(4, (String) k.get(0));
                s.setString(5, (String) k.get(1));
                s.setString(6, (String) k.get(2));
                s.setBoolean(7, (Boolean) k.get(3));
                s.setString(8, (String) k.get(4));
                s.setString(9, (String) k.get(5));
                s.setBoolean(10, (Boolean) k.get(6));
                s.setDouble(11, e.getValue()[0]);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static void add(Map<List<Object>, double[]> flows, String commune, Stored from, Stored to, double area) {
        flows.computeIfAbsent(List.of(commune, from.cs(), from.us(), from.artificialised(), to.cs(), to.us(),
                to.artificialised()), k -> new double[1])[0] += area;
    }

    private static List<Stored> load(Connection c, String departement, int year) throws SQLException {
        List<Stored> result = new ArrayList<>();
        WKBReader wkb = new WKBReader(new GeometryFactory(new PrecisionModel(), 2154));
        try (PreparedStatement s = c.prepareStatement("SELECT ocs_id, code_cs, code_us, artificialised, area,"
                + " commune, communes, geom FROM ocs_polygon WHERE departement = ? AND millesime = ?")) {
            s.setString(1, departement);
            s.setInt(2, year);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    double area = rs.getDouble(5);
                    result.add(new Stored(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), area,
                            decode(rs.getString(6), rs.getString(7), area), wkb.read(rs.getBytes(8))));
                }
            }
        } catch (ParseException e) {
            throw new IllegalStateException("stored geometry cannot be read", e);
        }
        return result;
    }

    private boolean vintageExists(String departement, int year) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT 1 FROM vintage WHERE departement = ? AND millesime = ?")) {
            s.setString(1, departement);
            s.setInt(2, year);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long startJob(String departement, int year, int total, String matrix, String username, String source) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("INSERT INTO import_job (departement, millesime, status,"
                        + " total, processed, matrix, username, source_name, started_at)"
                        + " VALUES (?, ?, 'running', ?, 0, ?, ?, ?, ?)", new String[] {"id"})) {
            s.setString(1, departement);
            s.setInt(2, year);
            s.setInt(3, total);
            s.setString(4, matrix);
            s.setString(5, username);
            s.setString(6, source);
            s.setTimestamp(7, Timestamp.from(Instant.now()));
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void progress(long job, int processed) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("UPDATE import_job SET processed = ? WHERE id = ?")) {
            s.setInt(1, processed);
            s.setLong(2, job);
            s.executeUpdate();
        } catch (SQLException e) {
            LOG.warn("cannot record the progress of import {}: {}", job, e.getMessage());
        }
    }

    private void finishJob(long job, String status, String message, Map<String, Object> report) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("UPDATE import_job SET status = ?, message = ?, report = ?,"
                        + " finished_at = ?, processed = CASE WHEN ? = 'done' THEN total ELSE processed END"
                        + " WHERE id = ?")) {
            s.setString(1, status);
            s.setString(2, message);
            s.setString(3, json.writeValueAsString(report));
            s.setTimestamp(4, Timestamp.from(Instant.now()));
            s.setString(5, status);
            s.setLong(6, job);
            s.executeUpdate();
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            LOG.warn("cannot record the end of import {}: {}", job, e.getMessage());
        }
    }
}
