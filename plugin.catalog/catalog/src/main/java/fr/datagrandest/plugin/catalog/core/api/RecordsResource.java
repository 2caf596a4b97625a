package fr.datagrandest.plugin.catalog.core.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

import fr.datagrandest.platform.api.security.Roles;
import fr.datagrandest.platform.api.security.UserIdentity;
import fr.datagrandest.plugin.catalog.core.CatalogService;
import fr.datagrandest.plugin.catalog.core.ImportReport;
import fr.datagrandest.plugin.catalog.core.record.CatalogRecord;
import fr.datagrandest.plugin.catalog.core.search.SearchIndex;
import fr.datagrandest.plugin.catalog.core.store.StoredRecord;
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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * The JSON API of the catalogue: search with facets, one record and its original document, imports with a report,
 * deletion, index rebuild and status. Identifiers that hold a slash are addressed with {@code ?id=}.
 */
@Component(service = RecordsResource.class)
@JakartarsResource
@JakartarsApplicationSelect("(osgi.jakartars.name=catalog)")
@JSONRequired
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class RecordsResource {

    static final int MAX_LIMIT = 500;

    private final CatalogService catalog;

    @Activate
    public RecordsResource(@Reference CatalogService catalog) {
        this.catalog = catalog;
    }

    @GET
    @Path("records")
    public Map<String, Object> search(@Context UriInfo uri, @QueryParam("q") String q, @QueryParam("bbox") String bbox,
            @QueryParam("relation") String relation, @QueryParam("sort") String sort,
            @QueryParam("offset") String offset, @QueryParam("limit") String limit,
            @QueryParam("facets") String facetValues) throws IOException {
        int from = integer("offset", offset, 0, 0, 10_000_000);
        int size = integer("limit", limit, 20, 0, MAX_LIMIT);
        int facetCount = integer("facets", facetValues, 10, 0, 200);
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        boolean hasText = q != null && !q.isBlank();
        query.add(hasText ? catalog.index().textQuery(q) : new org.apache.lucene.search.MatchAllDocsQuery(), Occur.MUST);
        if (bbox != null && !bbox.isBlank()) {
            double[] box = bbox(bbox);
            if (relation != null && !relation.equals("intersects") && !relation.equals("within")) {
                throw new WebApplicationException("relation must be intersects or within", 400);
            }
            query.add(SearchIndex.bboxQuery(box[0], box[1], box[2], box[3], "within".equals(relation)), Occur.FILTER);
        }
        Map<String, List<String>> filters = new LinkedHashMap<>();
        for (String dim : SearchIndex.FACETS) {
            List<String> values = uri.getQueryParameters().get(dim);
            if (values != null && !values.isEmpty()) {
                filters.put(dim, values);
                BooleanQuery.Builder any = new BooleanQuery.Builder();
                for (String v : values) {
                    any.add(SearchIndex.facetFilter(dim, v), Occur.SHOULD);
                }
                query.add(any.build(), Occur.FILTER);
            }
        }
        String order = sort == null || sort.isBlank() ? (hasText ? "relevance" : "title") : sort;
        if (!SearchIndex.SORTS.contains(order)) {
            throw new WebApplicationException("sort must be one of relevance, title, -title, date, -date, identifier", 400);
        }
        SearchIndex.Result result = catalog.search(query.build(), SearchIndex.sort(order), from, size, facetCount);
        List<Map<String, Object>> records = new ArrayList<>();
        for (CatalogRecord r : result.records()) {
            records.add(summary(r));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", result.total());
        out.put("offset", from);
        out.put("limit", size);
        out.put("sort", order);
        out.put("filters", filters);
        out.put("records", records);
        out.put("facets", result.facets());
        return out;
    }

    static Map<String, Object> summary(CatalogRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("identifier", r.identifier());
        m.put("title", r.title());
        m.put("abstract", r.abstractText() == null ? null
                : r.abstractText().length() > 400 ? r.abstractText().substring(0, 397) + "..." : r.abstractText());
        m.put("type", r.resourceType());
        m.put("organisation", r.organisation());
        m.put("keywords", r.keywords());
        m.put("date", r.resourceDate());
        m.put("standard", r.standard());
        m.put("bbox", r.bbox() == null ? null : List.of(r.bbox().west(), r.bbox().south(), r.bbox().east(), r.bbox().north()));
        m.put("formats", r.formats());
        m.put("licence", r.licence());
        return m;
    }

    static double[] bbox(String text) {
        String[] parts = text.split(",");
        if (parts.length != 4) {
            throw new WebApplicationException("bbox must be west,south,east,north in WGS 84 degrees", 400);
        }
        double[] box = new double[4];
        try {
            for (int i = 0; i < 4; i++) {
                box[i] = Double.parseDouble(parts[i].strip());
            }
        } catch (NumberFormatException e) {
            throw new WebApplicationException("bbox must be four numbers: west,south,east,north", 400);
        }
        if (box[0] > box[2] || box[1] > box[3] || box[0] < -180 || box[2] > 180 || box[1] < -90 || box[3] > 90) {
            throw new WebApplicationException("bbox " + text + " is not a WGS 84 box west,south,east,north", 400);
        }
        return box;
    }

    static int integer(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(value.strip());
            if (v < min || v > max) {
                throw new WebApplicationException(name + " must be between " + min + " and " + max, 400);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new WebApplicationException(name + " must be a whole number", 400);
        }
    }

    @GET
    @Path("records/{id}")
    public Map<String, Object> record(@PathParam("id") String id) throws SQLException {
        return full(id);
    }

    @GET
    @Path("record")
    public Map<String, Object> recordById(@QueryParam("id") String id) throws SQLException {
        return full(id);
    }

    private Map<String, Object> full(String id) throws SQLException {
        if (id == null || id.isBlank()) {
            throw new WebApplicationException("id is required", 400);
        }
        StoredRecord stored = catalog.find(id).orElseThrow(() -> new WebApplicationException("no record " + id, 404));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("record", stored.record());
        m.put("originalName", stored.originalName());
        m.put("originalSha256", stored.sha256());
        m.put("created", stored.createdAt().toString());
        m.put("harvestSource", stored.harvestSource());
        m.put("updated", stored.updatedAt().toString());
        m.put("original", "/catalog/api/record/original?id=" + java.net.URLEncoder.encode(id, StandardCharsets.UTF_8));
        return m;
    }

    @GET
    @Path("records/{id}/original")
    @Produces({"application/xml", "application/rdf+xml"})
    public Response original(@PathParam("id") String id) throws SQLException {
        return originalDocument(id);
    }

    @GET
    @Path("record/original")
    @Produces({"application/xml", "application/rdf+xml"})
    public Response originalById(@QueryParam("id") String id) throws SQLException {
        return originalDocument(id);
    }

    private Response originalDocument(String id) throws SQLException {
        if (id == null || id.isBlank()) {
            throw new WebApplicationException("id is required", 400);
        }
        StoredRecord stored = catalog.find(id).orElseThrow(() -> new WebApplicationException("no record " + id, 404));
        byte[] content = catalog.original(id).orElseThrow(() -> new WebApplicationException("no record " + id, 404));
        String type = "dcat".equals(stored.record().standard()) ? "application/rdf+xml" : "application/xml";
        return Response.ok(content, type).build();
    }

    /**
     * Imports one metadata document, or a zip of documents ({@code Content-Type: application/zip}). The body goes to a
     * temporary file first (size limit), then each document is checked and written whole or refused with its reason.
     */
    @POST
    @Path("records")
    @Consumes(MediaType.WILDCARD)
    public Response importRecords(@Context HttpServletRequest request, @Context HttpHeaders headers,
            @QueryParam("name") String name, InputStream body) throws IOException {
        UserIdentity user = Callers.editor(request);
        long max = catalog.configuration().maxUploadMiB() * 1024L * 1024L;
        if (request.getContentLengthLong() > max) {
            throw new WebApplicationException("the upload is larger than " + catalog.configuration().maxUploadMiB() + " MiB", 413);
        }
        java.nio.file.Path temp = Files.createTempFile("catalog-upload", ".tmp");
        try {
            long size;
            try (InputStream in = body; var out = Files.newOutputStream(temp)) {
                size = copyAtMost(in, out, max);
            }
            if (size < 0) {
                throw new WebApplicationException("the upload is larger than " + catalog.configuration().maxUploadMiB() + " MiB", 413);
            }
            if (size == 0) {
                throw new WebApplicationException("the body is empty: send a metadata document or a zip of documents", 400);
            }
            ImportReport report = new ImportReport();
            MediaType type = headers.getMediaType();
            boolean zip = type != null && (type.getSubtype().equals("zip") || type.getSubtype().equals("x-zip-compressed"))
                    || isZip(temp);
            if (zip) {
                try (InputStream in = Files.newInputStream(temp)) {
                    catalog.importZip(in, user.username(), report);
                }
            } else {
                catalog.importDocument(name == null || name.isBlank() ? "document" : name, Files.readAllBytes(temp),
                        user.username(), report);
                catalog.commit();
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("imported", report.getImported());
            out.put("refused", report.getRefused());
            out.put("files", report.getFiles());
            out.put("entries", report.getEntries());
            int status = report.getImported() == 0 && report.getRefused() > 0 ? 422 : 200;
            return Response.status(status).type(MediaType.APPLICATION_JSON).entity(out).build();
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static boolean isZip(java.nio.file.Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        }
    }

    private static long copyAtMost(InputStream in, java.io.OutputStream out, long max) throws IOException {
        byte[] buffer = new byte[65536];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > max) {
                return -1;
            }
            out.write(buffer, 0, n);
        }
        return total;
    }

    @DELETE
    @Path("records/{id}")
    public Response delete(@Context HttpServletRequest request, @PathParam("id") String id) throws SQLException, IOException {
        return remove(request, id);
    }

    @DELETE
    @Path("record")
    public Response deleteById(@Context HttpServletRequest request, @QueryParam("id") String id) throws SQLException, IOException {
        return remove(request, id);
    }

    private Response remove(HttpServletRequest request, String id) throws SQLException, IOException {
        Callers.editor(request);
        if (id == null || id.isBlank()) {
            throw new WebApplicationException("id is required", 400);
        }
        if (!catalog.delete(id)) {
            throw new WebApplicationException("no record " + id, 404);
        }
        return Response.noContent().build();
    }

    @GET
    @Path("record/quality")
    public fr.datagrandest.plugin.catalog.core.record.QualityReport quality(@QueryParam("id") String id) throws SQLException {
        if (id == null || id.isBlank()) {
            throw new WebApplicationException("id is required", 400);
        }
        StoredRecord stored = catalog.find(id).orElseThrow(() -> new WebApplicationException("no record " + id, 404));
        return fr.datagrandest.plugin.catalog.core.record.QualityReport.of(stored.record());
    }

    /** Per organisation: how many records, their mean score, and what is missing most often. */
    @GET
    @Path("quality")
    public Map<String, Object> qualitySummary() throws SQLException {
        Map<String, int[]> totals = new java.util.TreeMap<>();
        Map<String, Map<String, Integer>> missing = new java.util.HashMap<>();
        catalog.forEachRecord(r -> {
            String org = r.organisation() == null ? "(sans organisation)" : r.organisation();
            var q = fr.datagrandest.plugin.catalog.core.record.QualityReport.of(r);
            int[] t = totals.computeIfAbsent(org, k -> new int[2]);
            t[0]++;
            t[1] += q.score();
            for (var c : q.checks()) {
                if (!c.present()) {
                    missing.computeIfAbsent(org, k -> new java.util.HashMap<>()).merge(c.element(), 1, Integer::sum);
                }
            }
        });
        List<Map<String, Object>> organisations = new ArrayList<>();
        totals.forEach((org, t) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("organisation", org);
            m.put("records", t[0]);
            m.put("meanScore", Math.round((double) t[1] / t[0]));
            m.put("missing", missing.getOrDefault(org, Map.of()).entrySet().stream()
                    .sorted((a, b) -> b.getValue() - a.getValue())
                    .map(e -> Map.of("element", e.getKey(), "records", e.getValue())).toList());
            organisations.add(m);
        });
        return Map.of("organisations", organisations);
    }

    @POST
    @Path("index/rebuild")
    public Map<String, Object> rebuild(@Context HttpServletRequest request) throws IOException, SQLException {
        UserIdentity user = Callers.editor(request);
        if (!user.hasRole(Roles.PLATFORM_ADMIN)) {
            throw new WebApplicationException("rebuilding the index needs the platform-admin role", 403);
        }
        catalog.rebuildIndex();
        return status();
    }

    @GET
    @Path("status")
    public Map<String, Object> status() throws IOException, SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ready", catalog.ready());
        m.put("records", catalog.count());
        m.put("indexed", catalog.indexed());
        m.put("task", catalog.task());
        m.put("done", catalog.taskDone());
        m.put("total", catalog.taskTotal());
        return m;
    }
}
