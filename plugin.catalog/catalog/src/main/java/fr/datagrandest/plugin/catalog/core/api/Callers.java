package fr.datagrandest.plugin.catalog.core.api;

import fr.datagrandest.platform.api.security.Roles;
import fr.datagrandest.platform.api.security.UserIdentity;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/** Who may change the catalogue: editors and platform administrators. */
final class Callers {

    private Callers() {
    }

    static UserIdentity editor(HttpServletRequest request) {
        Object attribute = request.getAttribute(UserIdentity.REQUEST_ATTRIBUTE);
        UserIdentity user = attribute instanceof UserIdentity u ? u : UserIdentity.ANONYMOUS;
        if (user.isAnonymous()) {
            throw new WebApplicationException(Response.status(401)
                    .header("WWW-Authenticate", "Bearer realm=\"DataGrandEst\"")
                    .entity("sign in (or send an API token) to change the catalogue").build()) {
                private static final long serialVersionUID = 1L;

                @Override
                public String getMessage() {
                    return "sign in (or send an API token) to change the catalogue";
                }
            };
        }
        if (!user.hasRole(Roles.EDITOR) && !user.hasRole(Roles.PLATFORM_ADMIN)) {
            throw new WebApplicationException("changing the catalogue needs the editor role", 403);
        }
        return user;
    }
}
