package fr.datagrandest.platform.core.storage;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;

import fr.datagrandest.platform.api.storage.StorageHeaders;

/**
 * Gives every started bundle that declares {@code DGE-Storage-Schema} its schema and DataSource (see
 * {@link StorageHeaders}). It acts while the bundle starts, so the DataSource is there before the bundle's own
 * components look for it, and removes it when the bundle stops; an updated bundle's new migrations are applied
 * when it starts again.
 */
@Component(service = {})
public class SchemaExtender {

    static final long RETRY_SECONDS = 10;

    private final Database database;
    private final SchemaMigrator migrator;
    private final Map<String, Long> owners = new ConcurrentHashMap<>();
    private final BundleTracker<BundleStorage> tracker;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
            r -> new Thread(r, "dge-storage-retry"));

    @Activate
    public SchemaExtender(BundleContext context, @Reference Database database) {
        this.database = database;
        this.migrator = new SchemaMigrator(database);
        this.tracker = new BundleTracker<>(context, Bundle.STARTING | Bundle.ACTIVE, new Customizer());
        tracker.open();
        retries.scheduleWithFixedDelay(() -> tracker.getTracked().values().forEach(BundleStorage::retryIfWaitingForDatabase),
                RETRY_SECONDS, RETRY_SECONDS, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        retries.shutdownNow();
        tracker.close();
    }

    private final class Customizer implements BundleTrackerCustomizer<BundleStorage> {

        @Override
        public BundleStorage addingBundle(Bundle bundle, BundleEvent event) {
            String schema = bundle.getHeaders("").get(StorageHeaders.SCHEMA_HEADER);
            if (schema == null) {
                return null;
            }
            BundleStorage storage = new BundleStorage(bundle, schema, database, migrator, owners);
            storage.start();
            return storage;
        }

        @Override
        public void modifiedBundle(Bundle bundle, BundleEvent event, BundleStorage storage) {
            // STARTING to ACTIVE: nothing changes
        }

        @Override
        public void removedBundle(Bundle bundle, BundleEvent event, BundleStorage storage) {
            storage.close();
        }
    }
}
