package fr.datagrandest.plugin.ocs.core;

import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import fr.datagrandest.platform.api.portal.NavigationEntry;
import fr.datagrandest.platform.api.portal.PortalContribution;
import fr.datagrandest.platform.api.portal.PortalLink;
import fr.datagrandest.platform.api.territory.Territory;

/** The OCS GE entries of the portal: navigation and, for each territory, its land use indicators page. */
@Component
public class OcsPortalContribution implements PortalContribution {

    @Override
    public List<NavigationEntry> navigation() {
        return List.of(new NavigationEntry("ocs", "/ocs",
                Map.of("fr", "Occupation du sol (OCS GE)", "en", "Land cover (OCS GE)"), 60));
    }

    @Override
    public List<PortalLink> search(String query, String language, int limit) {
        String q = query.toLowerCase(java.util.Locale.ROOT);
        if (q.contains("artificialis") || q.contains("ocs") || q.contains("zan") || q.contains("occupation du sol")
                || q.contains("enaf")) {
            return List.of(new PortalLink("fr".equals(language) ? "Occupation du sol et artificialisation"
                    : "Land cover and artificialisation", "/ocs",
                    "Indicateurs OCS GE : artificialisation, consommation d'ENAF, trajectoire ZAN", "OCS GE"));
        }
        return List.of();
    }

    @Override
    public List<PortalLink> forTerritory(Territory territory, String language) {
        String level = territory.level().name().toLowerCase(java.util.Locale.ROOT);
        return List.of(new PortalLink("fr".equals(language) ? "Occupation du sol et artificialisation"
                : "Land cover and artificialisation", "/ocs/territoire/" + level + "/" + territory.code(),
                "fr".equals(language) ? "Surfaces par classe, artificialisation, consommation d'ENAF, trajectoire ZAN"
                        : "Areas per class, artificialisation, ENAF consumption, ZAN trajectory (page in French)",
                "OCS GE"));
    }
}
