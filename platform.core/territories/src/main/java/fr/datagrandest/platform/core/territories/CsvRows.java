package fr.datagrandest.platform.core.territories;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows of a comma-separated file with a header line (RFC 4180 quoting, one record per line), read by column
 * name.
 */
final class CsvRows {

    /** One data row; {@link #get} fails with the column name when the file lacks it. */
    record Row(Map<String, Integer> columns, List<String> values, int line) {

        String get(String column) {
            Integer index = columns.get(column);
            if (index == null) {
                throw new IllegalArgumentException("no column '" + column + "' in the file");
            }
            if (index >= values.size()) {
                throw new IllegalArgumentException("line " + line + " has no value for '" + column + "'");
            }
            return values.get(index);
        }

        long getLong(String column) {
            String value = get(column);
            try {
                return value.isEmpty() ? 0 : Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("line " + line + ": '" + column + "' is not a number: " + value, e);
            }
        }
    }

    private CsvRows() {
    }

    static List<Row> read(BufferedReader reader) throws IOException {
        String header = reader.readLine();
        if (header == null) {
            return List.of();
        }
        Map<String, Integer> columns = new HashMap<>();
        List<String> names = split(header.startsWith("\uFEFF") ? header.substring(1) : header);
        for (int i = 0; i < names.size(); i++) {
            columns.put(names.get(i), i);
        }
        List<Row> rows = new ArrayList<>();
        int line = 1;
        for (String text; (text = reader.readLine()) != null; ) {
            line++;
            if (!text.isBlank()) {
                rows.add(new Row(columns, split(text), line));
            }
        }
        return rows;
    }

    static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
