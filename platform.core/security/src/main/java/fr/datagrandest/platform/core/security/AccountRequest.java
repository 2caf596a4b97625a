package fr.datagrandest.platform.core.security;

import java.util.List;

/**
 * The body of {@code POST /api/admin/accounts} and {@code PUT /api/admin/accounts/{username}}. In a PUT, a
 * missing member leaves that part of the account as it is.
 *
 * @param source   {@code local} (the default, needs a password) or {@code ldap} (signs in with the directory)
 * @param password a new password for a local account (at least 12 characters)
 */
record AccountRequest(String username, String password, String source, List<String> roles, List<String> colleges,
        Boolean enabled) {

    @Override
    public String toString() {
        return "AccountRequest[" + username + "]";
    }
}
