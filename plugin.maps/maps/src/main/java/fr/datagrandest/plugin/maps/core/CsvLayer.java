package fr.datagrandest.plugin.maps.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * Reads a CSV layer: a header line, ',' or ';' separated (RFC 4180 quotes), with either a WKT column
 * ({@code wkt}, {@code geom}, {@code geometry}, {@code the_geom}) or coordinate columns ({@code lon}/{@code lat},
 * {@code longitude}/{@code latitude}, {@code x}/{@code y}). Other columns become properties; a value that is a
 * plain number without a leading zero becomes a number (so INSEE codes such as 08001 stay text).
 */
final class CsvLayer {

    private static final GeometryFactory FACTORY = new GeometryFactory();

    private CsvLayer() {
    }

    static LayerImport.Imported read(BufferedReader in, Crs crs) throws IOException {
        String headerLine = in.readLine();
        if (headerLine == null) {
            throw new BadInputException("the CSV file is empty");
        }
        if (headerLine.startsWith("\uFEFF")) {
            headerLine = headerLine.substring(1);
        }
        char separator = count(headerLine, ';') > count(headerLine, ',') ? ';' : ',';
        List<String> header = split(headerLine, separator);
        int wkt = -1;
        int x = -1;
        int y = -1;
        for (int i = 0; i < header.size(); i++) {
            String h = header.get(i).trim().toLowerCase(Locale.ROOT);
            switch (h) {
                case "wkt", "geom", "geometry", "the_geom" -> wkt = i;
                case "lon", "lng", "longitude", "x" -> x = i;
                case "lat", "latitude", "y" -> y = i;
                default -> { }
            }
        }
        if (wkt < 0 && (x < 0 || y < 0)) {
            throw new BadInputException("the CSV needs a WKT column (wkt, geom, geometry) or lon/lat (or x/y) columns;"
                    + " its columns are " + header);
        }
        WKTReader reader = new WKTReader(FACTORY);
        List<MapFeature> features = new ArrayList<>();
        String line;
        int lineNumber = 1;
        while ((line = in.readLine()) != null) {
            lineNumber++;
            // A quoted value may hold line breaks: read on until the quotes are balanced.
            while (count(line, '"') % 2 == 1) {
                String more = in.readLine();
                if (more == null) {
                    throw new BadInputException("CSV line " + lineNumber + ": a quoted value is not closed");
                }
                line = line + "\n" + more;
            }
            if (line.isBlank()) {
                continue;
            }
            List<String> values = split(line, separator);
            Geometry g;
            try {
                if (wkt >= 0) {
                    g = reader.read(value(values, wkt));
                } else {
                    g = FACTORY.createPoint(new Coordinate(number(value(values, x)), number(value(values, y))));
                }
            } catch (ParseException | NumberFormatException e) {
                throw new BadInputException("CSV line " + lineNumber + ": the geometry cannot be read ("
                        + (e.getMessage() == null ? "bad number" : e.getMessage().split("\n")[0]) + ")");
            }
            Map<String, Object> props = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                if (i != wkt && i != x && i != y) {
                    props.put(header.get(i).trim(), typed(value(values, i)));
                }
            }
            features.add(new MapFeature(features.size() + 1, crs.toWgs84(g), props));
        }
        if (features.isEmpty()) {
            throw new BadInputException("the CSV holds a header but no row");
        }
        return new LayerImport.Imported(features, crs.code(), "CSV");
    }

    private static double number(String s) {
        return Double.parseDouble(s.trim().replace(',', '.'));
    }

    private static String value(List<String> values, int i) {
        return i < values.size() ? values.get(i) : "";
    }

    private static Object typed(String v) {
        if (v.isEmpty()) {
            return null;
        }
        if (v.matches("-?(0|[1-9]\\d{0,17})")) {
            return Long.parseLong(v);
        }
        if (v.matches("-?(0|[1-9]\\d*)\\.\\d+")) {
            return Double.parseDouble(v);
        }
        return v;
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }

    /** One CSV record, RFC 4180 quoting ("" is a quote inside a quoted value). */
    static List<String> split(String line, char separator) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    b.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    b.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == separator) {
                out.add(b.toString());
                b.setLength(0);
            } else {
                b.append(c);
            }
        }
        out.add(b.toString());
        return out;
    }
}
