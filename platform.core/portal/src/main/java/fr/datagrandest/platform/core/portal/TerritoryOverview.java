package fr.datagrandest.platform.core.portal;

import java.util.List;
import java.util.Optional;

import fr.datagrandest.platform.api.portal.PortalLink;
import fr.datagrandest.platform.api.territory.Territory;
import fr.datagrandest.platform.api.territory.TerritoryLevel;

/**
 * Everything the territory page shows.
 *
 * @param territory  the territory (only its level and code are meaningful when {@code known} is false)
 * @param known      true when the territory service confirmed it; false when that service is absent
 * @param offers     what the plugins offer for it
 * @param parents    the territories that contain it
 * @param childLevel the level of the territories directly inside it, if any
 * @param children   the territories directly inside it
 */
record TerritoryOverview(Territory territory, boolean known, List<PortalLink> offers, List<Territory> parents,
        Optional<TerritoryLevel> childLevel, List<Territory> children) {
}
