package fr.datagrandest.plugin.catalog.core.api;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

import fr.datagrandest.platform.api.security.UserIdentity;
import fr.datagrandest.plugin.catalog.core.CatalogService;
import fr.datagrandest.plugin.catalog.core.harvest.HarvestReport;
import fr.datagrandest.plugin.catalog.core.harvest.HarvestService;
import fr.datagrandest.plugin.catalog.core.harvest.HarvestSource;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Harvest sources over HTTP, under /catalog/api/harvest: anyone may read them and follow a run's progress;
 * editors and platform administrators add, run and remove them.
 */
@Component(service = HarvestResource.class)
@JakartarsResource
@JakartarsApplicationSelect("(osgi.jakartars.name=catalog)")
@JSONRequired
@Path("harvest")
@Produces(MediaType.APPLICATION_JSON)
public class HarvestResource {

    private final HarvestService harvests;
    private final CatalogService catalog;

    @Activate
    public HarvestResource(@Reference HarvestService harvests, @Reference CatalogService catalog) {
        this.harvests = harvests;
        this.catalog = catalog;
    }

    @GET
    @Path("sources")
    public List<Map<String, Object>> sources() throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (HarvestSource s : harvests.sources()) {
            out.add(describe(s));
        }
        return out;
    }

    /** Adds a source: {@code {"name", "protocol": "csw"|"ogcapi"|"dcat", "url", "intervalMinutes": 0 or 5–10080}}. */
    @POST
    @Path("sources")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Context HttpServletRequest request, Map<String, Object> body) throws SQLException {
        UserIdentity user = Callers.editor(request);
        if (body == null) {
            throw new WebApplicationException("send the source as JSON: name, protocol (csw, ogcapi, dcat), url, intervalMinutes", 400);
        }
        Object interval = body.getOrDefault("intervalMinutes", 0);
        if (!(interval instanceof Integer minutes)) {
            throw new WebApplicationException("intervalMinutes must be a whole number of minutes (0 for on demand only)", 400);
        }
        for (String field : List.of("name", "protocol", "url")) {
            if (body.get(field) != null && !(body.get(field) instanceof String)) {
                throw new WebApplicationException(field + " must be a string", 400);
            }
        }
        try {
            HarvestSource s = harvests.create((String) body.get("name"), (String) body.get("protocol"), (String) body.get("url"),
                    minutes, user.username());
            return Response.status(201).entity(describe(s)).build();
        } catch (IllegalArgumentException e) {
            throw new WebApplicationException(e.getMessage(), 400);
        }
    }

    @GET
    @Path("sources/{id}")
    public Map<String, Object> source(@PathParam("id") String id) throws SQLException {
        Map<String, Object> out = describe(find(id));
        out.put("runs", harvests.runs(id, 10));
        return out;
    }

    /** Starts a run now; its progress is in the answer's {@code Location} and in the source. */
    @POST
    @Path("sources/{id}/run")
    public Response run(@Context HttpServletRequest request, @PathParam("id") String id) throws SQLException {
        Callers.editor(request);
        HarvestSource s = find(id);
        try {
            HarvestReport report = harvests.start(s);
            return Response.accepted(report).header("Location", "/catalog/api/harvest/sources/" + id).build();
        } catch (IllegalStateException e) {
            throw new WebApplicationException(e.getMessage(), 409);
        }
    }

    @GET
    @Path("sources/{id}/runs")
    public List<HarvestReport> runs(@PathParam("id") String id, @QueryParam("limit") String limit) throws SQLException {
        find(id);
        int n = 20;
        if (limit != null && !limit.isBlank()) {
            try {
                n = Integer.parseInt(limit.strip());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > 500) {
                throw new WebApplicationException("limit must be between 1 and 500", 400);
            }
        }
        return harvests.runs(id, n);
    }

    /** Removes the source, its reports and the records that came from it. */
    @DELETE
    @Path("sources/{id}")
    public Response delete(@Context HttpServletRequest request, @PathParam("id") String id) throws SQLException, IOException {
        Callers.editor(request);
        find(id);
        try {
            harvests.delete(id);
        } catch (IllegalStateException e) {
            throw new WebApplicationException(e.getMessage(), 409);
        }
        return Response.noContent().build();
    }

    private HarvestSource find(String id) throws SQLException {
        return harvests.source(id).orElseThrow(() -> new WebApplicationException("no harvest source " + id, 404));
    }

    private Map<String, Object> describe(HarvestSource s) throws SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("name", s.name());
        m.put("protocol", s.protocol());
        m.put("url", s.url());
        m.put("intervalMinutes", s.intervalMinutes());
        m.put("createdAt", s.createdAt().toString());
        m.put("records", catalog.harvestedCount(s.id()));
        m.put("running", harvests.progress(s.id()).orElse(null));
        List<HarvestReport> last = harvests.runs(s.id(), 2);
        // While a run goes on, the last finished one is the second.
        m.put("lastRun", last.stream().filter(r -> !List.of("queued", "running").contains(r.getStatus())).findFirst().orElse(null));
        return m;
    }
}
