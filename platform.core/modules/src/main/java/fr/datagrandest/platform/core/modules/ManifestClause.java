package fr.datagrandest.platform.core.modules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One clause of an OSGi manifest header ({@code name;attr=value;directive:=value}), with the parser for whole
 * headers. Several names may share one set of parameters ({@code a;b;version=1}); each gets its own clause.
 */
record ManifestClause(String name, Map<String, String> attributes, Map<String, String> directives) {

    static List<ManifestClause> parse(String header) {
        List<ManifestClause> clauses = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return clauses;
        }
        for (String clause : split(header, ',')) {
            List<String> names = new ArrayList<>();
            Map<String, String> attributes = new LinkedHashMap<>();
            Map<String, String> directives = new LinkedHashMap<>();
            for (String part : split(clause, ';')) {
                int directive = part.indexOf(":=");
                int attribute = part.indexOf('=');
                if (directive > 0 && directive <= attribute - 1) {
                    directives.put(part.substring(0, directive).strip(), unquote(part.substring(directive + 2)));
                } else if (attribute > 0) {
                    String key = part.substring(0, attribute).strip();
                    int typed = key.indexOf(':');
                    attributes.put(typed > 0 ? key.substring(0, typed).strip() : key, unquote(part.substring(attribute + 1)));
                } else {
                    names.add(part.strip());
                }
            }
            for (String name : names) {
                clauses.add(new ManifestClause(name, attributes, directives));
            }
        }
        return clauses;
    }

    boolean optional() {
        return "optional".equals(directives.get("resolution"));
    }

    /** Requirements with {@code effective:=active} (service requirements, for instance) do not take part in resolution. */
    boolean effectiveAtResolve() {
        String effective = directives.get("effective");
        return effective == null || "resolve".equals(effective);
    }

    private static String unquote(String value) {
        String v = value.strip();
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : text.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                if (!current.toString().isBlank()) {
                    parts.add(current.toString().strip());
                }
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (!current.toString().isBlank()) {
            parts.add(current.toString().strip());
        }
        return parts;
    }
}
