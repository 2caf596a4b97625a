package fr.datagrandest.plugin.ocs.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

/**
 * The Cerema "fichiers fonciers" consumption of natural, agricultural and forest spaces (ENAF) per commune and
 * year, as the Cerema publishes it: one line per commune ({@code idcom}), columns {@code nafYYartZZ} (m²
 * consumed from 1 January 20YY to 1 January 20ZZ) and by destination {@code artYYactZZ} (activity),
 * {@code hab} (housing), {@code mix} (mixed), {@code rou} (roads), {@code fer} (railways), {@code inc}
 * (unknown). Only one-year columns are read; separator {@code ;} or {@code ,}. A file replaces the figures of
 * the communes it lists, all or nothing.
 */
final class FichiersFonciers {

    static final List<String> DESTINATIONS = List.of("act", "hab", "mix", "rou", "fer", "inc");
    private static final Pattern TOTAL = Pattern.compile("naf(\\d\\d)art(\\d\\d)");
    private static final Pattern BY_DESTINATION = Pattern.compile("art(\\d\\d)(act|hab|mix|rou|fer|inc)(\\d\\d)");
    private static final int LISTED = 100;

    /** One commune's figures over the years: year → {total, act, hab, mix, rou, fer, inc}. */
    record Commune(String code, Map<Integer, double[]> years) {
    }

    private final DataSource dataSource;

    FichiersFonciers(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Imports the CSV; lines of communes outside {@code known} (the national file) are counted and skipped.
     * Returns the import report; throws {@link OcsInputException} for bad input, with the lines at fault.
     */
    Map<String, Object> importCsv(InputStream in, Set<String> known, String username, String source)
            throws IOException {
        List<Commune> communes = new ArrayList<>();
        int skipped = 0;
        List<String> problems = new ArrayList<>();
        int problemCount = 0;
        TreeSet<Integer> years = new TreeSet<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String headerLine = r.readLine();
            if (headerLine == null || headerLine.isBlank()) {
                throw new OcsInputException(400, "the body is empty: send the Cerema consumption CSV");
            }
            headerLine = headerLine.replace("\uFEFF", "");
            char separator = headerLine.indexOf(';') >= 0 ? ';' : ',';
            List<String> header = Csv.split(headerLine, separator).stream()
                    .map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
            int idcom = header.indexOf("idcom");
            // column index → {year, slot}: slot 0 the total, 1.. the destinations
            Map<Integer, int[]> columns = new TreeMap<>();
            for (int i = 0; i < header.size(); i++) {
                Matcher t = TOTAL.matcher(header.get(i));
                Matcher d = BY_DESTINATION.matcher(header.get(i));
                if (t.matches() && oneYear(t.group(1), t.group(2))) {
                    columns.put(i, new int[] {2000 + Integer.parseInt(t.group(1)), 0});
                } else if (d.matches() && oneYear(d.group(1), d.group(3))) {
                    columns.put(i, new int[] {2000 + Integer.parseInt(d.group(1)),
                        1 + DESTINATIONS.indexOf(d.group(2))});
                }
            }
            if (idcom < 0 || columns.isEmpty()) {
                throw new OcsInputException(422, "not a Cerema consumption file: it needs an idcom column and yearly"
                        + " columns such as naf11art12 or art11hab12; columns seen: "
                        + header.subList(0, Math.min(header.size(), 20)),
                        Map.of("missingFields", idcom < 0 ? List.of("idcom") : List.of("nafYYartZZ")));
            }
            Set<Integer> withTotal = new TreeSet<>();
            columns.values().forEach(c -> {
                years.add(c[0]);
                if (c[1] == 0) {
                    withTotal.add(c[0]);
                }
            });
            Set<String> seen = new java.util.HashSet<>();
            String line;
            int number = 1;
            while ((line = r.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                List<String> cells = Csv.split(line, separator);
                String code = idcom < cells.size() ? cells.get(idcom).trim() : "";
                if (code.matches("\\d{4}")) {
                    code = "0" + code; // a spreadsheet dropped the leading zero
                }
                if (!code.matches("\\d{5}|2[AB]\\d{3}")) {
                    problemCount++;
                    if (problems.size() < LISTED) {
                        problems.add("line " + number + ": idcom '" + code + "' is not an INSEE commune code");
                    }
                    continue;
                }
                if (!known.contains(code)) {
                    skipped++;
                    continue;
                }
                if (!seen.add(code)) {
                    problemCount++;
                    if (problems.size() < LISTED) {
                        problems.add("line " + number + ": commune " + code + " is listed twice");
                    }
                    continue;
                }
                Map<Integer, double[]> values = new TreeMap<>();
                boolean bad = false;
                for (Map.Entry<Integer, int[]> col : columns.entrySet()) {
                    String cell = col.getKey() < cells.size() ? cells.get(col.getKey()).trim() : "";
                    double v;
                    try {
                        v = cell.isEmpty() ? 0 : Double.parseDouble(cell.replace(',', '.'));
                    } catch (NumberFormatException e) {
                        v = Double.NaN;
                    }
                    if (!(v >= 0) || Double.isInfinite(v)) {
                        bad = true;
                        problemCount++;
                        if (problems.size() < LISTED) {
                            problems.add("line " + number + " (" + code + "): " + header.get(col.getKey()) + " = '"
                                    + cell + "' is not a surface in m²");
                        }
                        continue;
                    }
                    values.computeIfAbsent(col.getValue()[0], y -> new double[1 + DESTINATIONS.size()])
                            [col.getValue()[1]] = v;
                }
                if (bad) {
                    continue;
                }
                for (Map.Entry<Integer, double[]> e : values.entrySet()) {
                    if (!withTotal.contains(e.getKey())) {
                        // no total column for that year: the sum of the destinations
                        double sum = 0;
                        for (int i = 1; i < e.getValue().length; i++) {
                            sum += e.getValue()[i];
                        }
                        e.getValue()[0] = sum;
                    }
                }
                communes.add(new Commune(code, values));
            }
        }
        if (problemCount > 0) {
            throw new OcsInputException(422, "nothing imported: " + problemCount + " problems in the file, "
                    + problems.get(0), Map.of("problems", problems, "problemCount", problemCount));
        }
        if (communes.isEmpty()) {
            throw new OcsInputException(422, "no commune of Grand Est in the file (" + skipped + " other communes)");
        }
        long id = store(communes, years, username, source);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("importId", id);
        report.put("communes", communes.size());
        report.put("otherCommunesSkipped", skipped);
        report.put("firstYear", years.first());
        report.put("lastYear", years.last());
        report.put("years", years.size());
        return report;
    }

    private static boolean oneYear(String from, String to) {
        return Integer.parseInt(to) == Integer.parseInt(from) + 1;
    }

    private long store(List<Commune> communes, TreeSet<Integer> years, String username, String source) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long id;
                try (PreparedStatement s = c.prepareStatement("INSERT INTO ff_import (source_name, username,"
                        + " communes, first_year, last_year, imported_at) VALUES (?, ?, ?, ?, ?, ?)",
                        new String[] {"id"})) {
                    s.setString(1, source);
                    s.setString(2, username);
                    s.setInt(3, communes.size());
                    s.setInt(4, years.first());
                    s.setInt(5, years.last());
                    s.setTimestamp(6, Timestamp.from(Instant.now()));
                    s.executeUpdate();
                    try (ResultSet keys = s.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                }
                try (PreparedStatement delete = c.prepareStatement("DELETE FROM ff_consumption WHERE commune = ?");
                        PreparedStatement insert = c.prepareStatement("INSERT INTO ff_consumption (commune,"
                                + " consumption_year, total, activity, habitat, mixed, road, rail, undetermined, import_id)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    for (Commune commune : communes) {
                        delete.setString(1, commune.code());
                        delete.addBatch();
                        for (Map.Entry<Integer, double[]> e : commune.years().entrySet()) {
                            insert.setString(1, commune.code());
                            insert.setInt(2, e.getKey());
                            for (int i = 0; i < e.getValue().length; i++) {
                                insert.setDouble(3 + i, e.getValue()[i]);
                            }
                            insert.setLong(10, id);
                            insert.addBatch();
                        }
                    }
                    delete.executeBatch();
                    insert.executeBatch();
                }
                c.commit();
                return id;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the fichiers fonciers: " + e.getMessage(), e);
        }
    }

    /** The imported figures of these communes (those without any are absent). */
    static Map<String, Map<Integer, double[]>> of(Connection c, Collection<String> communes) throws SQLException {
        Map<String, Map<Integer, double[]>> result = new HashMap<>();
        List<String> list = new ArrayList<>(communes);
        for (int from = 0; from < list.size(); from += 500) {
            List<String> part = list.subList(from, Math.min(list.size(), from + 500));
            try (PreparedStatement s = c.prepareStatement("SELECT commune, consumption_year, total, activity,"
                    + " habitat, mixed, road, rail, undetermined FROM ff_consumption WHERE commune IN ("
                    + String.join(",", Collections.nCopies(part.size(), "?")) + ")")) {
                for (int i = 0; i < part.size(); i++) {
                    s.setString(1 + i, part.get(i));
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        double[] v = new double[1 + DESTINATIONS.size()];
                        for (int i = 0; i < v.length; i++) {
                            v[i] = rs.getDouble(3 + i);
                        }
                        result.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getInt(2), v);
                    }
                }
            }
        }
        return result;
    }

    /** The imports, newest first. */
    List<Map<String, Object>> imports() {
        List<Map<String, Object>> list = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT id, source_name, username, communes, first_year,"
                        + " last_year, imported_at FROM ff_import ORDER BY id DESC");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", rs.getLong(1));
                m.put("source", rs.getString(2));
                m.put("username", rs.getString(3));
                m.put("communes", rs.getInt(4));
                m.put("firstYear", rs.getInt(5));
                m.put("lastYear", rs.getInt(6));
                m.put("importedAt", rs.getTimestamp(7).toInstant().toString());
                list.add(m);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the fichiers fonciers imports: " + e.getMessage(), e);
        }
        return list;
    }
}
