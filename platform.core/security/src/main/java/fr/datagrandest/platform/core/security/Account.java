package fr.datagrandest.platform.core.security;

import java.time.Instant;
import java.util.Set;

import fr.datagrandest.platform.api.security.UserIdentity;

/**
 * A stored account.
 *
 * @param source       {@code local} (signs in with its stored password) or {@code ldap} (with the directory)
 * @param passwordHash the stored hash of a local account, null for LDAP accounts
 */
record Account(String username, String source, String passwordHash, boolean enabled, Set<String> roles,
        Set<String> colleges, Instant createdAt, Instant updatedAt) {

    static final String LOCAL = "local";
    static final String LDAP = "ldap";

    Account {
        roles = Set.copyOf(roles);
        colleges = Set.copyOf(colleges);
    }

    UserIdentity identity() {
        return new UserIdentity(username, roles, colleges);
    }

    AccountView view() {
        return new AccountView(username, source, enabled, roles.stream().sorted().toList(),
                colleges.stream().sorted().toList(), createdAt, updatedAt);
    }

    @Override
    public String toString() {
        return "Account[" + username + ", " + source + ", " + (enabled ? "enabled" : "disabled") + ", " + roles + "]";
    }
}
