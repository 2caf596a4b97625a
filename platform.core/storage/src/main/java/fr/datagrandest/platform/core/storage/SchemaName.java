package fr.datagrandest.platform.core.storage;

import java.util.Set;
import java.util.regex.Pattern;

/** The rules for a schema name declared with {@code DGE-Storage-Schema}. */
final class SchemaName {

    /** Lower-case, so the name means the same quoted or not, in H2 and PostgreSQL; 63 is PostgreSQL's limit. */
    private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final Set<String> RESERVED = Set.of("public", "information_schema");

    private SchemaName() {
    }

    /** Returns the name, or throws with a sentence saying what is wrong with it. */
    static String check(String declared) {
        String name = declared == null ? "" : declared.strip();
        if (!VALID.matcher(name).matches()) {
            throw new IllegalArgumentException("schema name '" + name + "' is not valid: use lower-case letters, digits "
                    + "and _, starting with a letter, at most 63 characters");
        }
        if (RESERVED.contains(name) || name.startsWith("pg_")) {
            throw new IllegalArgumentException("schema name '" + name + "' is reserved by the database");
        }
        return name;
    }
}
