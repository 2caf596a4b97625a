package fr.datagrandest.platform.core.security;

import fr.datagrandest.platform.core.web.HttpProblem;

/** The 401 and 403 answers of the security endpoints. */
final class Refusals {

    /** The same words for an unknown user and a wrong password, so that usernames cannot be probed. */
    static final String WRONG_CREDENTIALS = "wrong username or password";
    static final String SIGN_IN = "sign in, or send an API token (Authorization: Bearer …) or HTTP Basic credentials";

    private Refusals() {
    }

    static HttpProblem unauthorized(String detail) {
        return new HttpProblem(401, "Unauthorized", detail);
    }

    static HttpProblem forbidden(String detail) {
        return new HttpProblem(403, "Forbidden", detail);
    }
}
