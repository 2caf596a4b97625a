package fr.datagrandest.platform.core.portal;

import java.util.List;

import fr.datagrandest.platform.api.portal.PortalLink;
import fr.datagrandest.platform.api.territory.Territory;

/**
 * What the global search found.
 *
 * @param query       the query as searched (trimmed)
 * @param hits        the plugins' hits, in the order of the plugins
 * @param territories territories whose name or code matches, empty when the territory service is absent
 */
record SearchResults(String query, List<PortalLink> hits, List<Territory> territories) {

    boolean isEmpty() {
        return hits.isEmpty() && territories.isEmpty();
    }
}
