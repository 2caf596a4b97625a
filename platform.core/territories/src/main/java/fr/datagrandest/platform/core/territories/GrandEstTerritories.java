package fr.datagrandest.platform.core.territories;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTWriter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.datagrandest.platform.api.health.HealthCheck;
import fr.datagrandest.platform.api.health.HealthResult;
import fr.datagrandest.platform.api.territory.CoordinateSystem;
import fr.datagrandest.platform.api.territory.Territory;
import fr.datagrandest.platform.api.territory.TerritoryLevel;
import fr.datagrandest.platform.api.territory.TerritoryService;

/**
 * The territories of Grand Est (COG 2026) from the data shipped in this bundle. Names, codes and nesting are
 * read on a thread of their own as soon as the component activates, so the platform's start does not wait for
 * them; a call that comes earlier waits for the read to finish. Outlines are read per level on first use. It
 * also reports its health: the counts, and whether reading failed.
 */
@Component(service = {TerritoryService.class, HealthCheck.class},
        property = HealthCheck.NAME + "=territories")
public class GrandEstTerritories implements TerritoryService, HealthCheck {

    private static final Logger LOG = LoggerFactory.getLogger(GrandEstTerritories.class);
    /** How long a health check waits for the first read, which takes a fraction of a second. */
    private static final long HEALTH_WAIT_MILLIS = 1000;

    /** What is read at activation. */
    private record Loaded(TerritoryIndex index, Outlines outlines) {
    }

    private final CompletableFuture<Loaded> loading;
    private volatile Lambert93 lambert93;
    private volatile String outlineFailure;

    @Activate
    public GrandEstTerritories() {
        loading = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("territories-loader").start(() -> {
            try {
                loading.complete(load());
            } catch (IOException | RuntimeException e) {
                LOG.error("The territories could not be read: {}", e.getMessage());
                loading.completeExceptionally(e);
            }
        });
    }

    private static Loaded load() throws IOException {
        long start = System.nanoTime();
        AdminData data = AdminData.readBundled();
        Loaded loaded = new Loaded(new TerritoryIndex(data), new Outlines(data.region().code()));
        LOG.info("Territories of {} read in {} ms: {}", data.region().name(), (System.nanoTime() - start) / 1_000_000,
                counts(loaded.index()));
        return loaded;
    }

    @Override
    public Optional<Territory> get(TerritoryLevel level, String code) {
        return level == null ? Optional.empty() : loaded().index().get(level, code);
    }

    @Override
    public List<Territory> search(String query, Optional<TerritoryLevel> level, int limit) {
        return loaded().index().search(query, level == null ? Optional.empty() : level, limit);
    }

    @Override
    public List<Territory> parents(Territory territory) {
        return loaded().index().parents(territory);
    }

    @Override
    public List<Territory> children(Territory territory, TerritoryLevel childLevel) {
        return loaded().index().children(territory, childLevel);
    }

    @Override
    public Optional<String> geometryWkt(Territory territory, CoordinateSystem crs) {
        return outline(territory, crs).map(geometry -> new WKTWriter().write(geometry));
    }

    @Override
    public Optional<double[]> boundingBox(Territory territory, CoordinateSystem crs) {
        return outline(territory, crs).map(geometry -> {
            Envelope envelope = geometry.getEnvelopeInternal();
            return new double[] {envelope.getMinX(), envelope.getMinY(), envelope.getMaxX(), envelope.getMaxY()};
        });
    }

    @Override
    public HealthResult check() {
        Loaded loaded;
        try {
            loaded = loading.get(HEALTH_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return HealthResult.degraded("still reading the territories");
        } catch (ExecutionException e) {
            return HealthResult.down("the territories could not be read: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HealthResult.degraded("interrupted while waiting for the territories");
        }
        String failure = outlineFailure;
        if (failure != null) {
            return HealthResult.degraded(failure);
        }
        Set<TerritoryLevel> levels = loaded.outlines().loadedLevels();
        return HealthResult.up(counts(loaded.index()) + "; outlines read: " + (levels.isEmpty() ? "none yet"
                : levels.stream().map(l -> l.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "))));
    }

    private Loaded loaded() {
        try {
            return loading.join();
        } catch (CompletionException e) {
            throw new IllegalStateException("the territories could not be read: " + e.getCause().getMessage(), e);
        }
    }

    private Optional<Geometry> outline(Territory territory, CoordinateSystem crs) {
        Objects.requireNonNull(crs, "crs");
        Loaded loaded = loaded();
        if (territory == null || loaded.index().get(territory.level(), territory.code()).isEmpty()) {
            return Optional.empty();
        }
        Optional<Geometry> wgs84;
        try {
            wgs84 = loaded.outlines().of(territory.level(), territory.code());
        } catch (UncheckedIOException e) {
            outlineFailure = e.getMessage();
            LOG.error("Outlines unavailable: {}", e.getMessage());
            throw e;
        }
        return crs == CoordinateSystem.LAMBERT93 ? wgs84.map(lambert93()::project) : wgs84;
    }

    /** Made on first use: most deployments never ask for Lambert-93, and proj4j takes time to set up. */
    private Lambert93 lambert93() {
        Lambert93 projection = lambert93;
        if (projection == null) {
            // Two threads may both make one; they are equivalent, so the race is harmless.
            projection = new Lambert93();
            lambert93 = projection;
        }
        return projection;
    }

    private static String counts(TerritoryIndex index) {
        return index.count(TerritoryLevel.COMMUNE) + " communes, " + index.count(TerritoryLevel.EPCI) + " EPCI, "
                + index.count(TerritoryLevel.DEPARTEMENT) + " départements, " + index.count(TerritoryLevel.REGION)
                + " région";
    }
}
