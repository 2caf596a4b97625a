package fr.datagrandest.platform.core.modules;

import fr.datagrandest.platform.api.security.UserIdentity;
import fr.datagrandest.platform.core.web.HttpProblem;
import jakarta.servlet.http.HttpServletRequest;

/** Who may use the module endpoints: authenticated users with the module-admin (or platform-admin) role. */
final class AdminAccess {

    private AdminAccess() {
    }

    static UserIdentity require(HttpServletRequest request, String role) {
        Object attribute = request.getAttribute(UserIdentity.REQUEST_ATTRIBUTE);
        UserIdentity user = attribute instanceof UserIdentity u ? u : UserIdentity.ANONYMOUS;
        if (user.isAnonymous()) {
            throw new HttpProblem(401, "Unauthorized", "sign in, or send an API token (Authorization: Bearer …) or HTTP Basic credentials");
        }
        if (!user.hasRole(role)) {
            throw new HttpProblem(403, "Forbidden", "the account '" + user.username() + "' lacks the role " + role);
        }
        return user;
    }
}
