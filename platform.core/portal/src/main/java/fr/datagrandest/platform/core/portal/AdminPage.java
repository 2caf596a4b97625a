package fr.datagrandest.platform.core.portal;

import java.util.List;

/**
 * {@code /admin}: the modules (state, health, versions, actions), the upload with its dry run, and the audit log.
 * The page is a frame; {@code admin.js} fills it from the module admin REST API and sends the CSRF token with
 * every change.
 */
final class AdminPage {

    private AdminPage() {
    }

    /** The page when the security module is absent: nobody can sign in, so administration is closed. */
    static Page securityMissing(Messages.Texts t) {
        Html html = new Html();
        html.raw("<div class=\"wrap page\">").element("h1", t.get("admin.title"))
                .element("p", t.get("admin.securityMissing"), "class", "notice", "id", "security-missing")
                .raw("</div>");
        return new Page(t.get("admin.title"), "admin", html.toString(), List.of());
    }

    static Page render(Messages.Texts t) {
        Html html = new Html();
        html.raw("<div class=\"wrap page admin\" id=\"admin\">")
                .element("h1", t.get("admin.title"))
                .element("p", t.get("admin.intro"), "class", "lead")
                .raw("<noscript>").element("p", t.get("admin.noscript"), "class", "notice").raw("</noscript>")
                .element("div", "", "id", "admin-status", "class", "status-area", "role", "status", "aria-live", "polite");

        html.open("div", "class", "tabs", "role", "tablist", "aria-label", t.get("admin.title"))
                .element("button", t.get("admin.tab.modules"), "type", "button", "role", "tab", "id", "tab-modules",
                        "aria-controls", "panel-modules", "aria-selected", "true")
                .element("button", t.get("admin.tab.catalog"), "type", "button", "role", "tab", "id", "tab-catalog",
                        "aria-controls", "panel-catalog", "aria-selected", "false", "tabindex", "-1")
                .element("button", t.get("admin.tab.audit"), "type", "button", "role", "tab", "id", "tab-audit",
                        "aria-controls", "panel-audit", "aria-selected", "false", "tabindex", "-1")
                .close("div");

        html.open("section", "id", "panel-modules", "role", "tabpanel", "aria-labelledby", "tab-modules", "tabindex", "0")
                .raw("<div class=\"table-tools\">")
                .element("label", t.get("admin.filter.label"), "for", "modules-filter", "class", "inline-label")
                .open("input", "type", "search", "id", "modules-filter", "autocomplete", "off",
                        "placeholder", t.get("admin.filter.placeholder"), "aria-describedby", "modules-count")
                .element("span", "", "id", "modules-count", "class", "meta", "aria-live", "polite")
                .raw("</div>")
                .raw("<div class=\"table-scroll\">")
                .open("table", "id", "modules-table", "class", "data-table")
                .element("caption", t.get("admin.modules.caption"))
                .raw("<thead><tr>");
        for (String column : List.of("module", "version", "state", "health", "source", "sha256", "actions")) {
            html.element("th", t.get("admin.modules.col." + column), "scope", "col");
        }
        html.raw("</tr></thead>")
                .raw("<tbody id=\"modules-body\"><tr><td colspan=\"7\">").text(t.get("js.loading")).raw("</td></tr></tbody>")
                .raw("</table></div>");

        html.raw("<section class=\"box deploy\" aria-labelledby=\"deploy-heading\">")
                .element("h2", t.get("admin.deploy.heading"), "id", "deploy-heading")
                .element("p", t.get("admin.deploy.intro"))
                .open("form", "id", "deploy-form", "class", "stack-form")
                .raw("<p>").element("label", t.get("admin.deploy.file"), "for", "deploy-jar")
                .open("input", "type", "file", "id", "deploy-jar", "name", "jar", "accept", ".jar,application/java-archive",
                        "required", "required")
                .raw("</p><p class=\"checkbox\">")
                .open("input", "type", "checkbox", "id", "deploy-force", "name", "force")
                .element("label", t.get("admin.deploy.force"), "for", "deploy-force")
                .raw("</p><div class=\"actions\">")
                .element("button", t.get("admin.deploy.check"), "type", "submit", "id", "deploy-check", "class", "primary")
                .element("button", t.get("admin.deploy.reset"), "type", "reset", "id", "deploy-reset", "class", "secondary")
                .raw("</div>")
                .open("progress", "id", "deploy-progress", "max", "100", "hidden", "hidden",
                        "aria-label", t.get("admin.deploy.progress")).close("progress")
                .element("div", "", "id", "deploy-result", "class", "deploy-result", "aria-live", "polite")
                .raw("<div class=\"actions\">")
                .element("button", t.get("admin.deploy.confirm"), "type", "button", "id", "deploy-confirm",
                        "class", "primary", "hidden", "hidden")
                .raw("</div>")
                .close("form").raw("</section>")
                .close("section");

        // What the configured repositories offer: install by resolution after a dry run.
        html.open("section", "id", "panel-catalog", "role", "tabpanel", "aria-labelledby", "tab-catalog", "tabindex", "0",
                        "hidden", "hidden")
                .element("p", t.get("admin.catalog.intro"))
                .element("h2", t.get("admin.catalog.repositories"), "id", "repositories-heading")
                .open("ul", "id", "repositories-list", "class", "repositories", "aria-labelledby", "repositories-heading")
                .close("ul")
                .element("div", "", "id", "catalog-result", "class", "deploy-result", "aria-live", "polite")
                .raw("<div class=\"actions\">")
                .element("button", t.get("admin.catalog.confirm"), "type", "button", "id", "catalog-confirm",
                        "class", "primary", "hidden", "hidden")
                .raw("</div>")
                .raw("<div class=\"table-scroll\">")
                .open("table", "id", "catalog-table", "class", "data-table")
                .element("caption", t.get("admin.catalog.caption"))
                .raw("<thead><tr>");
        for (String column : List.of("module", "description", "license", "versions", "running", "actions")) {
            html.element("th", t.get("admin.catalog.col." + column), "scope", "col");
        }
        html.raw("</tr></thead>")
                .raw("<tbody id=\"catalog-body\"></tbody></table></div>")
                .close("section");

        html.open("section", "id", "panel-audit", "role", "tabpanel", "aria-labelledby", "tab-audit", "tabindex", "0",
                        "hidden", "hidden")
                .raw("<div class=\"table-scroll\">")
                .open("table", "id", "audit-table", "class", "data-table")
                .element("caption", t.get("admin.audit.caption"))
                .raw("<thead><tr>");
        for (String column : List.of("time", "actor", "action", "target", "result", "detail")) {
            html.element("th", t.get("admin.audit.col." + column), "scope", "col");
        }
        html.raw("</tr></thead><tbody id=\"audit-body\"></tbody></table></div>")
                .raw("<div class=\"pager\">")
                .element("button", t.get("admin.audit.newer"), "type", "button", "id", "audit-newer", "class", "secondary")
                .element("span", "", "id", "audit-range", "aria-live", "polite")
                .element("button", t.get("admin.audit.older"), "type", "button", "id", "audit-older", "class", "secondary")
                .raw("</div>")
                .close("section");

        html.open("dialog", "id", "confirm-dialog", "aria-labelledby", "confirm-title", "aria-describedby", "confirm-text")
                .open("form", "method", "dialog")
                .element("h2", "", "id", "confirm-title")
                .element("p", "", "id", "confirm-text")
                .raw("<div class=\"actions\">")
                .element("button", t.get("admin.confirm.cancel"), "value", "cancel", "class", "secondary", "autofocus", "autofocus")
                .element("button", "", "value", "confirm", "id", "confirm-ok", "class", "danger")
                .raw("</div>").close("form").close("dialog");
        html.raw("</div>");
        return new Page(t.get("admin.title"), "admin", html.toString(), List.of("admin.js"));
    }
}
