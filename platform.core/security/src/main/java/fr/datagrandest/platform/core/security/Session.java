package fr.datagrandest.platform.core.security;

import java.time.Instant;

/**
 * A browser session: the account it signs in and the token that state-changing requests must echo in
 * {@code X-CSRF-Token}.
 */
record Session(String username, String csrfToken, Instant createdAt, Instant lastSeenAt) {

    /** Request attribute holding the session of a cookie-authenticated request. */
    static final String REQUEST_ATTRIBUTE = "fr.datagrandest.platform.security.session";

    @Override
    public String toString() {
        return "Session[" + username + ", since " + createdAt + "]";
    }
}
