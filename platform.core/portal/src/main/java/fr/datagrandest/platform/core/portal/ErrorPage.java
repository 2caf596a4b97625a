package fr.datagrandest.platform.core.portal;

import java.util.List;

/** The page for an address nothing answers, or for a failure, in the visitor's language and without details. */
final class ErrorPage {

    private ErrorPage() {
    }

    static Page render(Messages.Texts t, int status, String path) {
        String kind = switch (status) {
            case 404 -> "notFound";
            case 405 -> "methodNotAllowed";
            default -> "failure";
        };
        Html html = new Html();
        html.raw("<div class=\"wrap page narrow\">")
                .element("p", t.format("error.status", status), "class", "eyebrow")
                .element("h1", t.get("error." + kind + ".title"))
                .element("p", t.format("error." + kind + ".text", path));
        html.raw("<p>").link("/", t.get("error.home")).raw("</p>");
        if (status == 404) {
            SearchForms.globalSearch(html, t, null, "error-search");
        }
        html.raw("</div>");
        return new Page(t.get("error." + kind + ".title"), null, html.toString(), List.of());
    }
}
