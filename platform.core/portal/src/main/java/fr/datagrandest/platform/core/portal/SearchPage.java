package fr.datagrandest.platform.core.portal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import fr.datagrandest.platform.api.portal.PortalLink;
import fr.datagrandest.platform.api.territory.Territory;

/** {@code /recherche?q=}: the global search's results, grouped by where they come from. */
final class SearchPage {

    private SearchPage() {
    }

    static Page render(Messages.Texts t, Optional<SearchResults> results, boolean territoriesAvailable) {
        Html html = new Html();
        html.raw("<div class=\"wrap page\">").element("h1", t.get("search.title"));
        SearchForms.globalSearch(html, t, results.map(SearchResults::query).orElse(null), "page-search");
        if (results.isPresent()) {
            SearchResults found = results.get();
            html.raw("<section class=\"results\" aria-labelledby=\"results-heading\">")
                    .element("h2", t.format("search.resultsFor", found.query()), "id", "results-heading");
            if (found.isEmpty()) {
                html.element("p", t.format("search.none", found.query()), "class", "empty");
            }
            if (!found.territories().isEmpty()) {
                html.element("h3", t.get("search.territories"));
                territoryList(html, t, found.territories());
            }
            for (Map.Entry<String, List<PortalLink>> group : bySource(found.hits(), t.get("search.otherSource")).entrySet()) {
                html.element("h3", group.getKey());
                linkList(html, group.getValue());
            }
            if (!territoriesAvailable) {
                html.element("p", t.get("search.noTerritories"), "class", "hint");
            }
            html.raw("</section>");
        }
        html.raw("</div>");
        return new Page(t.get("search.title"), null, html.toString(), List.of());
    }

    static Map<String, List<PortalLink>> bySource(List<PortalLink> links, String unnamed) {
        Map<String, List<PortalLink>> groups = new LinkedHashMap<>();
        for (PortalLink link : links) {
            groups.computeIfAbsent(link.source().isBlank() ? unnamed : link.source(), k -> new ArrayList<>()).add(link);
        }
        return groups;
    }

    static void linkList(Html html, List<PortalLink> links) {
        html.raw("<ul class=\"link-list\">");
        for (PortalLink link : links) {
            html.raw("<li>").link(link.path(), link.title());
            if (!link.summary().isBlank()) {
                html.element("p", link.summary());
            }
            html.raw("</li>");
        }
        html.raw("</ul>");
    }

    static void territoryList(Html html, Messages.Texts t, List<Territory> territories) {
        html.raw("<ul class=\"link-list territories\">");
        for (Territory territory : territories) {
            html.raw("<li>").link(TerritoryLevels.path(territory), territory.name())
                    .element("span", " " + TerritoryPages.describe(t, territory), "class", "meta").raw("</li>");
        }
        html.raw("</ul>");
    }
}
