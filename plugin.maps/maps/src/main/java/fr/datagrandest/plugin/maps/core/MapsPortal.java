package fr.datagrandest.plugin.maps.core;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import fr.datagrandest.platform.api.portal.NavigationEntry;
import fr.datagrandest.platform.api.portal.PortalContribution;
import fr.datagrandest.platform.api.portal.PortalLink;
import fr.datagrandest.platform.api.territory.Territory;

/** The maps in the portal: a navigation entry, layers in the global search, a map of each territory. */
@Component(service = PortalContribution.class)
public class MapsPortal implements PortalContribution {

    private final LayerRegistry registry;

    @Activate
    public MapsPortal(@Reference LayerRegistry registry) {
        this.registry = registry;
    }

    @Override
    public List<NavigationEntry> navigation() {
        return List.of(new NavigationEntry("maps", "/maps", Map.of("fr", "Cartes", "en", "Maps"), 20));
    }

    @Override
    public List<PortalLink> search(String query, String language, int limit) {
        String q = fold(query);
        if (q.isBlank()) {
            return List.of();
        }
        List<PortalLink> links = new ArrayList<>();
        for (Layer layer : registry.all()) {
            LayerInfo info = layer.info();
            String text = fold(info.title() + " " + info.description() + " " + String.join(" ", info.keywords()));
            if (text.contains(q) && links.size() < limit) {
                links.add(new PortalLink(info.title(), "/maps?layers=" + info.id(), info.description(),
                        "en".equals(language) ? "Maps" : "Cartes"));
            }
        }
        return links;
    }

    @Override
    public List<PortalLink> forTerritory(Territory territory, String language) {
        String level = territory.level().name().toLowerCase(Locale.ROOT);
        boolean en = "en".equals(language);
        return List.of(new PortalLink((en ? "Map of " : "Carte de ") + territory.name(),
                "/maps?territoire=" + level + ":" + territory.code(),
                en ? "Communes, EPCI and départements around it" : "Communes, EPCI et départements alentour",
                en ? "Maps" : "Cartes"));
    }

    private static String fold(String s) {
        return Normalizer.normalize(s == null ? "" : s, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT).trim();
    }
}
