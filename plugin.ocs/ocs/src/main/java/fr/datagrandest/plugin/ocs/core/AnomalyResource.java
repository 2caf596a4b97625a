package fr.datagrandest.plugin.ocs.core;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.datagrandest.platform.api.security.Roles;
import fr.datagrandest.platform.api.security.UserIdentity;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Anomaly reports in bulk: {@code POST /ocs/api/anomalies} takes a JSON list, a GeoJSON FeatureCollection
 * (polygons picked on a map or exported from a GIS) or a CSV list; the workflow moves through
 * {@code POST /ocs/api/anomalies/{id}/status}; {@code GET /ocs/api/anomalies/export} gives GeoJSON or CSV.
 */
@Component(service = AnomalyResource.class)
@JakartarsResource
@JakartarsApplicationSelect("(osgi.jakartars.name=ocs)")
@JSONRequired
@Path("anomalies")
public class AnomalyResource {

    private static final int MAX_BODY = 16 * 1024 * 1024;

    private final OcsService ocs;
    private final ObjectMapper json = new ObjectMapper();

    @Activate
    public AnomalyResource(@Reference OcsService ocs) {
        this.ocs = ocs;
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, "application/geo+json", "text/csv"})
    @Produces(MediaType.APPLICATION_JSON)
    public Response report(InputStream body, @Context HttpServletRequest request) throws IOException {
        String who = user(request, false);
        byte[] bytes = body.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            throw new OcsInputException(413, "the list of anomalies is larger than 16 MiB: send it in parts");
        }
        String type = request.getContentType() == null ? "" : request.getContentType();
        List<AnomalyReports.Submission> submissions = type.startsWith("text/csv") ? fromCsv(bytes) : fromJson(bytes);
        List<Long> ids = ocs.anomalies().submit(submissions, who);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("created", ids.size());
        out.put("ids", ids);
        out.put("status", "new");
        return Response.created(URI.create("/ocs/api/anomalies?status=new")).entity(out).build();
    }

    private List<AnomalyReports.Submission> fromJson(byte[] bytes) {
        JsonNode root;
        try {
            root = json.readTree(bytes);
        } catch (IOException e) {
            throw new OcsInputException(400, "the body is not JSON: " + (e instanceof JsonProcessingException j
                    ? j.getOriginalMessage() : e.getMessage()));
        }
        List<AnomalyReports.Submission> list = new ArrayList<>();
        if (root == null) {
            return list;
        }
        if ("FeatureCollection".equals(root.path("type").asText())) {
            for (JsonNode f : root.path("features")) {
                list.add(submission(f.path("properties")));
            }
        } else if (root.isArray()) {
            root.forEach(n -> list.add(submission(n)));
        } else if (root.has("polygonIds")) {
            // one proposal for several polygons selected on a map
            for (JsonNode id : root.path("polygonIds")) {
                list.add(new AnomalyReports.Submission(id.asText(), integer(root, "millesime", "MILLESIME"),
                        text(root, "departement"), text(root, "proposedCs", "CODE_CS_PROPOSE"),
                        text(root, "proposedUs", "CODE_US_PROPOSE"), text(root, "comment", "commentaire")));
            }
        } else if (root.isObject()) {
            list.add(submission(root));
        } else {
            throw new OcsInputException(400, "expected a JSON object, a list or a GeoJSON FeatureCollection");
        }
        return list;
    }

    private static AnomalyReports.Submission submission(JsonNode n) {
        return new AnomalyReports.Submission(text(n, "polygonId", "ID", "id"), integer(n, "millesime", "MILLESIME"),
                text(n, "departement"), text(n, "proposedCs", "CODE_CS_PROPOSE"),
                text(n, "proposedUs", "CODE_US_PROPOSE"), text(n, "comment", "commentaire"));
    }

    private static String text(JsonNode n, String... names) {
        for (String name : names) {
            if (n.hasNonNull(name)) {
                return n.get(name).asText();
            }
        }
        return null;
    }

    private static Integer integer(JsonNode n, String... names) {
        String t = text(n, names);
        try {
            return t == null ? null : Integer.valueOf(t.trim());
        } catch (NumberFormatException e) {
            throw new OcsInputException(400, "millesime '" + t + "' is not a year");
        }
    }

    private static List<AnomalyReports.Submission> fromCsv(byte[] bytes) throws IOException {
        List<AnomalyReports.Submission> list = new ArrayList<>();
        for (Map<String, String> row : Csv.read(new ByteArrayInputStream(bytes))) {
            Map<String, String> r = new LinkedHashMap<>();
            row.forEach((k, v) -> r.put(k.trim().toLowerCase(java.util.Locale.ROOT), v));
            String year = r.get("millesime");
            Integer millesime;
            try {
                millesime = year == null || year.isBlank() ? null : Integer.valueOf(year.trim());
            } catch (NumberFormatException e) {
                throw new OcsInputException(400, "millesime '" + year + "' is not a year");
            }
            list.add(new AnomalyReports.Submission(r.getOrDefault("id", r.get("polygonid")), millesime,
                    r.get("departement"), r.get("code_cs_propose"), r.get("code_us_propose"), r.get("commentaire")));
        }
        return list;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> list(@QueryParam("status") String status) {
        return ocs.anomalies().list(status, null);
    }

    @GET
    @Path("{id: [0-9]+}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> get(@PathParam("id") long id) {
        return ocs.anomalies().get(id);
    }

    @POST
    @Path("{id: [0-9]+}/status")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> changeStatus(@PathParam("id") long id, Map<String, Object> body,
            @Context HttpServletRequest request) {
        String who = user(request, true);
        if (body == null || !(body.get("status") instanceof String status)) {
            throw new OcsInputException(400, "send {\"status\": \"acknowledged|accepted|rejected|exported\"}");
        }
        return ocs.anomalies().changeStatus(id, status, who, body.get("note") == null ? null : body.get("note").toString());
    }

    @GET
    @Path("export")
    @Produces({"application/geo+json", "text/csv"})
    public Response export(@QueryParam("status") String status, @QueryParam("format") String format) {
        if ("csv".equals(format)) {
            return Response.ok(ocs.anomalies().csv(status).getBytes(StandardCharsets.UTF_8))
                    .type("text/csv; charset=UTF-8")
                    .header("Content-Disposition", "attachment; filename=\"anomalies-ocs.csv\"").build();
        }
        return Response.ok(ocs.anomalies().geoJson(status).getBytes(StandardCharsets.UTF_8))
                .type("application/geo+json")
                .header("Content-Disposition", "attachment; filename=\"anomalies-ocs.geojson\"").build();
    }

    /** Who calls; with the security module running, reporting needs an account and the workflow an editor. */
    private static String user(HttpServletRequest request, boolean workflow) {
        Object identity = request.getAttribute(UserIdentity.REQUEST_ATTRIBUTE);
        if (identity instanceof UserIdentity user) {
            if (user.isAnonymous()) {
                throw new OcsInputException(401, "sign in to report anomalies");
            }
            if (workflow && !user.hasRole(Roles.EDITOR) && !user.hasRole(Roles.PLATFORM_ADMIN)) {
                throw new OcsInputException(403, "handling anomaly reports needs the editor or platform-admin role");
            }
            return user.username();
        }
        return "anonymous";
    }
}
