package fr.datagrandest.plugin.maps.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.locationtech.jts.geom.Envelope;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import fr.datagrandest.platform.api.security.UserIdentity;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The layers API:
 * <pre>
 * GET    /maps/api/layers                      every layer with its metadata, style and service links
 * GET    /maps/api/layers/{id}                 one layer
 * POST   /maps/api/layers?id=&amp;title=&amp;…        publish a new layer; the body is the file (GeoJSON, GeoPackage, zip)
 * POST   /maps/api/layers?id=&amp;title=&amp;postgis=schema.table[&amp;geometryColumn=][&amp;idColumn=]
 *                                              publish a PostGIS table or view, read live (administrators, PostgreSQL)
 * PUT    /maps/api/layers/{id}/data?…           replace the data of a layer (atomic)
 * GET    /maps/api/layers/{id}/maplibre-style  a MapLibre GL style drawing its vector tiles
 * GET    /maps/api/layers/{id}/style           its style; PUT replaces it (JSON body, or SLD 1.0 / SE 1.1 XML)
 * PUT    /maps/api/layers/{id}/catalog-record  link the layer to a catalogue record (its identifier as text); DELETE unlinks
 * DELETE /maps/api/layers/{id}
 * </pre>
 * Changes need the {@code editor} or {@code platform-admin} role. Errors are problem details.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/maps/api/*",
        "osgi.http.whiteboard.servlet.name=dge-maps-api"})
public class LayersApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(LayersApiServlet.class);

    private final transient LayerRegistry registry;
    private final transient ObjectMapper mapper;

    private final transient CatalogLinks catalog;

    @Activate
    public LayersApiServlet(@Reference LayerRegistry registry, @Reference CatalogLinks catalog) {
        this.registry = registry;
        this.catalog = catalog;
        this.mapper = registry.mapper();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        List<String> parts = new ArrayList<>(Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList());
        String method = request.getMethod();
        try {
            if (parts.isEmpty() || !parts.get(0).equals("layers") || parts.size() > 3) {
                throw new BadInputException(404, "no such resource: the API serves /maps/api/layers");
            }
            if (parts.size() == 1) {
                if (method.equals("GET")) {
                    ArrayNode list = mapper.createArrayNode();
                    String base = Http.base(request);
                    registry.all().forEach(l -> list.add(describe(l, base)));
                    Http.json(response, 200, mapper, list, "application/json");
                } else if (method.equals("POST")) {
                    authorize(request);
                    String id = query(request, "id");
                    LayerRegistry.checkId(id);
                    if (registry.get(id).isPresent()) {
                        throw new BadInputException(409, "layer '" + id + "' exists: PUT /maps/api/layers/" + id
                                + "/data replaces its data");
                    }
                    Layer layer = query(request, "postgis") != null ? publishTable(request, id, null)
                            : upload(request, id, null);
                    Http.json(response, 201, mapper, describe(layer, Http.base(request)), "application/json");
                } else {
                    throw new BadInputException(405, "use GET or POST on /maps/api/layers");
                }
                return;
            }
            String id = parts.get(1);
            Layer layer = registry.get(id).orElseThrow(() -> new BadInputException(404, "no layer '" + id + "'"));
            if (parts.size() == 2) {
                if (method.equals("GET")) {
                    Http.json(response, 200, mapper, describe(layer, Http.base(request)), "application/json");
                } else if (method.equals("DELETE")) {
                    authorize(request);
                    registry.delete(id);
                    response.setStatus(204);
                } else {
                    throw new BadInputException(405, "use GET or DELETE on a layer");
                }
            } else if (parts.get(2).equals("style")) {
                if (method.equals("GET")) {
                    Http.json(response, 200, mapper, layer.style().toJson(mapper), "application/json");
                } else if (method.equals("PUT")) {
                    authorize(request);
                    MapStyle style;
                    String type = request.getContentType() == null ? "" : request.getContentType();
                    if (type.contains("xml")) {
                        // SLD 1.0 / SE 1.1 (application/vnd.ogc.sld+xml, application/vnd.ogc.se+xml, application/xml)
                        style = SldImport.parse(readBody(request), mapper);
                    } else {
                        try {
                            style = MapStyle.parse(mapper.readTree(readBody(request)));
                        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                            throw new BadInputException("the body is not valid JSON");
                        } catch (IllegalArgumentException e) {
                            throw new BadInputException(e.getMessage());
                        }
                    }
                    Layer updated = registry.restyle(id, style);
                    Http.json(response, 200, mapper, updated.style().toJson(mapper), "application/json");
                } else {
                    throw new BadInputException(405, "use GET or PUT on a style");
                }
            } else if (parts.get(2).equals("catalog-record")) {
                if (method.equals("PUT") || method.equals("DELETE")) {
                    authorize(request);
                    String record = method.equals("DELETE") ? ""
                            : new String(readBody(request), java.nio.charset.StandardCharsets.UTF_8);
                    Layer updated = registry.linkCatalogRecord(id, record);
                    Http.json(response, 200, mapper, describe(updated, Http.base(request)), "application/json");
                } else {
                    throw new BadInputException(405, "use PUT (the record identifier as text) or DELETE on catalog-record");
                }
            } else if (parts.get(2).equals("maplibre-style") && method.equals("GET")) {
                Http.json(response, 200, mapper, MapLibreStyle.of(layer, Http.base(request), mapper), "application/json");
            } else if (parts.get(2).equals("data") && method.equals("PUT")) {
                authorize(request);
                Layer updated = query(request, "postgis") != null ? publishTable(request, id, layer)
                        : upload(request, id, layer);
                Http.json(response, 200, mapper, describe(updated, Http.base(request)), "application/json");
            } else {
                throw new BadInputException(404, "no such resource");
            }
        } catch (BadInputException e) {
            drain(request, response, e.status());
            Http.problem(response, mapper, e.status(), title(e.status()), e.getMessage());
        } catch (SQLException | RuntimeException e) {
            LOG.error("maps: {} {} failed", method, path, e);
            Http.problem(response, mapper, 500, "Internal error", "the layer could not be changed; nothing was changed");
        }
    }

    /**
     * Reads what is left of a small refused body, so the client that is still sending it gets the answer;
     * a large one is not read and the connection is closed after the answer.
     */
    private static void drain(HttpServletRequest request, HttpServletResponse response, int status) {
        long length = request.getContentLengthLong();
        if (length > 8 * 1024 * 1024) {
            response.setHeader("Connection", "close");
            return;
        }
        try (InputStream in = request.getInputStream()) {
            in.skip(8 * 1024 * 1024);
        } catch (IOException | IllegalStateException e) {
            response.setHeader("Connection", "close");
        }
    }

    private static String title(int status) {
        return switch (status) {
            case 401 -> "Sign-in required";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 409 -> "Conflict";
            case 413 -> "File too large";
            case 415 -> "Unsupported file";
            default -> "Bad request";
        };
    }

    private static void authorize(HttpServletRequest request) {
        UserIdentity user = Http.user(request);
        if (user.isAnonymous()) {
            throw new BadInputException(401, "sign in as an editor to change layers");
        }
        if (!Http.mayEdit(user)) {
            throw new BadInputException(403, "changing layers needs the editor or platform-admin role");
        }
    }

    private static byte[] readBody(HttpServletRequest request) throws IOException {
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes(1024 * 1024 + 1);
            if (bytes.length > 1024 * 1024) {
                throw new BadInputException(413, "a style is at most 1 MiB");
            }
            return bytes;
        }
    }

    /**
     * Publishes a PostGIS table or view of the platform's database: it can hold anything of any schema, so only a
     * platform administrator may choose one.
     */
    private Layer publishTable(HttpServletRequest request, String id, Layer previous) throws SQLException {
        authorize(request);
        if (!Http.user(request).hasRole(fr.datagrandest.platform.api.security.Roles.PLATFORM_ADMIN)) {
            throw new BadInputException(403, "publishing a PostGIS table needs the platform-admin role");
        }
        String title = query(request, "title");
        if ((title == null || title.isBlank()) && previous == null) {
            throw new BadInputException("the title parameter is required");
        }
        LayerInfo info = info(request, id, title, previous, "PostGIS", "");
        MapStyle style = styleParameter(request);
        Layer layer = registry.publishTable(info, style, query(request, "postgis"), query(request, "geometryColumn"),
                query(request, "idColumn"));
        PostgisTable table = layer.table();
        LOG.info("maps: layer {} published by {} from the PostGIS table {} (EPSG:{})", id, Http.user(request).username(),
                table.source().qualifiedName(), table.srid());
        return layer;
    }

    private MapStyle styleParameter(HttpServletRequest request) {
        String styleParameter = query(request, "style");
        if (styleParameter != null && !styleParameter.isBlank()) {
            try {
                return MapStyle.parse(mapper.readTree(styleParameter));
            } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new BadInputException("style: " + e.getMessage());
            }
        }
        return null;
    }

    /** The metadata of the query string, what is not given kept from the previous version of the layer. */
    private static LayerInfo info(HttpServletRequest request, String id, String title, Layer previous, String format,
            String sourceCrs) {
        LayerInfo old = previous == null ? null : previous.info();
        return new LayerInfo(id, pick(title, old == null ? null : old.title()),
                pick(query(request, "abstract"), old == null ? "" : old.description()),
                query(request, "keywords") != null
                        ? Arrays.stream(query(request, "keywords").split(",")).map(String::trim)
                                .filter(s -> !s.isEmpty()).toList()
                        : old == null ? List.of() : old.keywords(),
                pick(query(request, "attribution"), old == null ? "" : old.attribution()),
                pick(query(request, "licence"), old == null ? "" : old.licence()),
                pick(query(request, "theme"), old == null ? null : old.theme()),
                sourceCrs, format,
                query(request, "catalogRecord") != null ? query(request, "catalogRecord")
                        : old == null ? "" : old.catalogRecord());
    }

    /** Streams the body to a temporary file within the size limit, reads it, then publishes it. */
    private Layer upload(HttpServletRequest request, String id, Layer previous) throws IOException, SQLException {
        long max = registry.config().maxUploadMiB() * 1024L * 1024L;
        if (request.getContentLengthLong() > max) {
            throw new BadInputException(413, "the file is larger than the upload limit (" + registry.config().maxUploadMiB()
                    + " MiB)");
        }
        String title = query(request, "title");
        if ((title == null || title.isBlank()) && previous == null) {
            throw new BadInputException("the title parameter is required");
        }
        MapStyle style = styleParameter(request);
        Path temp = Files.createTempFile("maps-upload", ".bin");
        try {
            long total = 0;
            try (InputStream in = request.getInputStream(); OutputStream out = Files.newOutputStream(temp)) {
                byte[] buffer = new byte[65536];
                int r;
                while ((r = in.read(buffer)) > 0) {
                    total += r;
                    if (total > max) {
                        throw new BadInputException(413, "the file is larger than the upload limit ("
                                + registry.config().maxUploadMiB() + " MiB)");
                    }
                    out.write(buffer, 0, r);
                }
            }
            LayerImport.Imported data = new LayerImport(mapper).read(temp, max, query(request, "crs"));
            LayerInfo info = info(request, id, title, previous, data.format(), data.sourceCrs());
            Layer layer = registry.publish(info, style, data.features());
            LOG.info("maps: layer {} published by {} ({} features, {})", id, Http.user(request).username(),
                    data.features().size(), data.format());
            return layer;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * A parameter of the query string only: the body is the file, and reading parameters through the servlet
     * API would consume a body sent as a form (curl's default content type).
     */
    private static String query(HttpServletRequest request, String name) {
        String q = request.getQueryString();
        if (q == null) {
            return null;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            String key = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static String pick(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    ObjectNode describe(Layer layer, String base) {
        LayerInfo info = layer.info();
        ObjectNode n = mapper.createObjectNode();
        n.put("id", info.id());
        n.put("title", info.title());
        n.put("abstract", info.description());
        ArrayNode k = n.putArray("keywords");
        info.keywords().forEach(k::add);
        n.put("attribution", info.attribution());
        n.put("licence", info.licence());
        n.put("theme", info.theme());
        n.put("geometryType", layer.geometryType());
        n.put("featureCount", layer.featureCount());
        n.put("sourceCrs", info.sourceCrs());
        n.put("sourceFormat", info.sourceFormat());
        if (layer.live()) {
            PostgisTable.Source source = layer.table().source();
            ObjectNode t = n.putObject("postgis");
            t.put("table", source.qualifiedName());
            t.put("geometryColumn", source.geometryColumn());
            t.put("idColumn", source.idColumn());
            t.put("srid", layer.table().srid());
        }
        Envelope e = layer.extent();
        if (!e.isNull()) {
            n.putArray("extent").add(e.getMinX()).add(e.getMinY()).add(e.getMaxX()).add(e.getMaxY());
        }
        n.put("catalogRecord", info.catalogRecord());
        catalog.record(info).ifPresent(r -> {
            ObjectNode link = n.putObject("catalogRecordLink");
            link.put("title", r.title());
            link.put("organisation", r.organisation());
            link.put("href", base + r.pagePath());
        });
        ArrayNode props = n.putArray("properties");
        layer.propertyNames().forEach(props::add);
        n.set("style", layer.style().toJson(mapper));
        ArrayNode legend = n.putArray("legend");
        for (LegendRenderer.Entry entry : LegendRenderer.entries(layer)) {
            ObjectNode le = legend.addObject();
            le.put("label", entry.label());
            le.put("fill", entry.fill() == null ? null : MapStyle.hex(entry.fill()));
            le.put("stroke", entry.stroke() == null ? null : MapStyle.hex(entry.stroke()));
        }
        ObjectNode links = n.putObject("links");
        links.put("wms", base + "/maps/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetCapabilities");
        links.put("legend", base + "/maps/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetLegendGraphic&FORMAT=image/png&LAYER="
                + info.id());
        links.put("features", base + "/maps/ogcapi/collections/" + info.id() + "/items");
        links.put("tiles", base + "/maps/tiles/" + info.id() + "/{z}/{x}/{y}.mvt");
        links.put("tilejson", base + "/maps/tiles/" + info.id() + ".json");
        links.put("maplibreStyle", base + "/maps/api/layers/" + info.id() + "/maplibre-style");
        return n;
    }
}
