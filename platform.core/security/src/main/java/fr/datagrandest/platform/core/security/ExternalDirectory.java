package fr.datagrandest.platform.core.security;

import java.util.Optional;
import java.util.Set;

/**
 * A directory that checks passwords the platform does not store (LDAP). Kept free of LDAP types so the rest
 * of the bundle works when no directory library is installed.
 */
interface ExternalDirectory {

    /**
     * What the directory says about a user whose password it accepted.
     *
     * @param rolesMapped true when the directory decides roles and collèges (a group mapping is configured):
     *                    they then replace the account's at each sign-in
     */
    record DirectoryUser(String username, Set<String> roles, Set<String> colleges, boolean rolesMapped) {
        public DirectoryUser {
            roles = Set.copyOf(roles);
            colleges = Set.copyOf(colleges);
        }
    }

    /** The directory could not answer (down, misconfigured); not the user's fault, so not a failed sign-in. */
    class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** True when new accounts may be created for users the directory knows. */
    boolean createsAccounts();

    /** The user when the directory accepts the password; empty for an unknown user or a wrong password. */
    Optional<DirectoryUser> authenticate(String username, String password) throws Unavailable;
}
