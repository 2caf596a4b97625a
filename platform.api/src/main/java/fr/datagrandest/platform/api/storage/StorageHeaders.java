package fr.datagrandest.platform.api.storage;

/**
 * How a plugin asks the kernel for a database.
 * <p>
 * A bundle whose manifest carries {@code DGE-Storage-Schema: catalog} gets a schema of that name. The kernel
 * applies the bundle's migrations (files {@code db/migration/V<n>__<description>.sql} inside the bundle, in
 * order of {@code n}, each once, each in a transaction where the database allows it), then registers a
 * {@code javax.sql.DataSource} service with the property {@link #SCHEMA} set to the schema name. A plugin
 * references it with {@code @Reference(target = "(dge.storage.schema=catalog)")}.
 */
public final class StorageHeaders {

    /** Manifest header naming the schema a bundle owns. */
    public static final String SCHEMA_HEADER = "DGE-Storage-Schema";
    /** Folder inside the bundle that holds its SQL migrations. */
    public static final String MIGRATION_FOLDER = "db/migration";
    /** DataSource service property: the schema name. */
    public static final String SCHEMA = "dge.storage.schema";
    /** DataSource service property: {@code "h2"} or {@code "postgresql"}, for the rare SQL that differs. */
    public static final String DIALECT = "dge.storage.dialect";

    private StorageHeaders() {
    }
}
