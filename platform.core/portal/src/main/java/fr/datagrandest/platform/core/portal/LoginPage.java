package fr.datagrandest.platform.core.portal;

import java.util.List;

import fr.datagrandest.platform.api.security.Roles;

/**
 * {@code /login}: the sign-in form. {@code login.js} posts it as JSON to {@code POST /api/auth/login} (the
 * security module), then goes to the page that was asked.
 */
final class LoginPage {

    private LoginPage() {
    }

    /**
     * @param next           where to go after signing in (already checked to be a path of this site)
     * @param scriptRequired true when the form came back posted without its script
     */
    static Page render(Messages.Texts t, PageRequest request, String next, boolean scriptRequired) {
        Html html = new Html();
        html.raw("<div class=\"wrap page narrow\">").element("h1", t.get("login.title"));
        if (!request.securityRunning()) {
            html.element("p", t.get("login.securityMissing"), "class", "notice", "id", "security-missing").raw("</div>");
            return new Page(t.get("login.title"), null, html.toString(), List.of());
        }
        if (request.signedIn()) {
            boolean forbidden = next.startsWith("/admin") && !request.user().hasRole(Roles.MODULE_ADMIN);
            html.element("p", forbidden ? t.format("login.forbidden", request.user().username())
                    : t.format("login.already", request.user().username()), "class", "notice");
        }
        html.element("p", t.get("login.intro"));
        if (scriptRequired) {
            html.element("p", t.get("login.noscript"), "class", "notice error-text");
        }
        html.raw("<noscript>").element("p", t.get("login.noscript"), "class", "notice").raw("</noscript>")
                .open("form", "id", "login-form", "class", "stack-form", "method", "post", "action", "/login",
                        "data-next", next)
                .raw("<p>").element("label", t.get("login.username"), "for", "login-username")
                .open("input", "id", "login-username", "name", "username", "autocomplete", "username",
                        "autocapitalize", "none", "spellcheck", "false", "required", "required", "maxlength", "200")
                .raw("</p><p>").element("label", t.get("login.password"), "for", "login-password")
                .open("input", "id", "login-password", "name", "password", "type", "password",
                        "autocomplete", "current-password", "required", "required", "maxlength", "1000")
                .raw("</p>")
                .open("input", "type", "hidden", "name", "next", "value", next)
                .element("button", t.get("login.submit"), "type", "submit", "class", "primary")
                .element("p", "", "id", "login-message", "class", "form-message", "role", "alert")
                .close("form").raw("</div>");
        return new Page(t.get("login.title"), null, html.toString(), List.of("login.js"));
    }
}
