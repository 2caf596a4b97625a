package fr.datagrandest.plugin.directory;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code /directory/api/ldap}: the LDAP synchronisation's settings and last reports, and a run on demand
 * ({@code POST /directory/api/ldap/synchronisation?dryRun=true} answers the report without writing). Administrators.
 */
@Component(service = LdapResource.class)
@JakartarsResource
@JakartarsApplicationSelect(DirectoryApi.SELECT)
@JSONRequired
@Path("ldap")
@Produces(MediaType.APPLICATION_JSON)
public class LdapResource {

    private final LdapSync sync;

    @Context
    HttpServletRequest request;

    @Activate
    public LdapResource(@Reference LdapSync sync) {
        this.sync = sync;
    }

    @GET
    public Map<String, Object> status() {
        return sync.status(Caller.of(request));
    }

    @POST
    @Path("synchronisation")
    public LdapSync.Report synchronise(@QueryParam("dryRun") @DefaultValue("false") boolean dryRun) {
        return sync.synchronise(Caller.of(request), dryRun);
    }
}
