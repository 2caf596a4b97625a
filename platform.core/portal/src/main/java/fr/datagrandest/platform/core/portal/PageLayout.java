package fr.datagrandest.platform.core.portal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;

import fr.datagrandest.platform.core.web.Responses;

/**
 * The frame every portal page shares: the header with the DataGrandEst identity, the language switch, the
 * account link and the navigation; the footer; the styles and the scripts. No resource comes from another site.
 */
final class PageLayout {

    static final String STATIC = "/portal/static/";

    /** The DataGrandEst mark: a rising line of linked points (data across the territories) on a calm blue tile. */
    static final String LOGO_MARK = """
            <svg class="brand-mark" viewBox="0 0 40 40" width="40" height="40" aria-hidden="true" focusable="false">\
            <rect width="40" height="40" rx="9" fill="#17466e"/>\
            <path d="M8 29 15.5 21.5 22 25.5 32 11.5" fill="none" stroke="#9fd3c7" stroke-width="3" \
            stroke-linecap="round" stroke-linejoin="round"/>\
            <circle cx="8" cy="29" r="3" fill="#ffffff"/><circle cx="15.5" cy="21.5" r="3" fill="#ffffff"/>\
            <circle cx="22" cy="25.5" r="3" fill="#ffffff"/><circle cx="32" cy="11.5" r="3.6" fill="#f2c14e"/>\
            </svg>""";

    private final Messages messages;
    private final String assetVersion;

    PageLayout(Messages messages, String assetVersion) {
        this.messages = messages;
        this.assetVersion = assetVersion;
    }

    String asset(String name) {
        return STATIC + name + "?v=" + PageRequest.encode(assetVersion);
    }

    String render(PageRequest request, List<NavigationItem> navigation, Page page) {
        Messages.Texts t = messages.in(request.language());
        Html html = new Html();
        html.raw("<!DOCTYPE html>\n").open("html", "lang", request.language().tag()).raw("\n<head>\n")
                .raw("<meta charset=\"utf-8\">\n")
                .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .open("title").text(page.title() == null ? t.get("site.name") + " – " + t.get("site.tagline")
                        : page.title() + " – " + t.get("site.name")).close("title").raw("\n")
                .open("meta", "name", "description", "content", t.get("site.description")).raw("\n")
                .open("meta", "name", "theme-color", "content", "#17466e").raw("\n")
                .open("link", "rel", "icon", "type", "image/svg+xml", "href", asset("logo.svg")).raw("\n")
                .open("link", "rel", "stylesheet", "href", asset("portal.css")).raw("\n")
                .open("script", "src", asset("portal.js"), "defer", "defer").close("script").raw("\n");
        for (String script : page.scripts()) {
            html.open("script", "src", asset(script), "defer", "defer").close("script").raw("\n");
        }
        html.raw("</head>\n<body>\n")
                .link("#contenu", t.get("layout.skip"), "class", "skip-link").raw("\n");
        header(html, request, navigation, page, t);
        html.raw("<main id=\"contenu\" tabindex=\"-1\">\n").raw(page.main()).raw("\n</main>\n");
        footer(html, t);
        html.open("script", "type", "application/json", "id", "dge-texts").raw(scriptTexts(request, t)).close("script")
                .raw("\n</body>\n</html>\n");
        return html.toString();
    }

    private void header(Html html, PageRequest request, List<NavigationItem> navigation, Page page, Messages.Texts t) {
        html.raw("<header class=\"site-header\">\n<div class=\"bar wrap\">\n")
                .open("a", "class", "brand", "href", "/")
                .raw(LOGO_MARK)
                .raw("<span class=\"brand-text\"><span class=\"brand-name\">Data<span>GrandEst</span></span>")
                .element("span", t.get("site.tagline"), "class", "brand-tagline").raw("</span></a>\n")
                .raw("<div class=\"tools\">\n");
        html.open("nav", "class", "lang-switch", "aria-label", t.get("layout.language")).raw("<ul>");
        for (Language language : Language.values()) {
            boolean current = language == request.language();
            html.raw("<li>").open("a", "href", request.inLanguage(language), "lang", language.tag(),
                    "hreflang", language.tag(), "aria-current", current ? "true" : null)
                    .text(language.tag().toUpperCase(java.util.Locale.ROOT))
                    .element("span", " – " + t.get("lang." + language.tag()), "class", "visually-hidden")
                    .close("a").raw("</li>");
        }
        html.raw("</ul></nav>\n<div class=\"account\">");
        if (request.signedIn()) {
            html.open("span", "class", "account-name").text(t.format("layout.signedInAs", request.user().username())).close("span")
                    .open("button", "type", "button", "class", "link-button", "data-logout", "data-logout")
                    .text(t.get("layout.signout")).close("button");
        } else if (!request.path().equals("/login")) {
            html.link("/login?next=" + PageRequest.encode(request.address()), t.get("layout.signin"), "class", "signin");
        }
        html.raw("</div>\n</div>\n</div>\n");
        html.open("nav", "class", "main-nav", "aria-label", t.get("layout.nav")).raw("<ul class=\"wrap\">");
        for (NavigationItem item : navigation) {
            boolean current = item.id().equals(page.activeId());
            html.raw("<li>").link(item.path(), item.label(), "aria-current", current ? "page" : null,
                    "class", item.kernel() ? "kernel" : null, "data-nav-id", item.id()).raw("</li>");
        }
        html.raw("</ul></nav>\n</header>\n");
    }

    private void footer(Html html, Messages.Texts t) {
        html.raw("<footer class=\"site-footer\">\n<div class=\"wrap footer-grid\">\n<div>")
                .element("p", t.get("site.name"), "class", "footer-name")
                .element("p", t.get("layout.footer.about"))
                .raw("</div>\n")
                .open("nav", "aria-label", t.get("layout.footer.links")).raw("<ul>")
                .raw("<li>").link("/health", t.get("layout.footer.health")).raw("</li>")
                .raw("<li>").link("/api/portal/navigation", t.get("layout.footer.api")).raw("</li>")
                .raw("</ul></nav>\n</div>\n</footer>\n");
    }

    /** The texts the scripts need, as JSON safe inside a script element. */
    private static String scriptTexts(PageRequest request, Messages.Texts t) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("lang", request.language().tag());
        data.put("texts", t.forScripts());
        try {
            // '<', '>' and '&' only occur inside JSON strings, where their \\u escapes mean the same thing.
            return Responses.JSON.writeValueAsString(data).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("texts cannot be written as JSON", e);
        }
    }
}
