package fr.datagrandest.plugin.ocs.core;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;

/**
 * Anomaly reports on OCS GE polygons, made in bulk by partners: each names a polygon of a vintage, may
 * propose the right cover and use codes and says why. Workflow: new → acknowledged → accepted or rejected →
 * exported; every step keeps who and when. Accepted reports export as GeoJSON or CSV for the producer.
 */
final class AnomalyReports {

    /** One report as sent by a partner. */
    record Submission(String polygonId, Integer millesime, String departement, String proposedCs,
            String proposedUs, String comment) {
    }

    static final Map<String, Set<String>> NEXT = Map.of(
            "new", Set.of("acknowledged", "rejected"),
            "acknowledged", Set.of("accepted", "rejected"),
            "accepted", Set.of("exported"),
            "rejected", Set.of("exported"),
            "exported", Set.of());

    private static final int MAX_PER_REQUEST = 10_000;

    private final DataSource dataSource;
    private final Nomenclatures nomenclatures;

    AnomalyReports(DataSource dataSource, Nomenclatures nomenclatures) {
        this.dataSource = dataSource;
        this.nomenclatures = nomenclatures;
    }

    /** Records the reports, all or none; returns their ids. */
    List<Long> submit(List<Submission> submissions, String reporter) {
        if (submissions.isEmpty()) {
            throw new OcsInputException(400, "no anomaly in the request");
        }
        if (submissions.size() > MAX_PER_REQUEST) {
            throw new OcsInputException(413, "at most " + MAX_PER_REQUEST + " anomalies per request");
        }
        Nomenclatures.Version version = nomenclatures.nomenclatureOf(nomenclatures.defaultMatrix());
        List<String> problems = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement find = c.prepareStatement("SELECT departement, millesime, code_cs, code_us"
                    + " FROM ocs_polygon p WHERE ocs_id = ? AND millesime = ? AND (? IS NULL OR departement = ?)"
                    // polygons of an import still running are not visible until its vintage row is written
                    + " AND EXISTS (SELECT 1 FROM vintage v WHERE v.departement = p.departement"
                    + " AND v.millesime = p.millesime)");
                    PreparedStatement insert = c.prepareStatement("INSERT INTO anomaly_report (departement,"
                            + " millesime, ocs_id, current_cs, current_us, proposed_cs, proposed_us, comment, status,"
                            + " reporter, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'new', ?, ?, ?)",
                            new String[] {"id"})) {
                int line = 0;
                for (Submission s : submissions) {
                    line++;
                    if (s.polygonId() == null || s.polygonId().isBlank() || s.millesime() == null) {
                        problems.add("#" + line + ": polygonId and millesime are required");
                        continue;
                    }
                    if (s.proposedCs() != null && !s.proposedCs().isBlank() && !version.covers().containsKey(s.proposedCs())) {
                        problems.add("#" + line + " (" + s.polygonId() + "): unknown cover code " + s.proposedCs());
                        continue;
                    }
                    if (s.proposedUs() != null && !s.proposedUs().isBlank() && !version.uses().containsKey(s.proposedUs())) {
                        problems.add("#" + line + " (" + s.polygonId() + "): unknown use code " + s.proposedUs());
                        continue;
                    }
                    if ((s.comment() == null || s.comment().isBlank()) && blank(s.proposedCs()) && blank(s.proposedUs())) {
                        problems.add("#" + line + " (" + s.polygonId() + "): propose a class or write a comment");
                        continue;
                    }
                    find.setString(1, s.polygonId());
                    find.setInt(2, s.millesime());
                    find.setString(3, blank(s.departement()) ? null : s.departement());
                    find.setString(4, blank(s.departement()) ? null : s.departement());
                    try (ResultSet rs = find.executeQuery()) {
                        if (!rs.next()) {
                            problems.add("#" + line + ": no polygon " + s.polygonId() + " in vintage " + s.millesime());
                            continue;
                        }
                        Timestamp now = Timestamp.from(Instant.now());
                        insert.setString(1, rs.getString(1));
                        insert.setInt(2, rs.getInt(2));
                        insert.setString(3, s.polygonId());
                        insert.setString(4, rs.getString(3));
                        insert.setString(5, rs.getString(4));
                        insert.setString(6, blank(s.proposedCs()) ? null : s.proposedCs());
                        insert.setString(7, blank(s.proposedUs()) ? null : s.proposedUs());
                        insert.setString(8, s.comment());
                        insert.setString(9, reporter);
                        insert.setTimestamp(10, now);
                        insert.setTimestamp(11, now);
                        insert.executeUpdate();
                        try (ResultSet keys = insert.getGeneratedKeys()) {
                            keys.next();
                            ids.add(keys.getLong(1));
                        }
                    }
                }
                if (!problems.isEmpty()) {
                    c.rollback();
                    throw new OcsInputException(422, "no anomaly recorded: " + problems.size() + " of "
                            + submissions.size() + " cannot be accepted",
                            Map.of("problems", problems.subList(0, Math.min(100, problems.size()))));
                }
                event(c, ids, "new", reporter, null);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the anomalies: " + e.getMessage(), e);
        }
        return ids;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static void event(Connection c, List<Long> ids, String status, String who, String note)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO anomaly_event (report_id, status, username, note, at) VALUES (?, ?, ?, ?, ?)")) {
            for (Long id : ids) {
                s.setLong(1, id);
                s.setString(2, status);
                s.setString(3, who);
                s.setString(4, note);
                s.setTimestamp(5, Timestamp.from(Instant.now()));
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** Moves a report to the next step of the workflow. */
    Map<String, Object> changeStatus(long id, String status, String who, String note) {
        String target = status == null ? "" : status.trim().toLowerCase(Locale.ROOT);
        if (!NEXT.containsKey(target)) {
            throw new OcsInputException(400, "unknown status '" + status + "': one of " + NEXT.keySet());
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            String current;
            try (PreparedStatement s = c.prepareStatement("SELECT status FROM anomaly_report WHERE id = ? FOR UPDATE")) {
                s.setLong(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        c.rollback();
                        throw new OcsInputException(404, "no anomaly report " + id);
                    }
                    current = rs.getString(1);
                }
            }
            if (!NEXT.get(current).contains(target)) {
                c.rollback();
                throw new OcsInputException(409, "report " + id + " is '" + current + "': it can go to "
                        + NEXT.get(current) + ", not to '" + target + "'");
            }
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE anomaly_report SET status = ?, updated_at = ? WHERE id = ?")) {
                s.setString(1, target);
                s.setTimestamp(2, Timestamp.from(Instant.now()));
                s.setLong(3, id);
                s.executeUpdate();
            }
            event(c, List.of(id), target, who, note);
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot change the report: " + e.getMessage(), e);
        }
        return get(id);
    }

    Map<String, Object> get(long id) {
        List<Map<String, Object>> list = list(null, id);
        if (list.isEmpty()) {
            throw new OcsInputException(404, "no anomaly report " + id);
        }
        Map<String, Object> report = list.get(0);
        List<Map<String, Object>> history = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT status, username, note, at FROM anomaly_event WHERE report_id = ? ORDER BY id")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("status", rs.getString(1));
                    e.put("by", rs.getString(2));
                    e.put("note", rs.getString(3));
                    e.put("at", rs.getTimestamp(4).toInstant().toString());
                    history.add(e);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        report.put("history", history);
        return report;
    }

    /** Reports, optionally of one status, newest first. */
    List<Map<String, Object>> list(String status, Long id) {
        List<Map<String, Object>> list = new ArrayList<>();
        String sql = "SELECT id, departement, millesime, ocs_id, current_cs, current_us, proposed_cs, proposed_us,"
                + " comment, status, reporter, created_at, updated_at FROM anomaly_report"
                + (id != null ? " WHERE id = ?" : status != null ? " WHERE status = ?" : "") + " ORDER BY id DESC";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            if (id != null) {
                s.setLong(1, id);
            } else if (status != null) {
                s.setString(1, status);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getLong(1));
                    m.put("departement", rs.getString(2));
                    m.put("millesime", rs.getInt(3));
                    m.put("polygonId", rs.getString(4));
                    m.put("currentCs", rs.getString(5));
                    m.put("currentUs", rs.getString(6));
                    m.put("proposedCs", rs.getString(7));
                    m.put("proposedUs", rs.getString(8));
                    m.put("comment", rs.getString(9));
                    m.put("status", rs.getString(10));
                    m.put("reporter", rs.getString(11));
                    m.put("createdAt", rs.getTimestamp(12).toInstant().toString());
                    m.put("updatedAt", rs.getTimestamp(13).toInstant().toString());
                    list.add(m);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the anomaly reports: " + e.getMessage(), e);
        }
        return list;
    }

    /** The reports of a status as a GeoJSON FeatureCollection in Lambert-93 (the polygons' geometry). */
    String geoJson(String status) {
        StringBuilder b = new StringBuilder("{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\","
                + "\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::2154\"}},\"features\":[");
        WKBReader wkb = new WKBReader();
        boolean first = true;
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT a.id, a.departement, a.millesime, a.ocs_id,"
                        + " a.current_cs, a.current_us, a.proposed_cs, a.proposed_us, a.comment, a.status, a.reporter,"
                        + " a.created_at, p.geom FROM anomaly_report a JOIN ocs_polygon p ON p.departement ="
                        + " a.departement AND p.millesime = a.millesime AND p.ocs_id = a.ocs_id"
                        + (status == null ? "" : " WHERE a.status = ?") + " ORDER BY a.id")) {
            if (status != null) {
                s.setString(1, status);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    b.append(first ? "" : ",").append("{\"type\":\"Feature\",\"id\":").append(rs.getLong(1))
                            .append(",\"properties\":{");
                    String[] names = {"departement", "millesime", "ID", "CODE_CS", "CODE_US", "CODE_CS_PROPOSE",
                        "CODE_US_PROPOSE", "commentaire", "statut", "auteur", "signale_le"};
                    for (int i = 0; i < names.length; i++) {
                        Object v = i == 10 ? rs.getTimestamp(12).toInstant().toString() : rs.getObject(i + 2);
                        b.append(i == 0 ? "" : ",").append('"').append(names[i]).append("\":").append(jsonValue(v));
                    }
                    b.append("},\"geometry\":");
                    geometry(b, wkb.read(rs.getBytes(13)));
                    b.append('}');
                    first = false;
                }
            }
        } catch (SQLException | ParseException e) {
            throw new IllegalStateException("cannot export the anomaly reports: " + e.getMessage(), e);
        }
        return b.append("]}").toString();
    }

    /** The reports of a status as CSV (one line per report). */
    String csv(String status) {
        StringBuilder b = new StringBuilder("id,departement,millesime,ID,CODE_CS,CODE_US,CODE_CS_PROPOSE,"
                + "CODE_US_PROPOSE,commentaire,statut,auteur,signale_le\n");
        for (Map<String, Object> r : list(status, null)) {
            b.append(r.get("id")).append(',').append(r.get("departement")).append(',').append(r.get("millesime"))
                    .append(',').append(Csv.cell(r.get("polygonId"))).append(',').append(r.get("currentCs"))
                    .append(',').append(r.get("currentUs")).append(',').append(Csv.cell(r.get("proposedCs")))
                    .append(',').append(Csv.cell(r.get("proposedUs"))).append(',').append(Csv.cell(r.get("comment")))
                    .append(',').append(r.get("status")).append(',').append(Csv.cell(r.get("reporter"))).append(',')
                    .append(r.get("createdAt")).append('\n');
        }
        return b.toString();
    }

    static String jsonValue(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Number) {
            return v.toString();
        }
        StringBuilder b = new StringBuilder("\"");
        for (char ch : v.toString().toCharArray()) {
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    static void geometry(StringBuilder b, Geometry g) {
        b.append("{\"type\":\"MultiPolygon\",\"coordinates\":[");
        for (int i = 0; i < g.getNumGeometries(); i++) {
            Polygon p = (Polygon) g.getGeometryN(i);
            b.append(i == 0 ? "[" : ",[");
            ring(b, p.getExteriorRing().getCoordinates());
            for (int k = 0; k < p.getNumInteriorRing(); k++) {
                b.append(',');
                ring(b, p.getInteriorRingN(k).getCoordinates());
            }
            b.append(']');
        }
        b.append("]}");
    }

    private static void ring(StringBuilder b, Coordinate[] cs) {
        b.append('[');
        for (int i = 0; i < cs.length; i++) {
            b.append(i == 0 ? "[" : ",[").append(cs[i].x).append(',').append(cs[i].y).append(']');
        }
        b.append(']');
    }
}
