package fr.datagrandest.platform.core.security;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import fr.datagrandest.platform.api.security.AuditEvent;
import fr.datagrandest.platform.api.security.AuditLog;
import fr.datagrandest.platform.api.security.UserIdentity;
import fr.datagrandest.platform.core.web.HttpProblem;
import fr.datagrandest.platform.core.web.Responses;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The caller's own API tokens:
 * <pre>
 * GET    /api/auth/tokens        {"tokens": [{id, name, createdAt, expiresAt, lastUsedAt}]} (never the secret)
 * POST   /api/auth/tokens        {"name", "expiresAt"?: ISO instant | "expiresInDays"?: n} → 201 with "token", shown once
 * DELETE /api/auth/tokens/{id}   revoke → 204
 * </pre>
 * A token cannot create tokens: creation needs a signed-in session or the password (Basic), so a leaked token
 * cannot outlive its own revocation.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/api/auth/tokens",
        "osgi.http.whiteboard.servlet.pattern=/api/auth/tokens/*",
        "osgi.http.whiteboard.servlet.name=dge-tokens"})
public class TokensServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;
    private static final int MAX_DAYS = 3650;

    /** The body of a token creation. */
    record TokenRequest(String name, Instant expiresAt, Integer expiresInDays) {
    }

    private final transient Authenticator authenticator;
    private final transient AuditLog audit;

    @Activate
    public TokensServlet(@Reference Authenticator authenticator, @Reference AuditLog audit) {
        this.authenticator = authenticator;
        this.audit = audit;
    }

    @Override
    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        UserIdentity user = signedIn(request);
        List<String> path = segments(request);
        String method = request.getMethod();
        if (path.isEmpty() && method.equals("GET")) {
            list(request, response, user);
        } else if (path.isEmpty() && method.equals("POST")) {
            create(request, response, user);
        } else if (path.size() == 1 && method.equals("DELETE")) {
            String id = path.get(0);
            String name = authenticator.tokens().revoke(user.username(), id)
                    .orElseThrow(() -> HttpProblem.notFound("you have no API token with id '" + AccountRules.printable(id) + "'"));
            audit.record(AuditEvent.of(user.username(), "token.revoke", user.username(), "success",
                    "API token '" + name + "' (" + id + ") revoked"));
            response.setHeader("Cache-Control", "no-store");
            response.setStatus(204);
        } else if (path.isEmpty()) {
            throw methodNotAllowed(request, "GET or POST");
        } else if (path.size() == 1) {
            throw methodNotAllowed(request, "DELETE");
        } else {
            throw HttpProblem.notFound("no such endpoint: " + request.getRequestURI());
        }
    }

    private void list(HttpServletRequest request, HttpServletResponse response, UserIdentity user) throws IOException {
        List<ApiToken> tokens = authenticator.tokens().list(user.username());
        if (!Responses.wantsText(request)) {
            Responses.json(response, 200, Map.of("tokens", tokens));
            return;
        }
        StringBuilder text = new StringBuilder(String.format("%-14s %-32s %-22s %-22s %s%n", "ID", "NAME", "CREATED", "EXPIRES", "LAST USED"));
        for (ApiToken token : tokens) {
            text.append(String.format("%-14s %-32s %-22s %-22s %s%n", token.id(), token.name(), token.createdAt(),
                    token.expiresAt() == null ? "never" : token.expiresAt(), token.lastUsedAt() == null ? "never" : token.lastUsedAt()));
        }
        Responses.text(response, 200, text.toString());
    }

    private void create(HttpServletRequest request, HttpServletResponse response, UserIdentity user) throws IOException {
        if (request.getAttribute(Session.REQUEST_ATTRIBUTE) == null && bearer(request)) {
            throw Refusals.forbidden("an API token cannot create API tokens: sign in, or use your password (HTTP Basic)");
        }
        TokenRequest body = JsonBodies.read(request, authenticator.settings(), TokenRequest.class);
        String name = body.name() == null ? "" : body.name().strip();
        if (name.isEmpty() || name.length() > 100 || name.chars().anyMatch(Character::isISOControl)) {
            throw HttpProblem.badRequest("give the token a \"name\" of 1 to 100 characters, saying what uses it (for example \"nightly backup\")");
        }
        Instant now = authenticator.clock().instant();
        Instant expiresAt = body.expiresAt();
        if (body.expiresInDays() != null) {
            if (expiresAt != null) {
                throw HttpProblem.badRequest("give either \"expiresAt\" or \"expiresInDays\", not both");
            }
            if (body.expiresInDays() < 1 || body.expiresInDays() > MAX_DAYS) {
                throw HttpProblem.badRequest("\"expiresInDays\" must be between 1 and " + MAX_DAYS);
            }
            expiresAt = now.plus(Duration.ofDays(body.expiresInDays())).truncatedTo(ChronoUnit.SECONDS);
        }
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw HttpProblem.badRequest("\"expiresAt\" is in the past: give a future instant such as 2030-01-01T00:00:00Z");
        }
        NewApiToken token = authenticator.tokens().create(user.username(), name, expiresAt);
        audit.record(AuditEvent.of(user.username(), "token.create", user.username(), "success", "API token '" + name + "' ("
                + token.id() + ") created, " + (expiresAt == null ? "without expiry" : "expires " + expiresAt)));
        if (Responses.wantsText(request)) {
            Responses.text(response, 201, token.token() + "\n");
        } else {
            Responses.json(response, 201, token);
        }
    }

    private static boolean bearer(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        return authorization != null && authorization.strip().regionMatches(true, 0, "bearer", 0, 6);
    }
}
