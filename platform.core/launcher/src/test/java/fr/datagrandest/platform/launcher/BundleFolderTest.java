package fr.datagrandest.platform.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** How a provider's plain list of plugins is completed with what those plugins need. */
class BundleFolderTest {

    // As bnd writes them for Declarative Services components
    static final String OCS_REQUIREMENTS = "osgi.extender;filter:=\"(&(osgi.extender=dge.storage)(version>=1.0))\","
            + "osgi.service;filter:=\"(objectClass=fr.datagrandest.platform.api.territory.TerritoryService)\";effective:=active,"
            + "osgi.service;filter:=\"(objectClass=fr.datagrandest.plugin.ocs.core.OcsService)\";effective:=active,"
            + "osgi.service;filter:=\"(objectClass=fr.datagrandest.plugin.maps.MapLayers)\";effective:=active;resolution:=optional,"
            + "osgi.service;filter:=\"(objectClass=fr.datagrandest.platform.api.portal.PortalContribution)\";effective:=active;"
            + "resolution:=optional;cardinality:=multiple,"
            + "osgi.service;filter:=\"(osgi.jakartars.media.type=application/json)\";effective:=active";
    static final String TERRITORY_CAPABILITIES = "osgi.service;objectClass:List<String>=\"fr.datagrandest.platform.api.health.HealthCheck,"
            + "fr.datagrandest.platform.api.territory.TerritoryService\";uses:=\"fr.datagrandest.platform.api.health\","
            + "osgi.service;objectClass:List<String>=\"jakarta.servlet.Servlet\";uses:=\"jakarta.servlet\"";

    @Test
    void onlyMandatoryServiceRequirementsAreNeeded() {
        assertEquals(Set.of("fr.datagrandest.platform.api.territory.TerritoryService", "fr.datagrandest.plugin.ocs.core.OcsService"),
                BundleFolder.neededServices(OCS_REQUIREMENTS));
        assertEquals(Set.of("fr.datagrandest.platform.api.health.HealthCheck", "fr.datagrandest.platform.api.territory.TerritoryService",
                "jakarta.servlet.Servlet"), BundleFolder.providedServices(TERRITORY_CAPABILITIES));
    }

    @Test
    void aListedPluginBringsTheBundlesOfTheServicesItCannotDoWithout() {
        BundleFolder.Entry ocs = entry("fr.datagrandest.plugin.ocs.core", Set.of("org.locationtech.jts.geom"),
                Set.of("fr.datagrandest.plugin.ocs.core.OcsService"), BundleFolder.neededServices(OCS_REQUIREMENTS));
        BundleFolder.Entry territories = entry("fr.datagrandest.platform.core.territories", Set.of(),
                BundleFolder.providedServices(TERRITORY_CAPABILITIES), Set.of());
        BundleFolder.Entry jts = new BundleFolder.Entry("org.locationtech.jts.jts-core", "1.20.0", Path.of("jts.jar"),
                Set.of("org.locationtech.jts.geom"), Set.of(), Set.of(), Set.of());
        BundleFolder.Entry maps = entry("fr.datagrandest.plugin.maps.core", Set.of(), Set.of("fr.datagrandest.plugin.maps.MapLayers"), Set.of());
        Map<String, BundleFolder.Entry> shipped = Map.of(ocs.symbolicName(), ocs, territories.symbolicName(), territories,
                jts.symbolicName(), jts, maps.symbolicName(), maps);

        Set<String> started = BundleFolder.withDependencies(Map.of(ocs.symbolicName(), ocs), shipped).keySet();

        assertEquals(Set.of("fr.datagrandest.plugin.ocs.core", "fr.datagrandest.platform.core.territories",
                "org.locationtech.jts.jts-core"), started, "an optional service (maps) does not come along");
    }

    private static BundleFolder.Entry entry(String name, Set<String> imports, Set<String> services, Set<String> needed) {
        return new BundleFolder.Entry(name, "1.0.0", Path.of(name + ".jar"), Set.of(), imports, services, needed);
    }
}
