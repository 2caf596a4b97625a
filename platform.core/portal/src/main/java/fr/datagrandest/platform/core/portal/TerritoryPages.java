package fr.datagrandest.platform.core.portal;

import java.text.NumberFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import fr.datagrandest.platform.api.portal.PortalLink;
import fr.datagrandest.platform.api.territory.Territory;
import fr.datagrandest.platform.api.territory.TerritoryLevel;

/** "Enter by territory": {@code /territoires?q=} finds a territory, {@code /territoires/{level}/{code}} shows it. */
final class TerritoryPages {

    /** Beyond this many children, the list is folded so the page stays short. */
    static final int FOLD_CHILDREN_ABOVE = 24;

    private TerritoryPages() {
    }

    /** "Commune · code INSEE 67482". */
    static String describe(Messages.Texts t, Territory territory) {
        String slug = TerritoryLevels.slug(territory.level());
        return "(" + t.get("level." + slug) + " · " + t.get("code." + slug) + " " + territory.code() + ")";
    }

    static Page search(Messages.Texts t, String query, Optional<TerritoryLevel> level, List<Territory> found,
            boolean available) {
        Html html = new Html();
        html.raw("<div class=\"wrap page\">").element("h1", t.get("territory.search.title"));
        if (!available) {
            html.element("p", t.get("territory.unavailable"), "class", "notice");
        } else {
            SearchForms.territorySearch(html, t, query, level, "page-territory");
            if (query != null) {
                html.raw("<section class=\"results\" aria-labelledby=\"results-heading\">")
                        .element("h2", t.format("search.resultsFor", query), "id", "results-heading");
                if (found.isEmpty()) {
                    html.element("p", t.format("territory.search.none", query), "class", "empty");
                } else {
                    SearchPage.territoryList(html, t, found);
                }
                html.raw("</section>");
            }
        }
        html.raw("</div>");
        return new Page(t.get("territory.search.title"), null, html.toString(), List.of());
    }

    static Page overview(Messages.Texts t, TerritoryOverview overview) {
        Territory territory = overview.territory();
        String slug = TerritoryLevels.slug(territory.level());
        String name = overview.known() ? territory.name() : t.get("level." + slug) + " " + territory.code();
        Html html = new Html();
        html.raw("<div class=\"wrap page territory\">")
                .open("nav", "class", "breadcrumb", "aria-label", t.get("territory.breadcrumb")).raw("<ol>")
                .raw("<li>").link("/", t.get("nav.home")).raw("</li>")
                .raw("<li>").link("/territoires", t.get("territory.search.title")).raw("</li>")
                .raw("<li>").element("span", name, "aria-current", "page").raw("</li>")
                .raw("</ol></nav>")
                .element("p", t.get("level." + slug), "class", "eyebrow")
                .element("h1", name);
        html.open("p", "class", "facts").text(t.get("code." + slug) + " " + territory.code());
        if (territory.population() > 0) {
            String population = NumberFormat.getIntegerInstance(t.language().locale()).format(territory.population());
            html.text(" · " + t.format("territory.population", population));
        }
        html.close("p");
        if (!overview.known()) {
            html.element("p", t.get("territory.serviceMissing"), "class", "notice");
        }

        html.raw("<section aria-labelledby=\"offers-heading\">")
                .element("h2", t.get("territory.offers"), "id", "offers-heading");
        if (overview.offers().isEmpty()) {
            html.element("p", t.get("territory.offers.none"), "class", "empty");
        } else {
            for (Map.Entry<String, List<PortalLink>> group
                    : SearchPage.bySource(overview.offers(), t.get("search.otherSource")).entrySet()) {
                html.element("h3", group.getKey());
                SearchPage.linkList(html, group.getValue());
            }
        }
        html.raw("</section>");

        if (!overview.parents().isEmpty()) {
            html.raw("<section aria-labelledby=\"parents-heading\">")
                    .element("h2", t.get("territory.parents"), "id", "parents-heading");
            SearchPage.territoryList(html, t, overview.parents());
            html.raw("</section>");
        }
        if (overview.known() && overview.childLevel().isPresent() && !overview.children().isEmpty()) {
            String childSlug = TerritoryLevels.slug(overview.childLevel().get());
            String heading = t.format("territory.children." + childSlug, overview.children().size());
            html.raw("<section aria-labelledby=\"children-heading\">").element("h2", heading, "id", "children-heading");
            boolean fold = overview.children().size() > FOLD_CHILDREN_ABOVE;
            if (fold) {
                html.raw("<details>").element("summary", t.get("territory.children.show"));
            }
            html.raw("<ul class=\"columns\">");
            for (Territory child : overview.children()) {
                html.raw("<li>").link(TerritoryLevels.path(child), child.name()).raw("</li>");
            }
            html.raw("</ul>");
            if (fold) {
                html.raw("</details>");
            }
            html.raw("</section>");
        }
        html.raw("</div>");
        return new Page(name, null, html.toString(), List.of());
    }
}
