package fr.datagrandest.plugin.directory;

import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

import fr.datagrandest.plugin.directory.Entries.HistoryEntry;
import fr.datagrandest.plugin.directory.Entries.Organisation;
import fr.datagrandest.plugin.directory.Entries.OrganisationInput;
import fr.datagrandest.plugin.directory.Entries.Page;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
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

/** {@code /directory/api/organisations}: search, read, create, change, remove, history. */
@Component(service = OrganisationsResource.class)
@JakartarsResource
@JakartarsApplicationSelect(DirectoryApi.SELECT)
@JSONRequired
@Path("organisations")
@Produces(MediaType.APPLICATION_JSON)
public class OrganisationsResource {

    private final Directory directory;

    @Context
    HttpServletRequest request;

    @Activate
    public OrganisationsResource(@Reference Directory directory) {
        this.directory = directory;
    }

    @GET
    public Page<Organisation> search(@QueryParam("q") String q, @QueryParam("college") String college,
            @QueryParam("type") String type, @QueryParam("territory") String territory,
            @QueryParam("offset") @DefaultValue("0") int offset, @QueryParam("limit") @DefaultValue("20") int limit) {
        return directory.searchOrganisations(q, college, type, territory, offset, limit);
    }

    @GET
    @Path("{id}")
    public Organisation get(@PathParam("id") long id) {
        return directory.organisation(id).orElseThrow(() -> Directory.notFound("organisation " + id));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(OrganisationInput input) {
        Organisation created = directory.createOrganisation(Caller.of(request), input);
        return Response.status(201).header("Location", "/directory/api/organisations/" + created.id()).entity(created).build();
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Organisation update(@PathParam("id") long id, OrganisationInput input) {
        return directory.updateOrganisation(Caller.of(request), id, input);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") long id) {
        directory.deleteOrganisation(Caller.of(request), id);
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/history")
    public List<HistoryEntry> history(@PathParam("id") long id) {
        return directory.history(Caller.of(request), "organisation", id);
    }
}
