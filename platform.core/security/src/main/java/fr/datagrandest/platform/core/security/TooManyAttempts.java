package fr.datagrandest.platform.core.security;

import fr.datagrandest.platform.core.web.HttpProblem;

/** 429: too many failed sign-ins for this username or from this address; answered with Retry-After. */
final class TooManyAttempts extends HttpProblem {

    private static final long serialVersionUID = 1L;
    private final long retryAfterSeconds;

    TooManyAttempts(long retryAfterSeconds) {
        super(429, "Too many requests", "too many failed sign-ins: try again in " + retryAfterSeconds + " seconds");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
