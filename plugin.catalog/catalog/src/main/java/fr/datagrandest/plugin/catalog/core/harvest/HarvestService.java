package fr.datagrandest.plugin.catalog.core.harvest;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.datagrandest.plugin.catalog.core.CatalogService;

/**
 * The harvest sources of the catalogue: kept in the database, harvested on demand and on their interval, one run
 * at a time per source (runs of different sources wait for each other: the 2-core servers this runs on are shared).
 */
@Component(service = HarvestService.class, configurationPid = HarvestService.PID)
@Designate(ocd = HarvestService.Config.class)
public class HarvestService {

    static final String PID = "fr.datagrandest.plugin.catalog.harvest";

    @ObjectClassDefinition(name = "Catalogue harvesting", description = "Where harvests of other catalogues may connect")
    public @interface Config {
        @AttributeDefinition(description = "Allow sources on this machine (loopback) and on private networks"
                + " (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7), for intranet catalogues. Link-local"
                + " (cloud metadata), multicast and reserved addresses are always refused.")
        boolean privateAddresses() default false;
    }

    private static final Logger LOG = LoggerFactory.getLogger(HarvestService.class);
    static final int PAGE_SIZE = 100;

    private final CatalogService catalog;
    private final HarvestStore store;
    private final Harvester harvester;
    private final Map<String, HarvestReport> running = new ConcurrentHashMap<>();
    private final ExecutorService runs = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "catalogue-harvest");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "catalogue-harvest-schedule");
        t.setDaemon(true);
        return t;
    });

    private volatile SourceAddresses addresses;

    @Activate
    public HarvestService(@Reference CatalogService catalog,
            @Reference(target = "(dge.storage.schema=catalog)") DataSource dataSource, Config config) {
        this(catalog, new HarvestStore(dataSource), PAGE_SIZE, config.privateAddresses());
        clock.scheduleWithFixedDelay(this::startDueHarvests, 1, 1, TimeUnit.MINUTES);
    }

    /** For tests outside OSGi: no schedule, runs on demand only. */
    public HarvestService(CatalogService catalog, HarvestStore store, int pageSize, boolean privateAddresses) {
        this.catalog = catalog;
        this.store = store;
        this.addresses = new SourceAddresses(privateAddresses);
        this.harvester = new Harvester(catalog, pageSize, addresses);
    }

    /** A changed setting applies to the next requests, without restarting the catalogue or a run under way. */
    @Modified
    void modified(Config config) {
        SourceAddresses changed = new SourceAddresses(config.privateAddresses());
        addresses = changed;
        harvester.addresses(changed);
        LOG.info("Harvests {} private addresses", changed.privateAllowed() ? "may now reach" : "now refuse");
    }

    @Deactivate
    public void stop() {
        clock.shutdownNow();
        runs.shutdownNow();
    }

    public HarvestSource create(String name, String protocol, String url, int intervalMinutes, String user) throws SQLException {
        HarvestSource.validate(name, protocol, url, intervalMinutes);
        try {
            addresses.check(java.net.URI.create(url.strip()));
        } catch (SourceAddresses.RefusedAddressException e) {
            throw new IllegalArgumentException("url: " + e.getMessage());
        }
        HarvestSource s = new HarvestSource(UUID.randomUUID().toString(), name.strip(), protocol.toLowerCase(Locale.ROOT),
                url.strip(), intervalMinutes, user, Instant.now());
        store.create(s);
        return s;
    }

    public List<HarvestSource> sources() throws SQLException {
        return store.sources();
    }

    public Optional<HarvestSource> source(String id) throws SQLException {
        return store.source(id);
    }

    /** The run under way (or queued) for a source, if any: its counters move as it goes. */
    public Optional<HarvestReport> progress(String sourceId) {
        return Optional.ofNullable(running.get(sourceId));
    }

    /** The latest reports of a source, newest first; a run cut short by a stop of the platform says so. */
    public List<HarvestReport> runs(String sourceId, int limit) throws SQLException {
        // The run in memory is read before and after the stored reports: a run stores its final report before it
        // leaves memory, so a report still "running" in the database belongs to one of them unless it was cut short.
        HarvestReport before = running.get(sourceId);
        List<HarvestReport> reports = store.runs(sourceId, limit);
        HarvestReport after = running.get(sourceId);
        for (HarvestReport r : reports) {
            boolean live = before != null && before.getId().equals(r.getId()) || after != null && after.getId().equals(r.getId());
            if (List.of("queued", "running").contains(r.getStatus()) && !live) {
                r.setStatus("failed");
                r.setError("interrupted: the platform or the catalogue stopped during the run; nothing removed");
            }
        }
        return reports;
    }

    /**
     * Removes a source, its reports and the records that came from it.
     *
     * @throws IllegalStateException while it is being harvested
     */
    public boolean delete(String id) throws SQLException, IOException {
        if (running.containsKey(id)) {
            throw new IllegalStateException("the source is being harvested: try again when the run ends");
        }
        if (store.source(id).isEmpty()) {
            return false;
        }
        for (String record : catalog.harvested(id).keySet()) {
            catalog.deleteHarvested(record, id);
        }
        catalog.commit();
        return store.delete(id);
    }

    /**
     * Queues a run of the source.
     *
     * @return the report of the new run, which fills in as it goes
     * @throws IllegalStateException when the source is already being harvested
     */
    public HarvestReport start(HarvestSource source) throws SQLException {
        HarvestReport report = new HarvestReport(UUID.randomUUID().toString(), source.id(), Instant.now());
        if (running.putIfAbsent(source.id(), report) != null) {
            throw new IllegalStateException("the source is already being harvested");
        }
        try {
            store.saveRun(report);
            runs.submit(() -> execute(source, report));
        } catch (SQLException | RuntimeException e) {
            running.remove(source.id(), report);
            throw e;
        }
        return report;
    }

    /** Runs the source now, in the calling thread (tests, benchmarks). */
    public HarvestReport runNow(HarvestSource source) throws SQLException {
        HarvestReport report = new HarvestReport(UUID.randomUUID().toString(), source.id(), Instant.now());
        if (running.putIfAbsent(source.id(), report) != null) {
            throw new IllegalStateException("the source is already being harvested");
        }
        store.saveRun(report);
        execute(source, report);
        return report;
    }

    private void execute(HarvestSource source, HarvestReport report) {
        try {
            report.running();
            harvester.run(source, report);
            LOG.info("Harvest of {} ({}): {}, {} added, {} updated, {} unchanged, {} removed, {} refused{}", source.name(),
                    source.url(), report.getStatus(), report.getAdded(), report.getUpdated(), report.getUnchanged(),
                    report.getRemoved(), report.getRefused(), report.getError() == null ? "" : ": " + report.getError());
        } finally {
            try {
                store.saveRun(report);
            } catch (SQLException e) {
                LOG.warn("The report of the harvest of {} could not be stored", source.name(), e);
            } finally {
                running.remove(source.id(), report);
            }
        }
    }

    /** Starts the sources whose interval has passed since their last run began (called every minute). */
    public void startDueHarvests() {
        try {
            for (HarvestSource s : store.sources()) {
                if (s.intervalMinutes() <= 0 || running.containsKey(s.id())) {
                    continue;
                }
                List<HarvestReport> last = store.runs(s.id(), 1);
                Instant since = last.isEmpty() ? s.createdAt() : Instant.parse(last.get(0).getStartedAt());
                if (Duration.between(since, Instant.now()).toMinutes() >= s.intervalMinutes()) {
                    try {
                        start(s);
                    } catch (IllegalStateException alreadyRunning) {
                        // started on demand meanwhile
                    }
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Scheduled harvests could not be checked", e);
        }
    }
}
