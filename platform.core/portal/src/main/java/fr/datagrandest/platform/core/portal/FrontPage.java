package fr.datagrandest.platform.core.portal;

import java.util.List;
import java.util.Optional;

/** The front page: the two ways in (search, territory) and the services the running plugins offer. */
final class FrontPage {

    private FrontPage() {
    }

    static Page render(Messages.Texts t, List<NavigationItem> services, boolean territoriesAvailable) {
        Html html = new Html();
        html.raw("<section class=\"hero\"><div class=\"wrap\">")
                .element("h1", t.get("front.heading"))
                .element("p", t.get("front.intro"), "class", "lead")
                .raw("<div class=\"entry-boxes\">");
        html.raw("<section class=\"box\" aria-labelledby=\"search-heading\">")
                .element("h2", t.get("front.search.heading"), "id", "search-heading");
        SearchForms.globalSearch(html, t, null, "front-search");
        html.raw("</section>");
        html.raw("<section class=\"box\" aria-labelledby=\"territory-heading\">")
                .element("h2", t.get("front.territory.heading"), "id", "territory-heading");
        if (territoriesAvailable) {
            SearchForms.territorySearch(html, t, null, Optional.empty(), "front-territory");
        } else {
            html.element("p", t.get("territory.unavailable"), "class", "notice", "id", "territory-unavailable");
        }
        html.raw("</section></div></div></section>\n");

        html.raw("<section class=\"wrap services\" aria-labelledby=\"services-heading\">")
                .element("h2", t.get("front.services.heading"), "id", "services-heading");
        if (services.isEmpty()) {
            html.element("p", t.get("front.services.none"), "class", "empty", "id", "no-services");
        } else {
            html.raw("<ul class=\"cards\">");
            for (NavigationItem service : services) {
                html.raw("<li>").link(service.path(), service.label(), "class", "card").raw("</li>");
            }
            html.raw("</ul>");
        }
        html.raw("</section>");
        return new Page(null, "home", html.toString(), List.of());
    }
}
