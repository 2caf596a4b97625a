package fr.datagrandest.plugin.maps.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * OGC API Features Part 1 (core, GeoJSON, HTML, OpenAPI 3.0) and Part 2 (CRS) at {@code /maps/ogcapi}:
 * landing page, conformance, collections, items with {@code bbox}, {@code bbox-crs}, {@code crs}, {@code limit},
 * {@code offset} paging with next/prev links, and equality filters on properties ({@code ?departement=67}).
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/maps/ogcapi",
        "osgi.http.whiteboard.servlet.pattern=/maps/ogcapi/*",
        "osgi.http.whiteboard.servlet.name=dge-maps-ogcapi"})
public class OgcApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(OgcApiServlet.class);
    private static final String GEOJSON = "application/geo+json";
    private static final String OPENAPI = "application/vnd.oai.openapi+json;version=3.0";
    private static final Set<String> RESERVED = Set.of("f", "bbox", "bbox-crs", "crs", "limit", "offset", "datetime");
    static final List<String> CONFORMANCE = List.of(
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
            "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core",
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset",
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list",
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/geodata-tilesets",
            "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt",
            "http://www.opengis.net/spec/tms/2.0/conf/json-tilematrixset");
    private static final String TMS = "WebMercatorQuad";
    private static final String MVT = "application/vnd.mapbox-vector-tile";

    private final transient LayerRegistry registry;
    private final transient ObjectMapper mapper;
    private final transient GeometryFactory factory = new GeometryFactory();

    private final transient VectorTiles tiles;
    private final transient CatalogLinks catalog;

    @Activate
    public OgcApiServlet(@Reference LayerRegistry registry, @Reference VectorTiles tiles, @Reference CatalogLinks catalog) {
        this.registry = registry;
        this.catalog = catalog;
        this.mapper = registry.mapper();
        this.tiles = tiles;
    }

    /** An error of the API: status and description. */
    static final class ApiException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        ApiException(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        List<String> parts = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
        try {
            if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
                throw new ApiException(405, "the API is read-only: use GET");
            }
            boolean html = wantsHtml(request);
            String root = Http.base(request) + "/maps/ogcapi";
            if (parts.isEmpty()) {
                landing(response, root, html);
            } else if (parts.equals(List.of("conformance"))) {
                ObjectNode n = mapper.createObjectNode();
                ArrayNode c = n.putArray("conformsTo");
                CONFORMANCE.forEach(c::add);
                if (html) {
                    page(response, "Conformité", "<ul>" + String.join("", CONFORMANCE.stream()
                            .map(u -> "<li>" + Http.xml(u) + "</li>").toList()) + "</ul>");
                } else {
                    Http.json(response, 200, mapper, n, "application/json");
                }
            } else if (parts.equals(List.of("api"))) {
                Http.json(response, 200, mapper, openApi(root), OPENAPI);
            } else if (parts.get(0).equals("tileMatrixSets")) {
                tileMatrixSets(response, root, parts);
            } else if (parts.get(0).equals("collections") && parts.size() >= 3 && parts.get(2).equals("tiles")) {
                Layer layer = registry.get(parts.get(1))
                        .orElseThrow(() -> new ApiException(404, "no collection '" + parts.get(1) + "'"));
                collectionTiles(response, root, layer, parts);
            } else if (parts.get(0).equals("collections") && parts.size() == 1) {
                collections(response, root, html);
            } else if (parts.get(0).equals("collections") && parts.size() <= 4) {
                Layer layer = registry.get(parts.get(1))
                        .orElseThrow(() -> new ApiException(404, "no collection '" + parts.get(1) + "'"));
                if (parts.size() == 2) {
                    ObjectNode c = collection(layer, root);
                    if (html) {
                        page(response, layer.info().title(), "<p>" + Http.xml(layer.info().description()) + "</p><p><a href=\""
                                + Http.xml(root + "/collections/" + layer.id() + "/items?f=html") + "\">Objets</a></p>");
                    } else {
                        Http.json(response, 200, mapper, c, "application/json");
                    }
                } else if (parts.get(2).equals("items") && parts.size() == 3) {
                    items(request, response, layer, root, html);
                } else if (parts.get(2).equals("items")) {
                    item(request, response, layer, parts.get(3), root, html);
                } else {
                    throw new ApiException(404, "no such resource");
                }
            } else {
                throw new ApiException(404, "no such resource");
            }
        } catch (ApiException e) {
            ObjectNode n = mapper.createObjectNode();
            n.put("code", e.status == 404 ? "NotFound" : e.status == 405 ? "MethodNotAllowed" : "InvalidParameterValue");
            n.put("description", e.getMessage());
            Http.json(response, e.status, mapper, n, "application/json");
        } catch (RuntimeException e) {
            LOG.error("maps: OGC API request failed: {}?{}", path, request.getQueryString(), e);
            if (!response.isCommitted()) {
                response.reset();
                ObjectNode n = mapper.createObjectNode();
                n.put("code", "ServerError");
                n.put("description", "the server could not answer this request");
                Http.json(response, 500, mapper, n, "application/json");
            }
        }
    }

    /** {@code /tileMatrixSets} and {@code /tileMatrixSets/WebMercatorQuad} (OGC 2D Tile Matrix Set 2.0, JSON). */
    private void tileMatrixSets(HttpServletResponse response, String root, List<String> parts) throws IOException {
        if (parts.size() == 1) {
            ObjectNode n = mapper.createObjectNode();
            ObjectNode set = n.putArray("tileMatrixSets").addObject();
            set.put("id", TMS);
            set.put("title", "Google Maps Compatible for the World");
            set.put("uri", "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad");
            link(set.putArray("links"), root + "/tileMatrixSets/" + TMS, "self", "application/json", TMS);
            Http.json(response, 200, mapper, n, "application/json");
        } else if (parts.size() == 2 && parts.get(1).equals(TMS)) {
            ObjectNode n = mapper.createObjectNode();
            n.put("id", TMS);
            n.put("title", "Google Maps Compatible for the World");
            n.put("uri", "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad");
            n.put("crs", "http://www.opengis.net/def/crs/EPSG/0/3857");
            n.putArray("orderedAxes").add("E").add("N");
            n.put("wellKnownScaleSet", "http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible");
            ArrayNode matrices = n.putArray("tileMatrices");
            for (int z = 0; z <= VectorTiles.MAX_ZOOM; z++) {
                ObjectNode m = matrices.addObject();
                double cell = 2 * Crs.WEB_MERCATOR_MAX / 256 / (1L << z);
                m.put("id", String.valueOf(z));
                m.put("scaleDenominator", cell / 0.00028);
                m.put("cellSize", cell);
                m.put("cornerOfOrigin", "topLeft");
                m.putArray("pointOfOrigin").add(-Crs.WEB_MERCATOR_MAX).add(Crs.WEB_MERCATOR_MAX);
                m.put("tileWidth", 256);
                m.put("tileHeight", 256);
                m.put("matrixWidth", 1L << z);
                m.put("matrixHeight", 1L << z);
            }
            Http.json(response, 200, mapper, n, "application/json");
        } else {
            throw new ApiException(404, "the only tile matrix set is " + TMS);
        }
    }

    /** {@code /collections/{id}/tiles}, {@code …/tiles/WebMercatorQuad} and {@code …/{tileMatrix}/{tileRow}/{tileCol}}. */
    private void collectionTiles(HttpServletResponse response, String root, Layer layer, List<String> parts)
            throws IOException {
        String base = root + "/collections/" + layer.id() + "/tiles";
        if (parts.size() == 3) {
            ObjectNode n = mapper.createObjectNode();
            link(n.putArray("links"), base, "self", "application/json", "Tuiles de " + layer.info().title());
            ObjectNode set = n.putArray("tilesets").addObject();
            tilesetHeader(set, layer, base, root);
            Http.json(response, 200, mapper, n, "application/json");
            return;
        }
        if (!parts.get(3).equals(TMS)) {
            throw new ApiException(404, "the only tile matrix set is " + TMS);
        }
        if (parts.size() == 4) {
            ObjectNode set = mapper.createObjectNode();
            tilesetHeader(set, layer, base, root);
            ArrayNode layers = set.putArray("layers");
            ObjectNode l = layers.addObject();
            l.put("id", layer.id());
            l.put("title", layer.info().title());
            l.put("dataType", "vector");
            l.put("geometryDimension", switch (layer.geometryType()) {
                case "point" -> 0;
                case "line" -> 1;
                default -> 2;
            });
            Http.json(response, 200, mapper, set, "application/json");
            return;
        }
        if (parts.size() != 7) {
            throw new ApiException(404, "tiles are at " + base + "/" + TMS + "/{tileMatrix}/{tileRow}/{tileCol}");
        }
        int z;
        long row;
        long col;
        try {
            z = Integer.parseInt(parts.get(4));
            row = Long.parseLong(parts.get(5));
            col = Long.parseLong(parts.get(6));
        } catch (NumberFormatException e) {
            throw new ApiException(400, "tileMatrix, tileRow and tileCol must be whole numbers");
        }
        if (z < 0 || z > VectorTiles.MAX_ZOOM || row < 0 || col < 0 || row >= (1L << z) || col >= (1L << z)) {
            throw new ApiException(404, "tile " + z + "/" + row + "/" + col + " is outside " + TMS);
        }
        byte[] bytes = tiles.tile(layer, z, (int) col, (int) row);
        if (bytes.length == 0) {
            // OGC API Tiles: an empty tile may be answered with 204 No Content.
            response.setStatus(204);
            return;
        }
        response.setHeader("Cache-Control", "public, max-age=300");
        Http.bytes(response, MVT, bytes);
    }

    private void tilesetHeader(ObjectNode set, Layer layer, String base, String root) {
        set.put("title", layer.info().title());
        set.put("dataType", "vector");
        set.put("crs", "http://www.opengis.net/def/crs/EPSG/0/3857");
        set.put("tileMatrixSetURI", "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad");
        ArrayNode links = set.putArray("links");
        link(links, base + "/" + TMS, "self", "application/json", "Jeu de tuiles " + TMS);
        link(links, root + "/tileMatrixSets/" + TMS, "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme",
                "application/json", TMS);
        ObjectNode item = links.addObject();
        item.put("href", base + "/" + TMS + "/{tileMatrix}/{tileRow}/{tileCol}");
        item.put("rel", "item");
        item.put("type", MVT);
        item.put("templated", true);
        Envelope e = layer.extent();
        if (!e.isNull()) {
            ObjectNode bbox = set.putObject("boundingBox");
            bbox.putArray("lowerLeft").add(e.getMinX()).add(e.getMinY());
            bbox.putArray("upperRight").add(e.getMaxX()).add(e.getMaxY());
            bbox.put("crs", Crs.CRS84.uri());
        }
    }

    private static boolean wantsHtml(HttpServletRequest request) {
        String f = request.getParameter("f");
        if (f != null) {
            if (f.equals("html")) {
                return true;
            }
            if (f.equals("json") || f.equals("geojson")) {
                return false;
            }
            throw new ApiException(400, "f must be json or html, not '" + f + "'");
        }
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains("text/html");
    }

    private void landing(HttpServletResponse response, String root, boolean html) throws IOException {
        ObjectNode n = mapper.createObjectNode();
        n.put("title", "DataGrandEst — OGC API Features");
        n.put("description", "Les couches vectorielles de la plateforme DataGrandEst");
        ArrayNode links = n.putArray("links");
        link(links, root, "self", "application/json", "Cette page");
        link(links, root + "?f=html", "alternate", "text/html", "Cette page en HTML");
        link(links, root + "/api", "service-desc", OPENAPI, "La définition de l'API");
        link(links, root + "/conformance", "conformance", "application/json", "Conformité");
        link(links, root + "/collections", "data", "application/json", "Les collections");
        link(links, root + "/tileMatrixSets", "http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes", "application/json",
                "Les grilles de tuiles");
        if (html) {
            page(response, "DataGrandEst — OGC API Features", "<ul><li><a href=\"" + root
                    + "/collections?f=html\">Collections</a></li><li><a href=\"" + root
                    + "/conformance?f=html\">Conformité</a></li><li><a href=\"" + root + "/api\">OpenAPI</a></li></ul>");
        } else {
            Http.json(response, 200, mapper, n, "application/json");
        }
    }

    private static void link(ArrayNode links, String href, String rel, String type, String title) {
        ObjectNode l = links.addObject();
        l.put("href", href);
        l.put("rel", rel);
        l.put("type", type);
        l.put("title", title);
    }

    private void collections(HttpServletResponse response, String root, boolean html) throws IOException {
        ObjectNode n = mapper.createObjectNode();
        ArrayNode links = n.putArray("links");
        link(links, root + "/collections", "self", "application/json", "Collections");
        ArrayNode crs = n.putArray("crs");
        Crs.SERVED.forEach(c -> crs.add(c.uri()));
        ArrayNode list = n.putArray("collections");
        StringBuilder h = new StringBuilder("<ul>");
        for (Layer layer : registry.all()) {
            list.add(collection(layer, root));
            if (html) {
                h.append("<li><a href=\"").append(Http.xml(root + "/collections/" + layer.id() + "/items?f=html"))
                        .append("\">").append(Http.xml(layer.info().title())).append("</a> (").append(layer.featureCount())
                        .append(" objets)</li>");
            }
        }
        if (html) {
            page(response, "Collections", h.append("</ul>").toString());
        } else {
            Http.json(response, 200, mapper, n, "application/json");
        }
    }

    private ObjectNode collection(Layer layer, String root) {
        ObjectNode c = mapper.createObjectNode();
        c.put("id", layer.id());
        c.put("title", layer.info().title());
        c.put("description", layer.info().description());
        ArrayNode k = c.putArray("keywords");
        layer.info().keywords().forEach(k::add);
        c.put("itemType", "feature");
        Envelope e = layer.extent();
        if (!e.isNull()) {
            ObjectNode spatial = c.putObject("extent").putObject("spatial");
            spatial.putArray("bbox").addArray().add(e.getMinX()).add(e.getMinY()).add(e.getMaxX()).add(e.getMaxY());
            spatial.put("crs", Crs.CRS84.uri());
        }
        ArrayNode crs = c.putArray("crs");
        Crs.SERVED.forEach(x -> crs.add(x.uri()));
        c.put("storageCrs", Crs.CRS84.uri());
        ArrayNode links = c.putArray("links");
        String self = root + "/collections/" + layer.id();
        link(links, self, "self", "application/json", layer.info().title());
        link(links, self + "/items", "items", GEOJSON, "Objets (GeoJSON)");
        link(links, self + "/items?f=html", "items", "text/html", "Objets (HTML)");
        link(links, self + "/tiles", "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector", "application/json",
                "Tuiles vectorielles");
        catalog.record(layer.info()).ifPresent(r -> link(links, root.substring(0, root.length() - "/maps/ogcapi".length())
                + r.pagePath(), "describedby", "text/html", r.title()));
        if (!layer.info().licence().isEmpty()) {
            ObjectNode l = links.addObject();
            l.put("href", "https://www.etalab.gouv.fr/licence-ouverte-open-licence/");
            l.put("rel", "license");
            l.put("type", "text/html");
            l.put("title", layer.info().licence());
        }
        return c;
    }

    private void items(HttpServletRequest request, HttpServletResponse response, Layer layer, String root, boolean html)
            throws IOException {
        int max = registry.config().maxItemsPerPage();
        int limit = integer(request, "limit", 10);
        if (limit < 1 || limit > max) {
            throw new ApiException(400, "limit must be between 1 and " + max);
        }
        int offset = integer(request, "offset", 0);
        if (offset < 0) {
            throw new ApiException(400, "offset must be 0 or more");
        }
        Crs outCrs = crsParameter(request, "crs");
        Crs bboxCrs = crsParameter(request, "bbox-crs");
        String bbox = request.getParameter("bbox");
        Geometry box = null;
        if (bbox != null) {
            Envelope env = bbox(bbox, bboxCrs);
            box = bboxCrs.toWgs84(factory.toGeometry(env));
        }
        // Equality filters on properties: ?departement=67
        List<Map.Entry<String, String>> filters = new ArrayList<>();
        for (Map.Entry<String, String[]> p : request.getParameterMap().entrySet()) {
            if (RESERVED.contains(p.getKey())) {
                continue;
            }
            if (!layer.propertyNames().contains(p.getKey())) {
                throw new ApiException(400, "unknown parameter '" + p.getKey() + "': filters are on the properties "
                        + layer.propertyNames());
            }
            filters.add(Map.entry(p.getKey(), p.getValue()[0]));
        }
        FeatureSet page;
        int total;
        if (filters.isEmpty()) {
            Layer.Page found = layer.page(box, offset, limit);
            total = found.matched();
            page = found.features();
        } else {
            FeatureSet all = layer.select(box, 0, Integer.MAX_VALUE);
            List<MapFeature> kept = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                Map<String, Object> props = all.feature(i).properties();
                if (filters.stream().allMatch(f -> f.getValue().equals(String.valueOf(props.get(f.getKey()))))) {
                    kept.add(all.feature(i));
                }
            }
            total = kept.size();
            page = FeatureSet.of(kept.subList(Math.min(offset, total), (int) Math.min(total, (long) offset + limit)));
        }
        int end = offset + page.size();
        String self = root + "/collections/" + layer.id() + "/items";
        String query = queryWithout(request, "offset", "f");
        if (html) {
            itemsHtml(response, layer, page, total, offset, limit, self, query);
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        boolean swap = outCrs.latitudeFirst();
        int decimals = outCrs.geographic() ? 6 : 2;
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("type", "FeatureCollection");
            g.writeArrayFieldStart("features");
            for (int i = 0; i < page.size(); i++) {
                GeoJsonOutput.feature(g, page.feature(i), page.geometryIn(outCrs == Crs.EPSG4326 ? Crs.CRS84 : outCrs, i),
                        swap, decimals, null);
            }
            g.writeEndArray();
            g.writeNumberField("numberMatched", total);
            g.writeNumberField("numberReturned", page.size());
            g.writeStringField("timeStamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            g.writeArrayFieldStart("links");
            writeLink(g, self + "?" + query + "offset=" + offset, "self", GEOJSON);
            writeLink(g, self + "?" + query + "offset=" + offset + "&f=html", "alternate", "text/html");
            if (end < total) {
                writeLink(g, self + "?" + query + "offset=" + end, "next", GEOJSON);
            }
            if (offset > 0) {
                writeLink(g, self + "?" + query + "offset=" + Math.max(0, offset - limit), "prev", GEOJSON);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        response.setHeader("Content-Crs", "<" + outCrs.uri() + ">");
        Http.bytes(response, GEOJSON, out.toByteArray());
    }

    private static void writeLink(JsonGenerator g, String href, String rel, String type) throws IOException {
        g.writeStartObject();
        g.writeStringField("href", href);
        g.writeStringField("rel", rel);
        g.writeStringField("type", type);
        g.writeEndObject();
    }

    /** The query string without some parameters, ending with '&' when not empty (limit and filters are kept). */
    private static String queryWithout(HttpServletRequest request, String... names) {
        StringBuilder b = new StringBuilder();
        Set<String> skip = Set.of(names);
        request.getParameterMap().forEach((k, v) -> {
            if (!skip.contains(k)) {
                b.append(java.net.URLEncoder.encode(k, java.nio.charset.StandardCharsets.UTF_8)).append('=')
                        .append(java.net.URLEncoder.encode(v[0], java.nio.charset.StandardCharsets.UTF_8)).append('&');
            }
        });
        return b.toString();
    }

    private void itemsHtml(HttpServletResponse response, Layer layer, FeatureSet page, int total, int offset, int limit,
            String self, String query) throws IOException {
        StringBuilder h = new StringBuilder();
        h.append("<p>").append(total).append(" objets, ").append(offset + 1).append(" à ").append(offset + page.size())
                .append(" affichés.</p><table><thead><tr><th scope=\"col\">id</th>");
        layer.propertyNames().forEach(n -> h.append("<th scope=\"col\">").append(Http.xml(n)).append("</th>"));
        h.append("</tr></thead><tbody>");
        for (int i = 0; i < page.size(); i++) {
            MapFeature f = page.feature(i);
            h.append("<tr><td><a href=\"").append(Http.xml(self + "/" + f.fid() + "?f=html")).append("\">").append(f.fid())
                    .append("</a></td>");
            layer.propertyNames().forEach(n -> h.append("<td>").append(Http.xml(String.valueOf(f.properties().getOrDefault(n, ""))))
                    .append("</td>"));
            h.append("</tr>");
        }
        h.append("</tbody></table><nav>");
        if (offset > 0) {
            h.append("<a rel=\"prev\" href=\"").append(Http.xml(self + "?" + query + "offset=" + Math.max(0, offset - limit) + "&f=html"))
                    .append("\">Page précédente</a> ");
        }
        if (offset + page.size() < total) {
            h.append("<a rel=\"next\" href=\"").append(Http.xml(self + "?" + query + "offset=" + (offset + page.size()) + "&f=html"))
                    .append("\">Page suivante</a>");
        }
        page(response, layer.info().title(), h.append("</nav>").toString());
    }

    private void item(HttpServletRequest request, HttpServletResponse response, Layer layer, String id, String root,
            boolean html) throws IOException {
        int fid;
        try {
            fid = Integer.parseInt(id);
        } catch (NumberFormatException e) {
            throw new ApiException(404, "no feature '" + id + "'");
        }
        FeatureSet found = layer.byId(fid);
        if (found.size() == 0) {
            throw new ApiException(404, "no feature '" + id + "' in " + layer.id());
        }
        MapFeature f = found.feature(0);
        if (html) {
            StringBuilder h = new StringBuilder("<table>");
            f.properties().forEach((k, v) -> h.append("<tr><th scope=\"row\">").append(Http.xml(k)).append("</th><td>")
                    .append(Http.xml(String.valueOf(v))).append("</td></tr>"));
            page(response, layer.info().title() + " — " + fid, h.append("</table>").toString());
            return;
        }
        Crs outCrs = crsParameter(request, "crs");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            GeoJsonOutput.feature(g, f, found.geometryIn(outCrs == Crs.EPSG4326 ? Crs.CRS84 : outCrs, 0),
                    outCrs.latitudeFirst(), outCrs.geographic() ? 6 : 2, null);
        }
        response.setHeader("Content-Crs", "<" + outCrs.uri() + ">");
        Http.bytes(response, GEOJSON, out.toByteArray());
    }

    private static Crs crsParameter(HttpServletRequest request, String name) {
        String v = request.getParameter(name);
        if (v == null || v.isEmpty()) {
            return Crs.CRS84;
        }
        return Crs.served(v).orElseThrow(() -> new ApiException(400, name + " '" + v + "' is not offered: use "
                + String.join(", ", Crs.SERVED.stream().map(Crs::uri).toList())));
    }

    private static Envelope bbox(String value, Crs crs) {
        String[] parts = value.split(",");
        if (parts.length != 4) {
            throw new ApiException(400, "bbox must be four numbers: minx,miny,maxx,maxy");
        }
        double[] v = new double[4];
        for (int i = 0; i < 4; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new ApiException(400, "bbox value '" + parts[i] + "' is not a number");
            }
        }
        Envelope e = crs.latitudeFirst() ? new Envelope(v[1], v[3], v[0], v[2]) : new Envelope(v[0], v[2], v[1], v[3]);
        if ((crs.latitudeFirst() ? v[0] > v[2] || v[1] > v[3] : v[1] > v[3])) {
            throw new ApiException(400, "bbox minimum must be below maximum");
        }
        Envelope valid = crs.validArea();
        if (!valid.intersects(e) || crs.geographic() && (e.getMinY() < -90 || e.getMaxY() > 90)) {
            throw new ApiException(400, "bbox " + value + " is outside the area of " + crs.uri());
        }
        return e;
    }

    private static int integer(HttpServletRequest request, String name, int fallback) {
        String v = request.getParameter(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new ApiException(400, name + " must be a whole number, not '" + v + "'");
        }
    }

    private static void page(HttpServletResponse response, String title, String body) throws IOException {
        Http.text(response, 200, "text/html", "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>"
                + Http.xml(title) + "</title><style>body{font-family:sans-serif;margin:1.5rem}table{border-collapse:collapse}"
                + "td,th{border:1px solid #ccc;padding:.2rem .4rem;text-align:left}</style></head><body><h1>" + Http.xml(title)
                + "</h1>" + body + "</body></html>");
    }

    /** The OpenAPI 3.0 description of this API, with the collections as an enumeration. */
    private ObjectNode openApi(String root) {
        ObjectNode doc = mapper.createObjectNode();
        doc.put("openapi", "3.0.3");
        ObjectNode info = doc.putObject("info");
        info.put("title", "DataGrandEst — OGC API Features");
        info.put("version", "1.0.0");
        info.putObject("license").put("name", "EUPL-1.2");
        doc.putArray("servers").addObject().put("url", root);
        ObjectNode paths = doc.putObject("paths");
        simplePath(paths, "/", "getLandingPage", "Page d'accueil");
        simplePath(paths, "/conformance", "getConformance", "Classes de conformité");
        simplePath(paths, "/collections", "getCollections", "Collections");
        ObjectNode collection = simplePath(paths, "/collections/{collectionId}", "describeCollection", "Une collection");
        ArrayNode collectionParams = collection.putArray("parameters");
        collectionParams.add(collectionId());
        ObjectNode items = simplePath(paths, "/collections/{collectionId}/items", "getFeatures", "Objets d'une collection");
        ArrayNode params = items.putArray("parameters");
        params.add(collectionId());
        params.add(queryParam("limit", "integer", "Nombre maximal d'objets", 1, registry.config().maxItemsPerPage()));
        params.add(queryParam("offset", "integer", "Premier objet de la page", 0, null));
        ObjectNode bbox = queryParam("bbox", "array", "Emprise minx,miny,maxx,maxy", null, null);
        bbox.put("style", "form").put("explode", false);
        ((ObjectNode) bbox.get("schema")).put("minItems", 4).put("maxItems", 4).putObject("items").put("type", "number");
        params.add(bbox);
        params.add(queryParam("bbox-crs", "string", "Système de l'emprise", null, null));
        params.add(queryParam("crs", "string", "Système des géométries renvoyées", null, null));
        ObjectNode item = simplePath(paths, "/collections/{collectionId}/items/{featureId}", "getFeature", "Un objet");
        ArrayNode itemParams = item.putArray("parameters");
        itemParams.add(collectionId());
        ObjectNode fid = itemParams.addObject();
        fid.put("name", "featureId").put("in", "path").put("required", true);
        fid.putObject("schema").put("type", "string");
        return doc;
    }

    private ObjectNode collectionId() {
        ObjectNode p = mapper.createObjectNode();
        p.put("name", "collectionId").put("in", "path").put("required", true);
        ArrayNode values = p.putObject("schema").put("type", "string").putArray("enum");
        registry.all().forEach(l -> values.add(l.id()));
        return p;
    }

    private ObjectNode queryParam(String name, String type, String description, Integer min, Integer max) {
        ObjectNode p = mapper.createObjectNode();
        p.put("name", name).put("in", "query").put("required", false).put("description", description);
        ObjectNode schema = p.putObject("schema").put("type", type);
        if (min != null) {
            schema.put("minimum", min);
        }
        if (max != null) {
            schema.put("maximum", max);
        }
        return p;
    }

    private ObjectNode simplePath(ObjectNode paths, String path, String operationId, String summary) {
        ObjectNode pathNode = paths.putObject(path);
        ObjectNode get = pathNode.putObject("get");
        get.put("operationId", operationId);
        get.put("summary", summary);
        ObjectNode ok = get.putObject("responses").putObject("200");
        ok.put("description", summary);
        ok.putObject("content").putObject(path.endsWith("items") || path.endsWith("{featureId}") ? GEOJSON : "application/json")
                .putObject("schema").put("type", "object");
        return pathNode;
    }
}
