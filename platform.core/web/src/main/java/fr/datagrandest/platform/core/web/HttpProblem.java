package fr.datagrandest.platform.core.web;

/**
 * An error a user can act on, answered with its HTTP status and message instead of a stack trace. Throw it from
 * a handler; {@link Responses#problem} writes it.
 */
public class HttpProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final int status;
    private final String title;

    public HttpProblem(int status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public static HttpProblem badRequest(String detail) {
        return new HttpProblem(400, "Bad request", detail);
    }

    public static HttpProblem notFound(String detail) {
        return new HttpProblem(404, "Not found", detail);
    }

    public static HttpProblem conflict(String detail) {
        return new HttpProblem(409, "Conflict", detail);
    }

    public static HttpProblem unprocessable(String detail) {
        return new HttpProblem(422, "Unprocessable content", detail);
    }
}
