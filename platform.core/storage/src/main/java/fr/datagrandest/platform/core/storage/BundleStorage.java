package fr.datagrandest.platform.core.storage;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import javax.sql.DataSource;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.datagrandest.platform.api.health.HealthCheck;
import fr.datagrandest.platform.api.storage.StorageHeaders;

/**
 * The storage of one started bundle that declares {@code DGE-Storage-Schema}: its schema migrated, then a
 * DataSource registered on the bundle's behalf, or, when that fails, a DOWN health check in its place. Both go
 * away with the bundle.
 */
final class BundleStorage {

    private static final Logger LOG = LoggerFactory.getLogger(BundleStorage.class);

    private final Bundle bundle;
    private final String declaredSchema;
    private final Database database;
    private final SchemaMigrator migrator;
    /** Which bundle uses which schema, shared by all: a schema belongs to one bundle at a time. */
    private final Map<String, Long> owners;
    private ServiceRegistration<?> registration;
    private String ownedSchema;
    private boolean waitingForDatabase;
    private String lastFailure;
    private boolean closed;

    BundleStorage(Bundle bundle, String declaredSchema, Database database, SchemaMigrator migrator, Map<String, Long> owners) {
        this.bundle = bundle;
        this.declaredSchema = declaredSchema;
        this.database = database;
        this.migrator = migrator;
        this.owners = owners;
    }

    /** Migrates the schema and registers the DataSource, or registers the failure. */
    synchronized void start() {
        if (closed) {
            return;
        }
        unregister();
        waitingForDatabase = false;
        String schema;
        try {
            schema = SchemaName.check(declaredSchema);
        } catch (IllegalArgumentException e) {
            fail(StorageHeaders.SCHEMA_HEADER + ": " + e.getMessage(), null);
            return;
        }
        Long owner = owners.putIfAbsent(schema, bundle.getBundleId());
        if (owner != null && owner != bundle.getBundleId()) {
            fail("schema " + schema + " is already used by " + describe(bundle.getBundleContext() == null ? null
                    : bundle.getBundleContext().getBundle(owner)) + "; each bundle needs a schema of its own", null);
            return;
        }
        ownedSchema = schema;
        try {
            DataSource dataSource = migrator.provide(schema, MigrationFolder.of(bundle));
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put(StorageHeaders.SCHEMA, schema);
            properties.put(StorageHeaders.DIALECT, database.dialect().id());
            properties.put(Constants.SERVICE_DESCRIPTION, "schema " + schema + " of the " + database.description());
            registration = context().registerService(DataSource.class, dataSource, properties);
            if (lastFailure != null) {
                LOG.info("Storage: {}: schema {} is ready", describe(bundle), schema);
                lastFailure = null;
            }
        } catch (MigrationFailure e) {
            waitingForDatabase = e.transientFailure();
            String next = waitingForDatabase ? "trying again every " + SchemaExtender.RETRY_SECONDS + " s"
                    : e.script().isEmpty() ? "the bundle gets no DataSource; restart it once the database is fixed"
                    : "the bundle gets no DataSource until a corrected version is deployed";
            fail("schema " + schema + ": " + e.getMessage() + "; " + next, e);
        } catch (IllegalStateException e) {
            LOG.debug("{} stopped while its schema was prepared", describe(bundle), e);
        }
    }

    /** Tries again when the last attempt found the database unreachable or busy. */
    synchronized void retryIfWaitingForDatabase() {
        if (waitingForDatabase && !closed) {
            start();
        }
    }

    synchronized void close() {
        closed = true;
        unregister();
        if (ownedSchema != null) {
            owners.remove(ownedSchema, bundle.getBundleId());
        }
    }

    private void fail(String reason, Exception cause) {
        String message = describe(bundle) + ": " + reason;
        if (message.equals(lastFailure)) {
            LOG.debug("Storage: {}", message); // the same as at the previous attempt
        } else if (waitingForDatabase) {
            LOG.warn("Storage: {}", message);
        } else {
            LOG.error("Storage: {}", message);
        }
        lastFailure = message;
        if (cause != null) {
            LOG.debug("Storage failure of {}", describe(bundle), cause);
        }
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(HealthCheck.NAME, "storage");
        try {
            registration = context().registerService(HealthCheck.class, new StorageFailure(message), properties);
        } catch (IllegalStateException e) {
            LOG.debug("{} stopped while its schema was prepared", describe(bundle), e);
        }
    }

    private BundleContext context() {
        BundleContext context = bundle.getBundleContext();
        if (context == null) {
            throw new IllegalStateException(describe(bundle) + " is not started");
        }
        return context;
    }

    private void unregister() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already gone with its bundle
            }
            registration = null;
        }
    }

    private static String describe(Bundle bundle) {
        return bundle == null ? "another bundle" : "bundle " + bundle.getSymbolicName() + " " + bundle.getVersion();
    }
}
