package fr.datagrandest.plugin.legal.clauses;

import java.io.IOException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

import fr.datagrandest.plugin.legal.Caller;
import fr.datagrandest.plugin.legal.LegalApi;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /legal/api/assemblies?format=md|html|odt|pdf}: a model, clauses with alternatives and variables
 * become a document. Without {@code format} the answer is JSON (the Markdown and the clause versions used).
 * {@code preview=true} builds the document without recording it.
 */
@Component(service = AssembliesResource.class)
@JakartarsResource
@JakartarsApplicationSelect(LegalApi.SELECT)
@JSONRequired
@Path("assemblies")
public class AssembliesResource {

    private final ClauseLibrary library;

    @Activate
    public AssembliesResource(@Reference ClauseLibrary library) {
        this.library = library;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    public Response assemble(ClauseLibrary.AssemblyRequest request, @QueryParam("format") String format,
            @QueryParam("preview") boolean preview, @Context HttpServletRequest http) throws SQLException, IOException {
        if (request == null) {
            throw new BadRequestException("a JSON body with model, clauses and variables is required");
        }
        DocumentFormats.Format chosen = format(format);
        ClauseLibrary.Assembly assembly;
        try {
            assembly = library.assemble(request, preview, Caller.of(http, library.configuration().editorCollege()).name());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
        Response.ResponseBuilder response = answer(assembly, chosen);
        if (!preview) {
            response.status(201).header("Location", "/legal/api/assemblies/" + assembly.id());
        }
        return response.build();
    }

    /** A recorded document, made again from the clause versions and variables it used. */
    @GET
    @Path("{id}")
    @Produces({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    public Response recorded(@PathParam("id") long id, @QueryParam("format") String format) throws SQLException, IOException {
        DocumentFormats.Format chosen = format(format);
        ClauseLibrary.Assembly assembly = library.recorded(id).orElseThrow(() -> new NotFoundException("no assembled document " + id));
        return answer(assembly, chosen).build();
    }

    private static DocumentFormats.Format format(String format) {
        if (format == null || format.isBlank() || format.equals("json")) {
            return null;
        }
        try {
            return DocumentFormats.Format.of(format);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    private static Response.ResponseBuilder answer(ClauseLibrary.Assembly assembly, DocumentFormats.Format format) throws IOException {
        AssembledDocument document = assembly.document();
        if (format == null) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", assembly.id());
            json.put("title", document.title());
            json.put("clausesUsed", document.clausesUsed());
            json.put("markdown", DocumentFormats.markdown(document));
            json.put("formats", List.of("md", "html", "odt", "pdf"));
            return Response.ok(json, MediaType.APPLICATION_JSON_TYPE);
        }
        String name = document.title().replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "");
        return Response.ok(DocumentFormats.write(document, format), format.mediaType)
                .header("Content-Disposition", (format == DocumentFormats.Format.HTML ? "inline" : "attachment") + "; filename=\""
                        + (name.isEmpty() ? "document" : name) + "." + format.extension + "\"")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
    }
}
