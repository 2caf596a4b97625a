package fr.datagrandest.plugin.directory;

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
import fr.datagrandest.plugin.directory.Entries.Organisation;
import fr.datagrandest.plugin.directory.Entries.Person;

/**
 * The directory in the portal: a navigation entry, organisations and people in the global search (public fields
 * only), and for a territory its organisations and who their DataGrandEst referent is.
 */
@Component
public class DirectoryPortal implements PortalContribution {

    private final Directory directory;

    @Activate
    public DirectoryPortal(@Reference Directory directory) {
        this.directory = directory;
    }

    @Override
    public List<NavigationEntry> navigation() {
        return List.of(new NavigationEntry("directory", "/directory", Map.of("fr", "Annuaire", "en", "Directory"), 30));
    }

    @Override
    public List<PortalLink> search(String query, String language, int limit) {
        String source = "en".equals(language) ? "Directory" : "Annuaire";
        List<PortalLink> links = new ArrayList<>();
        for (Organisation o : directory.searchOrganisations(query, null, null, null, 0, limit).items()) {
            String referent = o.referents().isEmpty() ? "" : ("en".equals(language) ? " · referent: " : " · référent : ")
                    + o.referents().get(0).name();
            links.add(new PortalLink(o.name(), "/directory/organisations/" + o.id(), o.typeLabel() + referent, source));
        }
        // the portal is public: people as an anonymous visitor sees them
        for (Person p : directory.searchPeople(Access.of(null), query, null, null, null, 0, limit).items()) {
            if (links.size() >= limit * 2) {
                break;
            }
            String where = p.organisation() == null ? "" : p.organisation().name();
            String roles = String.join(", ", p.roles().stream().map(Entries.Role::roleLabel).distinct().toList());
            links.add(new PortalLink(p.name(), "/directory/personnes/" + p.id(),
                    (roles.isEmpty() ? "" : roles + " · ") + where, source));
        }
        return links.size() > limit ? links.subList(0, limit) : links;
    }

    @Override
    public List<PortalLink> forTerritory(Territory territory, String language) {
        String level = territory.level().name().toLowerCase(Locale.ROOT);
        String source = "en".equals(language) ? "Directory" : "Annuaire";
        List<PortalLink> links = new ArrayList<>();
        Directory.ReferentResult referents = directory.referents(null, level + ":" + territory.code(), null);
        for (Directory.ReferentAnswer a : referents.answers()) {
            String names = String.join(", ", a.referents().stream().map(Entries.PersonSummary::name).toList());
            links.add(new PortalLink(("en".equals(language) ? "DataGrandEst referent: " : "Référent DataGrandEst : ") + names,
                    "/directory/organisations/" + a.organisation().id(), a.organisation().name(), source));
        }
        links.add(new PortalLink("en".equals(language) ? "Directory entries of this territory" : "Annuaire de ce territoire",
                "/directory/territoires/" + level + "/" + territory.code(), territory.name(), source));
        return links;
    }
}
