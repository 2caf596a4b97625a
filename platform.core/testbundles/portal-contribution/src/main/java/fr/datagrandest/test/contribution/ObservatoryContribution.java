package fr.datagrandest.test.contribution;

import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import fr.datagrandest.platform.api.portal.NavigationEntry;
import fr.datagrandest.platform.api.portal.PortalContribution;
import fr.datagrandest.platform.api.portal.PortalLink;
import fr.datagrandest.platform.api.territory.Territory;

/** A made-up "observatoire" plugin's contribution to the portal. */
@Component
public class ObservatoryContribution implements PortalContribution {

    @Override
    public List<NavigationEntry> navigation() {
        return List.of(new NavigationEntry("observatoire", "/observatoire",
                Map.of("fr", "Observatoire d'essai", "en", "Test observatory"), 50));
    }

    @Override
    public List<PortalLink> search(String query, String language, int limit) {
        return query.toLowerCase().contains("eau")
                ? List.of(new PortalLink("Qualité de l'eau", "/observatoire/eau", "Indicateurs d'essai", "Observatoire"))
                : List.of();
    }

    @Override
    public List<PortalLink> forTerritory(Territory territory, String language) {
        return List.of(new PortalLink("Observatoire : " + territory.name(), "/observatoire/" + territory.code(), "", "Observatoire"));
    }
}
