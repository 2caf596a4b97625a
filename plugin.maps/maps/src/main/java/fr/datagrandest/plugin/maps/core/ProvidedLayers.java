package fr.datagrandest.plugin.maps.core;

import java.awt.Color;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.datagrandest.platform.api.maps.LayerDescription;
import fr.datagrandest.platform.api.maps.LayerSource;
import fr.datagrandest.platform.api.maps.LayerSymbology;

/**
 * Publishes the layers other plugins provide as {@link LayerSource} services (whiteboard): read when the service
 * appears and again when its {@value LayerSource#VERSION} property changes, withdrawn when it goes. The features are
 * read on one background thread, in the order the services came and went, so that a plugin's large layer never
 * holds up the framework's service events.
 */
@Component(service = {}, immediate = true)
public class ProvidedLayers {

    private static final Logger LOG = LoggerFactory.getLogger(ProvidedLayers.class);

    private final LayerRegistry registry;
    private final ExecutorService loader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "maps-provided-layers");
        t.setDaemon(true);
        return t;
    });
    /** Which source each provided layer id came from (touched on the loader thread only). */
    private final Map<String, LayerSource> owners = new HashMap<>();
    /** The version of each source that was read last (touched on the loader thread only). */
    private final Map<LayerSource, Object> versions = new HashMap<>();

    @Activate
    public ProvidedLayers(@Reference LayerRegistry registry) {
        this.registry = registry;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, updated = "updated", unbind = "removed")
    void added(LayerSource source, ServiceReference<LayerSource> reference) {
        Object version = reference.getProperty(LayerSource.VERSION);
        String provider = provider(reference);
        submit(() -> read(source, version, provider));
    }

    void updated(LayerSource source, ServiceReference<LayerSource> reference) {
        Object version = reference.getProperty(LayerSource.VERSION);
        String provider = provider(reference);
        submit(() -> {
            if (!java.util.Objects.equals(versions.get(source), version)) {
                read(source, version, provider);
            }
        });
    }

    void removed(LayerSource source) {
        submit(() -> withdraw(source));
    }

    @Deactivate
    void deactivate() {
        loader.shutdownNow();
        for (String id : List.copyOf(owners.keySet())) {
            registry.removeProvided(id);
        }
    }

    private void submit(Runnable task) {
        try {
            loader.execute(task);
        } catch (RejectedExecutionException e) {
            // deactivating: every provided layer is withdrawn
        }
    }

    private void read(LayerSource source, Object version, String provider) {
        String id;
        try {
            id = source.id();
            LayerRegistry.checkId(id);
        } catch (RuntimeException e) {
            LOG.warn("maps: a layer provided by {} is not published: {}", provider, e.getMessage());
            return;
        }
        LayerSource owner = owners.get(id);
        if (owner != null && owner != source) {
            LOG.warn("maps: layer '{}' of {} is not published: another plugin's layer has that id", id,
                    provider);
            return;
        }
        try {
            Layer layer = layer(id, source, provider);
            versions.put(source, version);
            if (registry.putProvided(layer)) {
                owners.put(id, source);
                LOG.info("maps: layer '{}' of {} published ({} features)", id, provider,
                        layer.features().size());
            } else {
                LOG.warn("maps: layer '{}' of {} is not published: a layer published here has that id", id,
                        provider);
            }
        } catch (Exception e) {
            // the layer keeps what it had; the next version is read again
            LOG.warn("maps: layer '{}' of {} could not be read: {}", id, provider, e.getMessage());
        }
    }

    private void withdraw(LayerSource source) {
        versions.remove(source);
        owners.entrySet().removeIf(e -> {
            if (e.getValue() == source) {
                registry.removeProvided(e.getKey());
                return true;
            }
            return false;
        });
    }

    private Layer layer(String id, LayerSource source, String provider) throws Exception {
        LayerDescription d = source.description();
        Crs crs = d.srid() == 4326 ? Crs.CRS84 : Crs.source(d.srid()).orElseThrow(
                () -> new IllegalArgumentException("its system EPSG:" + d.srid() + " is not one the map services know"));
        WKBReader reader = new WKBReader(new GeometryFactory());
        List<MapFeature> features = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        source.features((featureId, wkb, attributes) -> {
            try {
                Geometry g = reader.read(wkb);
                features.add(new MapFeature(features.size() + 1, crs.toWgs84(g), plain(attributes)));
            } catch (ParseException | RuntimeException e) {
                problems.add(featureId + ": " + e.getMessage());
            }
        });
        if (!problems.isEmpty()) {
            LOG.warn("maps: layer '{}' of {}: {} features left out, first: {}", id, provider,
                    problems.size(), problems.get(0));
        }
        LayerInfo info = new LayerInfo(id, d.title(), d.description(), d.keywords(), d.attribution(), d.licence(),
                d.theme().isBlank() ? null : d.theme(), "EPSG:" + d.srid(), "plugin " + provider);
        long version = registry.nextProvidedVersion();
        return new Layer(info, style(d.symbology()), version, version, features);
    }

    /** Attribute values the services can write: text, numbers and booleans; anything else as text. */
    private static Map<String, Object> plain(Map<String, Object> attributes) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (attributes != null) {
            attributes.forEach((k, v) -> out.put(k, v == null || v instanceof Number || v instanceof Boolean
                    || v instanceof String ? v : v.toString()));
        }
        return out;
    }

    static MapStyle style(LayerSymbology s) {
        MapStyle d = MapStyle.defaults();
        Color stroke = colour(s.stroke());
        List<MapStyle.StyleClass> classes = new ArrayList<>();
        for (LayerSymbology.SymbolClass c : s.classes()) {
            classes.add(new MapStyle.StyleClass(c.value(), c.min(), c.max(), colour(c.fill()), stroke, c.label()));
        }
        return new MapStyle(colour(s.fill()), stroke, d.strokeWidth(), d.pointSize(), s.label(), d.labelColor(),
                d.labelMinZoom(), s.property(), s.graduated(), classes, d.minScaleDenominator(),
                d.maxScaleDenominator());
    }

    private static Color colour(String hex) {
        int rgb = Integer.parseInt(hex.substring(1, 7), 16);
        int alpha = hex.length() == 9 ? Integer.parseInt(hex.substring(7, 9), 16) : 255;
        return new Color((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff, alpha);
    }

    private static String provider(ServiceReference<?> reference) {
        org.osgi.framework.Bundle bundle = reference.getBundle();
        return bundle == null ? "a stopped bundle" : bundle.getSymbolicName() + " " + bundle.getVersion();
    }
}
