package fr.datagrandest.plugin.ocs.core;

import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * Bad input as an RFC 9457 problem that also carries what the user needs to fix it (unknown codes with
 * the polygon identifiers, missing fields, …).
 */
@Component(service = ExceptionMapper.class, scope = ServiceScope.PROTOTYPE)
@JakartarsExtension
@JakartarsName("ocs.problems")
@JakartarsApplicationSelect("(osgi.jakartars.name=ocs)")
public class OcsProblemMapper implements ExceptionMapper<OcsInputException> {

    private final ObjectMapper json = new ObjectMapper();

    @Context
    private UriInfo uriInfo;

    @Override
    public Response toResponse(OcsInputException e) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", Response.Status.fromStatusCode(e.status()) == null ? "Bad request"
                : Response.Status.fromStatusCode(e.status()).getReasonPhrase());
        if (e.status() == 422) {
            problem.put("title", "Unprocessable Content");
        }
        problem.put("status", e.status());
        problem.put("detail", e.getMessage());
        if (uriInfo != null) {
            problem.put("instance", "/" + uriInfo.getPath());
        }
        e.details().forEach(problem::putIfAbsent);
        try {
            return Response.status(e.status()).type("application/problem+json").header("Cache-Control", "no-store")
                    .entity(json.writeValueAsString(problem)).build();
        } catch (JsonProcessingException x) {
            return Response.status(e.status()).type("text/plain").entity(e.getMessage()).build();
        }
    }
}
