package fr.datagrandest.platform.core.portal;

import java.text.Collator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.datagrandest.platform.api.portal.NavigationEntry;
import fr.datagrandest.platform.api.portal.PortalContribution;
import fr.datagrandest.platform.api.portal.PortalLink;
import fr.datagrandest.platform.api.security.Roles;
import fr.datagrandest.platform.api.security.UserIdentity;
import fr.datagrandest.platform.api.territory.Territory;
import fr.datagrandest.platform.api.territory.TerritoryLevel;
import fr.datagrandest.platform.api.territory.TerritoryService;

/**
 * What the portal shows, assembled at each page from the contributions of the running plugins and, when it is
 * there, the territory service. Nothing is cached: a plugin that starts appears on the next page, one that stops
 * disappears from it.
 */
@Component(service = PortalContent.class, configurationPid = PortalContent.PID)
@Designate(ocd = PortalContent.Config.class)
public class PortalContent {

    @ObjectClassDefinition(name = "Portal shell", description = "The front page, search and entry by territory")
    public @interface Config {
        @AttributeDefinition(description = "Longest wait, in milliseconds, for one plugin's part of a page; a slower plugin is left out")
        int contributionTimeoutMillis() default 1500;

        @AttributeDefinition(description = "Most search hits asked from each plugin and most territories listed by a search")
        int hitsPerSource() default 8;
    }

    public static final String PID = "fr.datagrandest.platform.portal";

    /** Position of the kernel's own entries: home first, administration last. */
    static final int HOME_ORDER = Integer.MIN_VALUE;
    static final int ADMIN_ORDER = Integer.MAX_VALUE;
    /** Longest query the search accepts. */
    static final int MAX_QUERY_LENGTH = 200;

    private static final Logger LOG = LoggerFactory.getLogger(PortalContent.class);

    private final List<Contributor> contributors = new CopyOnWriteArrayList<>();
    private final ContributionCalls calls;
    private final Messages messages;
    private final int hitsPerSource;

    /** Optional: without it the portal still works, without territory names, parents and children. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile TerritoryService territories;

    @Activate
    public PortalContent(Config config) {
        this.calls = new ContributionCalls(Duration.ofMillis(Math.max(50, config.contributionTimeoutMillis())));
        this.messages = Messages.load();
        this.hitsPerSource = Math.max(1, config.hitsPerSource());
    }

    @Deactivate
    void deactivate() {
        calls.close();
    }

    @Reference(service = PortalContribution.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void addContribution(PortalContribution contribution, Map<String, Object> properties) {
        Object component = properties.get("component.name");
        contributors.add(new Contributor(component != null ? component.toString() : contribution.getClass().getName(),
                contribution));
    }

    void removeContribution(PortalContribution contribution) {
        for (Contributor contributor : contributors) {
            if (contributor.contribution() == contribution) {
                contributors.remove(contributor);
                calls.forget(contributor);
            }
        }
    }

    Messages messages() {
        return messages;
    }

    int hitsPerSource() {
        return hitsPerSource;
    }

    // ---------------------------------------------------------------- navigation

    /** The whole navigation for a visitor: home, the plugins' entries by order, administration for admins. */
    List<NavigationItem> navigation(Language language, UserIdentity visitor) {
        Messages.Texts texts = messages.in(language);
        List<NavigationItem> items = new ArrayList<>();
        items.add(new NavigationItem("home", "/", texts.get("nav.home"), HOME_ORDER, true));
        items.addAll(pluginNavigation(language));
        if (visitor.hasRole(Roles.MODULE_ADMIN)) {
            items.add(new NavigationItem("admin", "/admin", texts.get("nav.admin"), ADMIN_ORDER, true));
        }
        return items;
    }

    /** The plugins' entries, sorted by order then label. */
    List<NavigationItem> pluginNavigation(Language language) {
        List<NavigationEntry> entries = calls.gather(List.copyOf(contributors), "navigation", PortalContribution::navigation);
        Collator collator = Collator.getInstance(language.locale());
        List<NavigationItem> items = new ArrayList<>();
        for (NavigationEntry entry : entries) {
            Optional<String> path = LinkTargets.forLink(entry.path());
            if (path.isEmpty()) {
                LOG.warn("The navigation entry '{}' leads to '{}', which is neither a path of this site nor a web address: left out",
                        entry.id(), entry.path());
                continue;
            }
            String label = entry.label(language.tag());
            items.add(new NavigationItem(entry.id(), path.get(), label == null || label.isBlank() ? entry.id() : label,
                    entry.order(), false));
        }
        items.sort(Comparator.comparingInt(NavigationItem::order)
                .thenComparing(NavigationItem::label, collator));
        return items;
    }

    // ---------------------------------------------------------------- search

    /** The plugins' hits and the matching territories for a query (already trimmed and checked by the caller). */
    SearchResults search(String query, Language language) {
        List<PortalLink> hits = safeLinks(calls.gather(List.copyOf(contributors), "search",
                c -> c.search(query, language.tag(), hitsPerSource)), "search");
        return new SearchResults(query, hits, findTerritories(query, Optional.empty()));
    }

    /** Checks a query typed by a user: trimmed, not blank, not longer than {@link #MAX_QUERY_LENGTH}. */
    static Optional<String> cleanQuery(String query) {
        if (query == null || query.isBlank()) {
            return Optional.empty();
        }
        String trimmed = query.strip().replaceAll("\\s+", " ");
        return Optional.of(trimmed.length() > MAX_QUERY_LENGTH ? trimmed.substring(0, MAX_QUERY_LENGTH) : trimmed);
    }

    // ---------------------------------------------------------------- territories

    boolean territoriesAvailable() {
        return territories != null;
    }

    /** Territories matching a name or a code; empty when the territory service is absent or fails. */
    List<Territory> findTerritories(String query, Optional<TerritoryLevel> level) {
        TerritoryService service = territories;
        if (service == null) {
            return List.of();
        }
        try {
            List<Territory> found = service.search(query, level, hitsPerSource);
            return withoutNulls(found);
        } catch (RuntimeException e) {
            LOG.warn("The territory service failed to search '{}': {}", query, e.toString());
            return List.of();
        }
    }

    /**
     * The territory page's content, or empty when the territory service says no such territory exists. Without
     * the territory service the plugins are still asked, with the code standing for the name.
     */
    Optional<TerritoryOverview> territory(TerritoryLevel level, String code, Language language) {
        TerritoryService service = territories;
        Territory territory;
        boolean known;
        List<Territory> parents = List.of();
        List<Territory> children = List.of();
        Optional<TerritoryLevel> childLevel = TerritoryLevels.childLevel(level);
        if (service != null) {
            try {
                Optional<Territory> found = service.get(level, code);
                if (found.isEmpty()) {
                    return Optional.empty();
                }
                territory = found.get();
                known = true;
                parents = withoutNulls(service.parents(territory));
                if (childLevel.isPresent()) {
                    children = withoutNulls(service.children(territory, childLevel.get()));
                }
            } catch (RuntimeException e) {
                LOG.warn("The territory service failed on {} {}: {}", level, code, e.toString());
                territory = new Territory(level, code, code, 0);
                known = false;
            }
        } else {
            territory = new Territory(level, code, code, 0);
            known = false;
        }
        Territory asked = territory;
        List<PortalLink> offers = safeLinks(calls.gather(List.copyOf(contributors), "forTerritory",
                c -> c.forTerritory(asked, language.tag())), "forTerritory");
        Collator collator = Collator.getInstance(language.locale());
        List<Territory> sortedChildren = new ArrayList<>(children);
        sortedChildren.sort(Comparator.comparing(Territory::name, collator));
        return Optional.of(new TerritoryOverview(territory, known, offers, parents, childLevel, sortedChildren));
    }

    private static List<Territory> withoutNulls(List<Territory> territories) {
        return territories == null ? List.of() : territories.stream().filter(Objects::nonNull).toList();
    }

    private static List<PortalLink> safeLinks(List<PortalLink> links, String question) {
        List<PortalLink> safe = new ArrayList<>(links.size());
        for (PortalLink link : links) {
            Optional<String> path = LinkTargets.forLink(link.path());
            if (path.isPresent()) {
                safe.add(path.get().equals(link.path()) ? link
                        : new PortalLink(link.title(), path.get(), link.summary(), link.source()));
            } else {
                LOG.warn("A '{}' link leads to '{}', which is neither a path of this site nor a web address: left out",
                        question, link.path());
            }
        }
        return safe;
    }
}
