package fr.datagrandest.platform.api.maps;

import java.io.IOException;
import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A layer of vector features that a plugin hands to the map services, on the whiteboard pattern: the plugin
 * registers this service; while a map plugin runs, it publishes the layer through its services (map images,
 * features, tiles, viewer) under {@link #id()} and withdraws it when the service goes away. Nothing needs the map
 * plugin to be there.
 * <p>
 * The map plugin keeps its own copy of the features. It reads them when the service appears and again each time
 * the service property {@value #VERSION} changes (the provider calls
 * {@link org.osgi.framework.ServiceRegistration#setProperties} with a new value after its data changed).
 */
@ConsumerType
public interface LayerSource {

    /** Service property: the layer identifier, the same as {@link #id()}. */
    String ID = "dge.layer.id";

    /** Service property (a {@code Long}): changes whenever the features, the description or the symbology change. */
    String VERSION = "dge.layer.version";

    /**
     * The identifier of the layer in URLs: 1 to 63 lower-case letters, digits, {@code -} or {@code _}, starting with
     * a letter or digit. Prefix it with the plugin's name ({@code ocs-…}) so that it does not clash with layers
     * published by users; a clash is refused by the map plugin, which keeps the existing layer.
     */
    String id();

    /** What users read about the layer and how it is drawn. */
    LayerDescription description();

    /**
     * Hands every feature of the layer to {@code sink}, in a stable order.
     *
     * @throws IOException if the features cannot be read now; the map plugin keeps what it had and tries again at the
     *                     next version
     */
    void features(FeatureSink sink) throws IOException;

    /** Receives the features of a layer one by one. */
    @FunctionalInterface
    interface FeatureSink {

        /**
         * One feature.
         *
         * @param id         its identifier, unique in the layer
         * @param wkb        its geometry as Well-Known Binary, in the layer's {@link LayerDescription#srid()}
         * @param properties its attributes: strings, numbers and booleans (others are written as text)
         */
        void feature(String id, byte[] wkb, Map<String, Object> properties);
    }
}
