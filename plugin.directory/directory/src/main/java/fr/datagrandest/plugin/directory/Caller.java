package fr.datagrandest.plugin.directory;

import fr.datagrandest.platform.api.security.UserIdentity;
import jakarta.servlet.http.HttpServletRequest;

/** The caller of a request, as the kernel's security saw it (anonymous when the security module is absent). */
final class Caller {

    private Caller() {
    }

    static Access of(HttpServletRequest request) {
        Object user = request == null ? null : request.getAttribute(UserIdentity.REQUEST_ATTRIBUTE);
        return Access.of(user instanceof UserIdentity identity ? identity : null);
    }
}
