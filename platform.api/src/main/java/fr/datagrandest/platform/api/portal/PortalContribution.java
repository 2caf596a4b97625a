package fr.datagrandest.platform.api.portal;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

import fr.datagrandest.platform.api.territory.Territory;

/**
 * What a plugin adds to the portal shell. The shell asks every registered contribution each time it builds
 * a page, so a contribution appears when its plugin starts and disappears when it stops.
 * <p>
 * Methods must answer fast and must not throw; a failing contribution is left out of the page.
 */
@ConsumerType
public interface PortalContribution {

    /** The navigation entries of the plugin. */
    List<NavigationEntry> navigation();

    /** Hits of the global search box; {@code language} is {@code "fr"} or {@code "en"}. */
    default List<PortalLink> search(String query, String language, int limit) {
        return List.of();
    }

    /** What the plugin offers for a territory ("enter by territory"). */
    default List<PortalLink> forTerritory(Territory territory, String language) {
        return List.of();
    }
}
