package fr.datagrandest.plugin.legal.clauses;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

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
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code /legal/api/clauses} (search, read, versions; editors write) and {@code /legal/api/models}. */
@Component(service = ClausesResource.class)
@JakartarsResource
@JakartarsApplicationSelect(LegalApi.SELECT)
@JSONRequired
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public class ClausesResource {

    private final ClauseLibrary library;

    @Activate
    public ClausesResource(@Reference ClauseLibrary library) {
        this.library = library;
    }

    /** Clause as the API shows it: the version, and the variables it uses. */
    public record ClauseView(String id, int version, String title, String category, String body, List<Clause.Alternative> alternatives,
            String commentary, List<String> variables, String changedAt, String changedBy) {
        static ClauseView of(Clause c) {
            return new ClauseView(c.id(), c.version(), c.title(), c.category(), c.body(), c.alternatives(), c.commentary(),
                    c.variables(), c.changedAt().toString(), c.changedBy());
        }
    }

    @GET
    @Path("clauses")
    public Map<String, Object> search(@QueryParam("q") String q, @QueryParam("category") String category) throws SQLException {
        if (q != null && q.length() > 500) {
            throw new BadRequestException("the search text is limited to 500 characters");
        }
        List<ClauseView> clauses = library.search(q, category).stream().map(ClauseView::of).toList();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("query", q == null ? "" : q);
        answer.put("total", clauses.size());
        answer.put("clauses", clauses);
        answer.put("categories", Clause.CATEGORIES);
        return answer;
    }

    @GET
    @Path("clauses/{id}")
    public ClauseView one(@PathParam("id") String id, @QueryParam("version") Integer version) throws SQLException {
        return library.clause(id, version).map(ClauseView::of)
                .orElseThrow(() -> new NotFoundException("no clause '" + id + "'" + (version == null ? "" : " version " + version)));
    }

    @GET
    @Path("clauses/{id}/versions")
    public List<ClauseView> versions(@PathParam("id") String id) throws SQLException {
        List<ClauseView> versions = library.versions(id).stream().map(ClauseView::of).toList();
        if (versions.isEmpty()) {
            throw new NotFoundException("no clause '" + id + "'");
        }
        return versions;
    }

    @POST
    @Path("clauses")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(ClauseInput input, @Context HttpServletRequest request) throws SQLException {
        Caller caller = Caller.of(request, library.configuration().editorCollege());
        caller.requireEditor();
        try {
            Clause clause = library.create(require(input), caller.name());
            return Response.status(201).header("Location", "/legal/api/clauses/" + clause.id()).entity(ClauseView.of(clause)).build();
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        } catch (IllegalStateException e) {
            throw new ClientErrorException(e.getMessage(), Response.Status.CONFLICT);
        }
    }

    /** Writes a new version; the earlier ones stay, and documents built from them keep naming them. */
    @PUT
    @Path("clauses/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public ClauseView update(@PathParam("id") String id, ClauseInput input, @Context HttpServletRequest request) throws SQLException {
        Caller caller = Caller.of(request, library.configuration().editorCollege());
        caller.requireEditor();
        try {
            return ClauseView.of(library.newVersion(id, require(input), caller.name()));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        } catch (NoSuchElementException e) {
            throw new NotFoundException(e.getMessage());
        }
    }

    private static ClauseInput require(ClauseInput input) {
        if (input == null) {
            throw new BadRequestException("a JSON clause is required");
        }
        return input;
    }

    @GET
    @Path("models")
    public List<AssemblyModel> models() {
        return library.models();
    }

    @GET
    @Path("models/{id}")
    public AssemblyModel model(@PathParam("id") String id) {
        return library.model(id).orElseThrow(() -> new NotFoundException("no model '" + id + "'"));
    }
}
