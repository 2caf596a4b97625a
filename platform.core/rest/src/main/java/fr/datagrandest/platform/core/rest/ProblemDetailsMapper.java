package fr.datagrandest.platform.core.rest;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import fr.datagrandest.platform.core.web.HttpProblem;
import fr.datagrandest.platform.core.web.Responses;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * Turns every exception a REST resource lets escape into an RFC 9457 problem ({@code application/problem+json}),
 * in every application of the whiteboard. A client error keeps its status and says what is wrong; anything
 * else is a 500 whose body says nothing about the server's internals, and which is logged with its stack trace.
 * A plugin's own mapper for a narrower exception type still wins over this one.
 * <p>
 * Prototype scope: each application gets its own instance, so the injected request information is its own.
 */
@Component(service = ExceptionMapper.class, scope = ServiceScope.PROTOTYPE)
@JakartarsExtension
@JakartarsName("dge.problem-details")
@JakartarsApplicationSelect("(osgi.jakartars.name=*)")
public class ProblemDetailsMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemDetailsMapper.class);
    /** Headers of a refused request that tell the client how to do better. */
    private static final Set<String> KEPT_HEADERS = Set.of(HttpHeaders.ALLOW.toLowerCase(),
            HttpHeaders.WWW_AUTHENTICATE.toLowerCase(), HttpHeaders.RETRY_AFTER.toLowerCase());

    @Context
    private UriInfo uriInfo;

    @Override
    public Response toResponse(Throwable error) {
        if (error instanceof WebApplicationException wae && wae.getResponse() != null
                && wae.getResponse().getStatus() < 400) {
            return wae.getResponse(); // a redirect or a "not modified" is not a failure
        }
        String instance = requestPath();
        Problem problem = problemFor(error, instance);
        if (problem.status() >= 500) {
            if (error instanceof WebApplicationException || error instanceof HttpProblem) {
                LOG.warn("REST request {} answered {}: {}", instance, problem.status(), error.getMessage());
            } else {
                LOG.error("REST request {} failed", instance, error);
            }
        }
        Response.ResponseBuilder response = Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .entity(toJson(problem));
        if (error instanceof WebApplicationException wae && wae.getResponse() != null) {
            wae.getResponse().getHeaders().forEach((name, values) -> {
                if (KEPT_HEADERS.contains(name.toLowerCase())) {
                    values.forEach(value -> response.header(name, value));
                }
            });
        }
        return response.build();
    }

    /** The problem that describes this error; package-visible for tests. */
    static Problem problemFor(Throwable error, String instance) {
        if (error instanceof HttpProblem problem) {
            return Problem.of(problem.status(), problem.title(), problem.getMessage(), instance);
        }
        if (error instanceof WebApplicationException wae) {
            int status = wae.getResponse() == null ? 500 : wae.getResponse().getStatus();
            return Problem.of(status, title(status), clientDetail(wae, status), instance);
        }
        if (error instanceof JsonProcessingException json && json.getProcessor() instanceof JsonParser) {
            return Problem.of(400, title(400), jsonDetail(json), instance);
        }
        return Problem.of(500, title(500),
                "the server could not answer this request; the cause is in the server log", instance);
    }

    private static String title(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known == null ? "HTTP " + status : known.getReasonPhrase();
    }

    /** The exception's own message, unless it is the default "HTTP 404 Not Found" that says nothing more. */
    private static String clientDetail(WebApplicationException error, int status) {
        String message = error.getMessage();
        boolean defaultMessage = message == null || message.equals("HTTP " + status + " " + title(status));
        if (!defaultMessage && status < 500) {
            return message;
        }
        return switch (status) {
            case 404 -> "nothing is published at this path";
            case 405 -> "this path does not accept this method" + methodHint(error);
            case 406 -> "this path cannot answer in any of the media types the Accept header asks for";
            case 415 -> "this path does not accept a body of this Content-Type";
            case 503 -> "the service is not available at the moment; try again later";
            default -> status >= 500 ? "the server could not answer this request" : title(status);
        };
    }

    private static String methodHint(WebApplicationException error) {
        Set<String> allowed = error.getResponse().getAllowedMethods();
        return allowed == null || allowed.isEmpty() ? "" : " (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")";
    }

    /** Names the place of a malformed body without echoing the server's class names. */
    private static String jsonDetail(JsonProcessingException error) {
        if (error instanceof JsonParseException parse) {
            return "the request body is not valid JSON: " + parse.getOriginalMessage()
                    + (parse.getLocation() == null ? "" : " (line " + parse.getLocation().getLineNr()
                            + ", column " + parse.getLocation().getColumnNr() + ")");
        }
        String at = error instanceof JsonMappingException mapping ? path(mapping.getPath()) : "";
        if (error instanceof UnrecognizedPropertyException unknown) {
            return "the request body has an unknown field '" + unknown.getPropertyName() + "'"
                    + (at.contains(".") ? " at '" + at + "'" : "");
        }
        if (error instanceof MismatchedInputException) {
            return at.isEmpty() ? "the request body does not have the expected JSON structure"
                    : "the value of '" + at + "' in the request body has the wrong type or format";
        }
        return "the request body does not match what this path expects" + (at.isEmpty() ? "" : " at '" + at + "'");
    }

    private static String path(List<JsonMappingException.Reference> references) {
        return references.stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private String requestPath() {
        try {
            return uriInfo == null ? null : uriInfo.getRequestUri().getRawPath();
        } catch (RuntimeException e) {
            return null; // outside a request scope
        }
    }

    private static String toJson(Problem problem) {
        try {
            return Responses.JSON.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem record always serializes", e);
        }
    }
}
