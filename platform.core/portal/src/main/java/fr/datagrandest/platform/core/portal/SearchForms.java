package fr.datagrandest.platform.core.portal;

import java.util.Optional;

import fr.datagrandest.platform.api.territory.TerritoryLevel;

/**
 * The two entry boxes: the global search and "enter by territory". Plain forms that work without scripts;
 * {@code portal.js} adds results while typing.
 */
final class SearchForms {

    private SearchForms() {
    }

    static void globalSearch(Html html, Messages.Texts t, String query, String idPrefix) {
        String input = idPrefix + "-q";
        html.open("form", "class", "search-form live-search", "role", "search", "action", "/recherche", "method", "get",
                        "data-endpoint", "/api/portal/search", "data-kind", "search", "data-results", input + "-results")
                .element("label", t.get("search.label"), "for", input)
                .raw("<div class=\"field-row\">")
                .open("input", "type", "search", "id", input, "name", "q", "value", query, "required", "required",
                        "maxlength", Integer.toString(PortalContent.MAX_QUERY_LENGTH), "autocomplete", "off",
                        "placeholder", t.get("search.placeholder"), "aria-controls", input + "-results")
                .element("button", t.get("search.button"), "type", "submit")
                .raw("</div>")
                .element("div", "", "id", input + "-results", "class", "live-results", "aria-live", "polite")
                .close("form");
    }

    static void territorySearch(Html html, Messages.Texts t, String query, Optional<TerritoryLevel> level,
            String idPrefix) {
        String input = idPrefix + "-q";
        String select = idPrefix + "-level";
        html.open("form", "class", "territory-form live-search", "action", "/territoires", "method", "get",
                        "data-endpoint", "/api/portal/territories", "data-kind", "territories",
                        "data-results", input + "-results")
                .element("label", t.get("territory.search.label"), "for", input)
                .open("input", "type", "search", "id", input, "name", "q", "value", query, "required", "required",
                        "maxlength", Integer.toString(PortalContent.MAX_QUERY_LENGTH), "autocomplete", "off",
                        "placeholder", t.get("territory.search.placeholder"), "aria-controls", input + "-results")
                .raw("<div class=\"field-row\">")
                .element("label", t.get("territory.search.level"), "for", select, "class", "inline-label")
                .open("select", "id", select, "name", "niveau")
                .element("option", t.get("territory.search.anyLevel"), "value", "");
        for (TerritoryLevel option : new TerritoryLevel[] {TerritoryLevel.COMMUNE, TerritoryLevel.EPCI, TerritoryLevel.DEPARTEMENT}) {
            String slug = TerritoryLevels.slug(option);
            html.element("option", t.get("level." + slug), "value", slug,
                    "selected", level.filter(l -> l == option).isPresent() ? "selected" : null);
        }
        html.close("select")
                .element("button", t.get("territory.search.button"), "type", "submit")
                .raw("</div>")
                .element("div", "", "id", input + "-results", "class", "live-results", "aria-live", "polite")
                .close("form");
    }
}
