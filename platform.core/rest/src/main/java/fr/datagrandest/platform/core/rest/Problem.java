package fr.datagrandest.platform.core.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem: what every REST application of the platform answers when a request fails.
 *
 * @param type     always {@code about:blank}: the status says what kind of problem it is
 * @param title    the HTTP status phrase, or the short title of a kernel problem
 * @param status   the HTTP status
 * @param detail   what went wrong, in a sentence the client can act on; never a stack trace
 * @param instance the path of the request that failed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance) {

    public static final String MEDIA_TYPE = "application/problem+json";

    static Problem of(int status, String title, String detail, String instance) {
        return new Problem("about:blank", title, status, detail, instance);
    }
}
