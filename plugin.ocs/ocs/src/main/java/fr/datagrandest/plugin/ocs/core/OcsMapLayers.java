package fr.datagrandest.plugin.ocs.core;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.locationtech.jts.geom.Geometry;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.datagrandest.platform.api.maps.LayerSource;
import fr.datagrandest.platform.api.territory.Territory;
import fr.datagrandest.platform.api.territory.TerritoryLevel;
import fr.datagrandest.platform.api.territory.TerritoryService;

/**
 * Offers the map layers of the imported vintages to the map services ({@link LayerSource} whiteboard: they are
 * published when plugin.maps runs, and nothing happens otherwise). The vintages are checked every few seconds, so
 * that an import or a deletion, on this node or another one sharing the database, shows on the maps without
 * this plugin's import code knowing about maps.
 */
@Component(service = {}, immediate = true)
public class OcsMapLayers {

    private static final Logger LOG = LoggerFactory.getLogger(OcsMapLayers.class);
    static final long CHECK_SECONDS = 5;

    private record Offered(long version, List<ServiceRegistration<LayerSource>> registrations) {
    }

    private final BundleContext context;
    private final OcsLayerSources sources;
    private final Map<String, Offered> offered = new HashMap<>();
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ocs-map-layers");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public OcsMapLayers(BundleContext context, @Reference OcsService ocs,
            @Reference(target = "(dge.storage.schema=ocs)") DataSource dataSource) {
        this.context = context;
        this.sources = new OcsLayerSources(dataSource, ocs.nomenclatures(), places(ocs));
        checker.scheduleWithFixedDelay(this::checkSafely, 0, CHECK_SECONDS, TimeUnit.SECONDS);
    }

    @Deactivate
    synchronized void deactivate() {
        checker.shutdownNow();
        offered.values().forEach(OcsMapLayers::withdraw);
        offered.clear();
    }

    private void checkSafely() {
        try {
            check();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("ocs: could not check the vintages for the map layers: {}", e.getMessage());
        }
    }

    /** Offers the layers of new vintages, withdraws those of deleted ones, replaces those of re-imported ones. */
    synchronized void check() throws SQLException {
        if (checker.isShutdown()) {
            return;
        }
        Set<String> current = new HashSet<>();
        for (OcsLayerSources.Vintage v : sources.vintages()) {
            current.add(v.key());
            Offered before = offered.get(v.key());
            if (before != null && before.version() == v.importedAt()) {
                continue;
            }
            if (before != null) {
                withdraw(before);
            }
            List<ServiceRegistration<LayerSource>> registrations = new ArrayList<>();
            for (LayerSource layer : sources.layers(v)) {
                Hashtable<String, Object> properties = new Hashtable<>();
                properties.put(LayerSource.ID, layer.id());
                properties.put(LayerSource.VERSION, v.importedAt());
                registrations.add(context.registerService(LayerSource.class, layer, properties));
            }
            offered.put(v.key(), new Offered(v.importedAt(), registrations));
            LOG.info("ocs: map layers of vintage {} offered", v.key());
        }
        for (String key : List.copyOf(offered.keySet())) {
            if (!current.contains(key)) {
                withdraw(offered.remove(key));
                LOG.info("ocs: map layers of vintage {} withdrawn", key);
            }
        }
    }

    private static void withdraw(Offered o) {
        for (ServiceRegistration<LayerSource> r : o.registrations()) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // the bundle is stopping: already gone
            }
        }
    }

    private static OcsLayerSources.Places places(OcsService ocs) {
        TerritoryService territories = ocs.territories();
        return new OcsLayerSources.Places() {
            @Override
            public String departementName(String departement) {
                return territories.get(TerritoryLevel.DEPARTEMENT, departement).map(Territory::name)
                        .orElse(departement);
            }

            @Override
            public Map<String, String> communeNames(String departement) {
                Map<String, String> names = new LinkedHashMap<>();
                territories.get(TerritoryLevel.DEPARTEMENT, departement).ifPresent(d -> territories
                        .children(d, TerritoryLevel.COMMUNE).forEach(c -> names.put(c.code(), c.name())));
                return names;
            }

            @Override
            public Map<String, Geometry> communeOutlines(String departement) {
                return ocs.communeOutlines(departement);
            }
        };
    }
}
