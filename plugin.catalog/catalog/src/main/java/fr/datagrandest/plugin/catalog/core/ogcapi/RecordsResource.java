package fr.datagrandest.plugin.catalog.core.ogcapi;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.TermRangeQuery;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

import fr.datagrandest.plugin.catalog.core.CatalogService;
import fr.datagrandest.plugin.catalog.core.record.CatalogRecord;
import fr.datagrandest.plugin.catalog.core.search.SearchIndex;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * OGC API – Records Part 1 (core, JSON): landing page, conformance, the "metadata" collection, its items (GeoJSON
 * records) with q, bbox, datetime, type, limit and offset, and one item.
 */
@Component(service = RecordsResource.class)
@JakartarsResource
@JakartarsApplicationSelect("(osgi.jakartars.name=catalog-ogcapi)")
@JSONRequired
@Path("/")
@Produces({"application/json", "application/geo+json"})
public class RecordsResource {

    static final String COLLECTION = "metadata";
    static final int MAX_LIMIT = 1000;
    private final CatalogService catalog;

    @Activate
    public RecordsResource(@Reference CatalogService catalog) {
        this.catalog = catalog;
    }

    private static String base(UriInfo uri) {
        return uri.getBaseUri().toString().replaceAll("/$", "");
    }

    private static Map<String, Object> link(String href, String rel, String type, String title) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("href", href);
        l.put("rel", rel);
        l.put("type", type);
        if (title != null) {
            l.put("title", title);
        }
        return l;
    }

    @GET
    public Map<String, Object> landing(@Context UriInfo uri) {
        String b = base(uri);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", catalog.configuration().title());
        m.put("description", "OGC API – Records du catalogue DataGrandEst");
        m.put("links", List.of(link(b, "self", "application/json", "cette page"),
                link(b + "/conformance", "conformance", "application/json", "classes de conformité"),
                link(b + "/collections", "data", "application/json", "collections")));
        return m;
    }

    @GET
    @Path("conformance")
    public Map<String, Object> conformance() {
        return Map.of("conformsTo", List.of(
                "http://www.opengis.net/spec/ogcapi-common-1/1.0/conf/core",
                "http://www.opengis.net/spec/ogcapi-common-2/1.0/conf/collections",
                "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
                "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
                "http://www.opengis.net/spec/ogcapi-records-1/1.0/conf/core",
                "http://www.opengis.net/spec/ogcapi-records-1/1.0/conf/record-core",
                "http://www.opengis.net/spec/ogcapi-records-1/1.0/conf/json"));
    }

    @GET
    @Path("collections")
    public Map<String, Object> collections(@Context UriInfo uri) {
        String b = base(uri);
        return Map.of("links", List.of(link(b + "/collections", "self", "application/json", null)),
                "collections", List.of(collection(b)));
    }

    @GET
    @Path("collections/{collection}")
    public Map<String, Object> collection(@Context UriInfo uri, @PathParam("collection") String collection) {
        check(collection);
        return collection(base(uri));
    }

    private static Map<String, Object> collection(String b) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", COLLECTION);
        c.put("title", "Fiches de métadonnées");
        c.put("description", "Jeux de données, séries et services décrits dans le catalogue");
        c.put("itemType", "record");
        c.put("type", "Collection");
        c.put("extent", Map.of("spatial", Map.of("bbox", List.of(List.of(-180, -90, 180, 90)),
                "crs", "http://www.opengis.net/def/crs/OGC/1.3/CRS84")));
        c.put("links", List.of(link(b + "/collections/" + COLLECTION, "self", "application/json", null),
                link(b + "/collections/" + COLLECTION + "/items", "items", "application/geo+json", "fiches")));
        return c;
    }

    private static void check(String collection) {
        if (!COLLECTION.equals(collection)) {
            throw new WebApplicationException("no collection " + collection + "; the only collection is " + COLLECTION, 404);
        }
    }

    @GET
    @Path("collections/{collection}/items")
    public Response items(@Context UriInfo uri, @PathParam("collection") String collection, @QueryParam("q") String q,
            @QueryParam("bbox") String bbox, @QueryParam("datetime") String datetime, @QueryParam("type") String type,
            @QueryParam("limit") String limit, @QueryParam("offset") String offset) throws IOException {
        check(collection);
        int size = integer("limit", limit, 10, 1, MAX_LIMIT);
        int from = integer("offset", offset, 0, 0, 10_000_000);
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        query.add(q == null || q.isBlank() ? new MatchAllDocsQuery() : catalog.index().textQuery(q.replace(',', ' ')), Occur.MUST);
        if (bbox != null && !bbox.isBlank()) {
            double[] box = box(bbox);
            query.add(SearchIndex.bboxQuery(box[0], box[1], box[2], box[3], false), Occur.FILTER);
        }
        if (type != null && !type.isBlank()) {
            BooleanQuery.Builder any = new BooleanQuery.Builder();
            for (String t : type.split(",")) {
                any.add(SearchIndex.facetFilter("type", t.strip()), Occur.SHOULD);
            }
            query.add(any.build(), Occur.FILTER);
        }
        if (datetime != null && !datetime.isBlank()) {
            query.add(datetime(datetime), Occur.FILTER);
        }
        SearchIndex.Result result = catalog.search(query.build(),
                q == null || q.isBlank() ? SearchIndex.sort("identifier") : null, from, size, 0);
        String b = base(uri);
        List<Object> features = new ArrayList<>();
        for (CatalogRecord r : result.records()) {
            features.add(feature(r, b));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", "FeatureCollection");
        out.put("numberMatched", result.total());
        out.put("numberReturned", features.size());
        out.put("timeStamp", java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        List<Object> links = new ArrayList<>();
        String self = b + "/collections/" + COLLECTION + "/items";
        links.add(link(self + query(uri, from, size), "self", "application/geo+json", null));
        if (from + features.size() < result.total()) {
            links.add(link(self + query(uri, from + size, size), "next", "application/geo+json", "page suivante"));
        }
        if (from > 0) {
            links.add(link(self + query(uri, Math.max(0, from - size), size), "prev", "application/geo+json", "page précédente"));
        }
        out.put("links", links);
        out.put("features", features);
        return Response.ok(out, "application/geo+json").build();
    }

    private static String query(UriInfo uri, int offset, int limit) {
        StringBuilder b = new StringBuilder("?");
        uri.getQueryParameters().forEach((k, values) -> {
            if (!k.equals("offset") && !k.equals("limit")) {
                for (String v : values) {
                    b.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                            .append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&');
                }
            }
        });
        return b.append("offset=").append(offset).append("&limit=").append(limit).toString();
    }

    @GET
    @Path("collections/{collection}/items/{id}")
    public Response item(@Context UriInfo uri, @PathParam("collection") String collection, @PathParam("id") String id)
            throws SQLException {
        check(collection);
        CatalogRecord r = catalog.find(id).orElseThrow(() -> new WebApplicationException("no record " + id, 404)).record();
        return Response.ok(feature(r, base(uri)), "application/geo+json").build();
    }

    static Map<String, Object> feature(CatalogRecord r, String base) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("id", r.identifier());
        f.put("type", "Feature");
        f.put("conformsTo", List.of("http://www.opengis.net/spec/ogcapi-records-1/1.0/req/record-core"));
        CatalogRecord.BoundingBox b = r.bbox();
        f.put("geometry", b == null ? null : Map.of("type", "Polygon", "coordinates", List.of(List.of(
                List.of(b.west(), b.south()), List.of(b.east(), b.south()), List.of(b.east(), b.north()),
                List.of(b.west(), b.north()), List.of(b.west(), b.south())))));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", r.resourceType());
        p.put("title", r.title());
        p.put("description", r.abstractText());
        p.put("keywords", r.keywords());
        p.put("language", r.language());
        p.put("updated", r.dateStamp());
        p.put("created", r.dates().stream().filter(d -> "creation".equals(d.type())).map(CatalogRecord.DateEntry::date).findFirst().orElse(null));
        p.put("license", r.licence());
        p.put("rights", r.constraints().isEmpty() ? null : String.join("; ", r.constraints()));
        p.put("formats", r.formats());
        List<Object> contacts = new ArrayList<>();
        for (CatalogRecord.Contact c : r.contacts()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("organization", c.organisation());
            if (c.email() != null) {
                m.put("emails", List.of(Map.of("value", c.email())));
            }
            if (c.role() != null) {
                m.put("roles", List.of(c.role()));
            }
            contacts.add(m);
        }
        p.put("contacts", contacts);
        f.put("properties", p);
        List<Object> links = new ArrayList<>();
        String enc = URLEncoder.encode(r.identifier(), StandardCharsets.UTF_8).replace("+", "%20");
        links.add(link(base + "/collections/" + COLLECTION + "/items/" + enc, "self", "application/geo+json", null));
        links.add(link(base + "/collections/" + COLLECTION, "collection", "application/json", null));
        String root = base.replaceAll("/catalog/ogcapi$", "");
        links.add(link(root + "/catalog/record?id=" + URLEncoder.encode(r.identifier(), StandardCharsets.UTF_8), "alternate", "text/html", "fiche"));
        links.add(link(root + "/catalog/api/record/original?id=" + URLEncoder.encode(r.identifier(), StandardCharsets.UTF_8),
                "describedby", "application/xml", "document d'origine"));
        for (CatalogRecord.Distribution d : r.distributions()) {
            Map<String, Object> l = link(d.url(), "enclosure", d.format() == null ? "application/octet-stream" : d.format(),
                    d.name() != null ? d.name() : d.description());
            l.put("rel", d.protocol() != null && d.protocol().toUpperCase().contains("OGC") ? "service" : "related");
            links.add(l);
        }
        f.put("links", links);
        return f;
    }

    private static TermRangeQuery datetime(String value) {
        String[] parts = value.split("/", -1);
        if (parts.length == 1) {
            return TermRangeQuery.newStringRange("date", parts[0], parts[0] + "\uffff", true, true);
        }
        if (parts.length != 2) {
            throw new WebApplicationException("datetime must be a date or an interval start/end (.. for open)", 400);
        }
        String start = parts[0].isEmpty() || parts[0].equals("..") ? null : parts[0];
        String end = parts[1].isEmpty() || parts[1].equals("..") ? null : parts[1] + "\uffff";
        return TermRangeQuery.newStringRange("date", start, end, true, true);
    }

    private static double[] box(String text) {
        String[] p = text.split(",");
        if (p.length != 4 && p.length != 6) {
            throw new WebApplicationException("bbox must be minLon,minLat,maxLon,maxLat", 400);
        }
        try {
            double[] b = p.length == 4
                    ? new double[] {Double.parseDouble(p[0]), Double.parseDouble(p[1]), Double.parseDouble(p[2]), Double.parseDouble(p[3])}
                    : new double[] {Double.parseDouble(p[0]), Double.parseDouble(p[1]), Double.parseDouble(p[3]), Double.parseDouble(p[4])};
            if (b[0] > b[2] || b[1] > b[3]) {
                throw new WebApplicationException("bbox: the minimum must not exceed the maximum", 400);
            }
            return b;
        } catch (NumberFormatException e) {
            throw new WebApplicationException("bbox must be four numbers", 400);
        }
    }

    private static int integer(String name, String value, int fallback, int min, int max) {
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
}
