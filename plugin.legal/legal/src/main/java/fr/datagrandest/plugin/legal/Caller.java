package fr.datagrandest.plugin.legal;

import fr.datagrandest.platform.api.security.UserIdentity;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.core.Response;

/** Who calls, and whether they belong to the legal team that manages the library. */
public record Caller(UserIdentity identity, boolean editor) {

    public static Caller of(HttpServletRequest request, String editorCollege) {
        Object attribute = request == null ? null : request.getAttribute(UserIdentity.REQUEST_ATTRIBUTE);
        UserIdentity identity = attribute instanceof UserIdentity user ? user : UserIdentity.ANONYMOUS;
        return new Caller(identity, !identity.isAnonymous() && identity.canEditCollege(editorCollege));
    }

    public String name() {
        return identity.username();
    }

    /** Refuses the request unless the caller is an editor of the legal team: 401 when anonymous, 403 otherwise. */
    public void requireEditor() {
        if (editor) {
            return;
        }
        if (identity.isAnonymous()) {
            throw new ClientErrorException("sign in as an editor of the legal team to change the library",
                    Response.Status.UNAUTHORIZED);
        }
        throw new ClientErrorException("only editors of the legal team's collège and platform administrators may change the library",
                Response.Status.FORBIDDEN);
    }
}
