package fr.datagrandest.platform.api.events;

/**
 * EventAdmin topics the platform posts. Event properties are documented per topic; every event carries
 * {@code bundle.symbolicName} when it concerns a module.
 */
public final class PlatformTopics {

    /** A module was installed, updated, rolled back, started, stopped or uninstalled ({@code action}, {@code version}). */
    public static final String MODULE_CHANGED = "fr/datagrandest/platform/module/CHANGED";
    /** A catalogue record was published or changed ({@code record.id}). */
    public static final String RECORD_CHANGED = "fr/datagrandest/platform/catalog/RECORD_CHANGED";
    /** A map layer was published, changed or removed ({@code layer.id}). */
    public static final String LAYER_CHANGED = "fr/datagrandest/platform/maps/LAYER_CHANGED";

    private PlatformTopics() {
    }
}
