package fr.datagrandest.platform.api.security;

import java.util.Objects;
import java.util.Set;

/**
 * Who is making the current HTTP request. The kernel authenticates every request (session, API token,
 * HTTP Basic) and stores the result as the request attribute {@link #REQUEST_ATTRIBUTE}; anonymous
 * requests carry {@link #ANONYMOUS}.
 *
 * @param username     the account name, {@code "anonymous"} for anonymous requests
 * @param roles        the roles of the account (see {@link Roles})
 * @param colleges     the collèges an {@code editor} may edit
 */
public record UserIdentity(String username, Set<String> roles, Set<String> colleges) {

    /** Request attribute under which the kernel stores the caller's identity. */
    public static final String REQUEST_ATTRIBUTE = "fr.datagrandest.platform.user";

    public static final UserIdentity ANONYMOUS = new UserIdentity("anonymous", Set.of(), Set.of());

    public UserIdentity {
        Objects.requireNonNull(username, "username");
        roles = Set.copyOf(roles);
        colleges = Set.copyOf(colleges);
    }

    public boolean isAnonymous() {
        return this == ANONYMOUS || "anonymous".equals(username) && roles.isEmpty();
    }

    /** True when the user has the role, or is a platform administrator (who may do everything). */
    public boolean hasRole(String role) {
        return roles.contains(role) || roles.contains(Roles.PLATFORM_ADMIN);
    }

    /** True when the user may edit the content of the given collège. */
    public boolean canEditCollege(String college) {
        return roles.contains(Roles.PLATFORM_ADMIN) || roles.contains(Roles.EDITOR) && colleges.contains(college);
    }
}
