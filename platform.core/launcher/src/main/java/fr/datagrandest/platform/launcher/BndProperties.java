package fr.datagrandest.platform.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Reads the small subset of the bnd file format the launcher needs: properties and comma-separated clauses. */
final class BndProperties {

    private BndProperties() {
    }

    /** Reads a bnd file; {@code -include} files (with {@code ${.}} for the including file's folder) are read first. */
    static Map<String, String> read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Map<String, String> result = new LinkedHashMap<>();
        String include = properties.getProperty("-include");
        if (include != null) {
            for (String included : clauses(include)) {
                String path = included.replace("${.}", file.toAbsolutePath().getParent().toString()).replaceFirst("^[-~]", "");
                result.putAll(read(file.toAbsolutePath().getParent().resolve(path)));
            }
        }
        properties.forEach((k, v) -> result.put(k.toString(), v.toString()));
        result.remove("-include");
        return result;
    }

    /** The value of a bnd merged property: {@code key} and every {@code key.*}, joined by commas. */
    static String merged(Map<String, String> properties, String key) {
        StringBuilder value = new StringBuilder();
        properties.forEach((k, v) -> {
            if ((k.equals(key) || k.startsWith(key + ".")) && !v.isBlank()) {
                value.append(value.length() == 0 ? "" : ",").append(v);
            }
        });
        return value.toString();
    }

    /** Splits on commas that are not inside double quotes; blank clauses are dropped. */
    static List<String> clauses(String value) {
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : value.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                add(result, current);
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        add(result, current);
        return result;
    }

    private static void add(List<String> result, StringBuilder clause) {
        String text = clause.toString().strip();
        if (!text.isEmpty()) {
            result.add(text);
        }
    }
}
