package fr.datagrandest.platform.core.storage;

/** The two databases the platform runs on, and the little SQL that differs between them. */
public enum Dialect {
    H2("h2"),
    POSTGRESQL("postgresql");

    private final String id;

    Dialect(String id) {
        this.id = id;
    }

    /** The value of the DataSource property {@code dge.storage.dialect}, also the folder of dialect-specific migrations. */
    public String id() {
        return id;
    }

    /** Makes the schema the default for unqualified names; PostGIS types and functions stay visible from public. */
    String useSchema(String schema) {
        return switch (this) {
            case H2 -> "SET SCHEMA " + quote(schema);
            case POSTGRESQL -> "SET search_path TO " + quote(schema) + ", public";
        };
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
