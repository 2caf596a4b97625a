package fr.datagrandest.plugin.directory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

import fr.datagrandest.plugin.directory.Entries.HistoryEntry;
import fr.datagrandest.plugin.directory.Entries.Page;
import fr.datagrandest.plugin.directory.Entries.Person;
import fr.datagrandest.plugin.directory.Entries.PersonInput;
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

/**
 * {@code /directory/api/people}: search, read, create, change, remove, history, vCard, and the person's rights
 * (their data as JSON, erasure, confirmation of the entry).
 */
@Component(service = PeopleResource.class)
@JakartarsResource
@JakartarsApplicationSelect(DirectoryApi.SELECT)
@JSONRequired
@Path("people")
@Produces(MediaType.APPLICATION_JSON)
public class PeopleResource {

    private final Directory directory;

    @Context
    HttpServletRequest request;

    @Activate
    public PeopleResource(@Reference Directory directory) {
        this.directory = directory;
    }

    @GET
    public Page<Person> search(@QueryParam("q") String q, @QueryParam("college") String college,
            @QueryParam("role") String role, @QueryParam("organisation") Long organisation,
            @QueryParam("offset") @DefaultValue("0") int offset, @QueryParam("limit") @DefaultValue("20") int limit) {
        return directory.searchPeople(Caller.of(request), q, college, role, organisation, offset, limit);
    }

    /** The entries linked to the signed-in account. */
    @GET
    @Path("me")
    public List<Person> me() {
        Access access = Caller.of(request);
        if (access.user().isAnonymous()) {
            throw Directory.problem(401, "sign in to see your own entry");
        }
        return directory.peopleOfAccount(access.actor()).stream()
                .map(id -> directory.person(access, id).orElseThrow()).toList();
    }

    @GET
    @Path("{id}")
    public Person get(@PathParam("id") long id) {
        return directory.person(Caller.of(request), id).orElseThrow(() -> Directory.notFound("person " + id));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(PersonInput input) {
        Person created = directory.createPerson(Caller.of(request), input);
        return Response.status(201).header("Location", "/directory/api/people/" + created.id()).entity(created).build();
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Person update(@PathParam("id") long id, PersonInput input) {
        return directory.updatePerson(Caller.of(request), id, input);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") long id) {
        directory.deletePerson(Caller.of(request), id);
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/history")
    public List<HistoryEntry> history(@PathParam("id") long id) {
        return directory.history(Caller.of(request), "person", id);
    }

    @GET
    @Path("{id}/vcard")
    @Produces("text/vcard")
    public Response vcard(@PathParam("id") long id) throws IOException {
        Access access = Caller.of(request);
        directory.person(access, id).orElseThrow(() -> Directory.notFound("person " + id));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ContactExport.vcard(ContactExport.lines(directory, access, null, null, id), out);
        return Response.ok(out.toByteArray(), "text/vcard;charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"contact-" + id + ".vcf\"").build();
    }

    /** RGPD right of access: everything stored about the person, as JSON. */
    @GET
    @Path("{id}/data")
    public Response data(@PathParam("id") long id) {
        return Response.ok(directory.personalData(Caller.of(request), id))
                .header("Content-Disposition", "attachment; filename=\"donnees-personnelles-" + id + ".json\"").build();
    }

    /** RGPD right to erasure. */
    @POST
    @Path("{id}/erasure")
    public Map<String, Object> erase(@PathParam("id") long id, @QueryParam("reason") String reason) {
        directory.erase(Caller.of(request), id, reason);
        return Map.of("erased", id);
    }

    /** The person confirms the entry is still right; the retention period starts again. */
    @POST
    @Path("{id}/confirmation")
    public Person confirm(@PathParam("id") long id) {
        return directory.confirm(Caller.of(request), id);
    }
}
