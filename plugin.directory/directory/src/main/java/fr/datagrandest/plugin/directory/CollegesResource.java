package fr.datagrandest.plugin.directory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

import fr.datagrandest.plugin.directory.Entries.College;
import fr.datagrandest.plugin.directory.Entries.CollegeInput;
import fr.datagrandest.plugin.directory.Entries.Group;
import fr.datagrandest.plugin.directory.Entries.GroupInput;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code /directory/api/colleges} (lists per collège), {@code /directory/api/referents} ("who is the referent of"),
 * {@code /directory/api/groups} (working groups and mailing lists) and {@code /directory/api/privacy}.
 */
@Component(service = CollegesResource.class)
@JakartarsResource
@JakartarsApplicationSelect(DirectoryApi.SELECT)
@JSONRequired
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public class CollegesResource {

    private final Directory directory;

    @Context
    HttpServletRequest request;

    @Activate
    public CollegesResource(@Reference Directory directory) {
        this.directory = directory;
    }

    @GET
    @Path("colleges")
    public List<College> colleges() {
        return directory.colleges();
    }

    @POST
    @Path("colleges")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(CollegeInput input) {
        return Response.status(201).entity(directory.createCollege(Caller.of(request), input)).build();
    }

    /** The organisations and people of a collège. */
    @GET
    @Path("colleges/{code}")
    public Map<String, Object> college(@PathParam("code") String code,
            @QueryParam("limit") @DefaultValue("500") int limit) {
        College college = directory.college(code).orElseThrow(() -> Directory.notFound("collège '" + code + "'"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("college", college);
        out.put("organisations", directory.searchOrganisations(null, code, null, null, 0, limit).items());
        out.put("people", directory.searchPeople(Caller.of(request), null, code, null, null, 0, limit).items());
        return out;
    }

    @GET
    @Path("referents")
    public Directory.ReferentResult referents(@QueryParam("organisation") Long organisation,
            @QueryParam("territory") String territory, @QueryParam("q") String q) {
        if (organisation == null && (territory == null || territory.isBlank()) && (q == null || q.isBlank())) {
            throw Directory.problem(400, "say whose referent you look for: ?organisation=<id>, ?territory=commune:67482 or ?q=<name>");
        }
        return directory.referents(organisation, territory == null || territory.isBlank() ? null : territory, q);
    }

    @GET
    @Path("groups")
    public List<Group> groups() {
        return directory.groups(Caller.of(request));
    }

    @GET
    @Path("groups/{id}")
    public Group group(@PathParam("id") long id) {
        return directory.group(Caller.of(request), id).orElseThrow(() -> Directory.notFound("working group " + id));
    }

    @POST
    @Path("groups")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createGroup(GroupInput input) {
        return Response.status(201).entity(directory.saveGroup(Caller.of(request), null, input)).build();
    }

    @PUT
    @Path("groups/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Group updateGroup(@PathParam("id") long id, GroupInput input) {
        return directory.saveGroup(Caller.of(request), id, input);
    }

    /** Why personal data are kept, for how long, and the rights of each person. */
    @GET
    @Path("privacy")
    public Map<String, Object> privacy() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("controller", "DataGrandEst");
        out.put("purpose", directory.config().purpose());
        out.put("publicFields", List.of("firstName", "lastName", "jobTitle", "organisation", "roles", "colleges", "groups"));
        out.put("privateFields", List.of("email", "phone", "notes", "account", "consent"));
        out.put("retentionMonths", directory.config().retentionMonths());
        out.put("rights", Map.of(
                "access", "GET /directory/api/people/{id}/data",
                "rectification", "PUT /directory/api/people/{id}",
                "erasure", "POST /directory/api/people/{id}/erasure",
                "erasureLift", "DELETE /directory/api/privacy/erasures?email= (administrators, when the person asks to be added again)",
                "confirmation", "POST /directory/api/people/{id}/confirmation"));
        return out;
    }

    /** Runs the retention rule now (administrators). */
    @POST
    @Path("privacy/retention")
    public Map<String, Object> retention() {
        Access access = Caller.of(request);
        if (!access.isAdmin()) {
            throw Directory.problem(403, "only a platform administrator runs the retention rule by hand");
        }
        return Map.of("erased", directory.applyRetention(access.actor()), "retentionMonths",
                directory.config().retentionMonths());
    }

    /** The erasures kept so that imports do not bring erased people back (administrators; no personal data). */
    @GET
    @Path("privacy/erasures")
    public List<Erasures.Tombstone> erasures() {
        return directory.erasures().list(Caller.of(request));
    }

    /** Lifts an erasure by its number (in the erasure's audit event) when the person asks to be added again. */
    @DELETE
    @Path("privacy/erasures/{id}")
    public Map<String, Object> liftErasure(@PathParam("id") long id) {
        return Map.of("lifted", directory.erasures().lift(Caller.of(request), id, null));
    }

    /** The same by the person's e-mail address (compared without case), which is not kept. */
    @DELETE
    @Path("privacy/erasures")
    public Map<String, Object> liftErasureByEmail(@QueryParam("email") String email) {
        return Map.of("lifted", directory.erasures().lift(Caller.of(request), null, email));
    }

    /**
     * Rebuilds this node's search index from the database now (administrators), for example after the database
     * was restored or changed by hand; searches go on meanwhile on the old index.
     */
    @POST
    @Path("search-index")
    public Map<String, Object> rebuildSearchIndex() {
        Access access = Caller.of(request);
        if (!access.isAdmin()) {
            throw Directory.problem(403, "only a platform administrator rebuilds the search index");
        }
        long started = System.nanoTime();
        int entries;
        try {
            entries = directory.searchIndex().rebuild();
        } catch (java.sql.SQLException | java.io.IOException e) {
            throw Directory.problem(503, "the search index could not be rebuilt: " + e.getMessage());
        }
        if (entries < 0) {
            throw Directory.problem(409, "the search index is being rebuilt already");
        }
        return Map.of("entries", entries, "milliseconds", (System.nanoTime() - started) / 1_000_000);
    }
}
