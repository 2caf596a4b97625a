package fr.datagrandest.platform.core.portal;

import fr.datagrandest.platform.api.portal.PortalContribution;

/**
 * A registered contribution and the name it is known by in the logs.
 *
 * @param name         the contributing component's name (or its class when it has none)
 * @param contribution the service
 */
record Contributor(String name, PortalContribution contribution) {
}
