package fr.datagrandest.platform.core.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import fr.datagrandest.platform.api.security.Roles;

/**
 * How to reach and read the LDAP directory.
 *
 * @param url               {@code ldap://host:389} or {@code ldaps://host:636}
 * @param startTls          upgrade an {@code ldap://} connection with StartTLS before sending a password
 * @param bindDn            service account used to find users and read groups; empty for anonymous
 * @param userDnPattern     the user's DN with {@code {0}} for the username; when empty, the user is searched
 * @param userSearchBase    where to search users
 * @param userSearchFilter  filter with {@code {0}} for the username
 * @param groupSearchBase   where to search the user's groups; empty to use only the {@code memberOf} attribute
 * @param groupSearchFilter filter with {@code {0}} for the user's DN and {@code {1}} for the username
 * @param groupRoles        group DN to role mappings
 */
record LdapSettings(String url, boolean startTls, String bindDn, String bindPassword, String userDnPattern,
        String userSearchBase, String userSearchFilter, String groupSearchBase, String groupSearchFilter,
        List<GroupRole> groupRoles, boolean createAccounts, Duration timeout) {

    /** Members of the group get the role; for {@code editor}, scoped to the collège. */
    record GroupRole(String groupDn, String role, String college) {
    }

    LdapSettings {
        groupRoles = List.copyOf(groupRoles);
        if (url == null || !(url.startsWith("ldap://") || url.startsWith("ldaps://"))) {
            throw new IllegalArgumentException("the LDAP url must start with ldap:// or ldaps://, not '" + url + "'");
        }
        if (blank(userDnPattern) && blank(userSearchBase)) {
            throw new IllegalArgumentException("set userDnPattern (for example uid={0},ou=people,dc=example,dc=org)"
                    + " or userSearchBase and userSearchFilter");
        }
        if (!blank(userDnPattern) && !userDnPattern.contains("{0}")) {
            throw new IllegalArgumentException("userDnPattern must contain {0} where the username goes");
        }
    }

    /**
     * Reads mappings written {@code <group DN> => <role>} or {@code <group DN> => editor:<collège>}; an entry
     * may hold several mappings separated by {@code ;}.
     */
    static List<GroupRole> parseGroupRoles(String[] entries) {
        List<GroupRole> result = new ArrayList<>();
        for (String entry : entries == null ? new String[0] : entries) {
            for (String mapping : entry.split(";")) {
                if (mapping.isBlank()) {
                    continue;
                }
                int arrow = mapping.lastIndexOf("=>");
                if (arrow < 0) {
                    throw new IllegalArgumentException("group mapping '" + mapping.strip()
                            + "' must read '<group DN> => <role>' or '<group DN> => editor:<collège>'");
                }
                String group = mapping.substring(0, arrow).strip();
                String role = mapping.substring(arrow + 2).strip();
                String college = null;
                int colon = role.indexOf(':');
                if (colon >= 0) {
                    college = role.substring(colon + 1).strip();
                    role = role.substring(0, colon).strip();
                }
                if (!AccountRules.ROLES.contains(role)) {
                    throw new IllegalArgumentException("group mapping '" + mapping.strip() + "' names the unknown role '" + role + "'");
                }
                if (Roles.EDITOR.equals(role) == (college == null || college.isEmpty())) {
                    throw new IllegalArgumentException("group mapping '" + mapping.strip()
                            + "': the editor role, and only it, takes a collège (editor:<collège>)");
                }
                result.add(new GroupRole(group, role, college));
            }
        }
        return result;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
