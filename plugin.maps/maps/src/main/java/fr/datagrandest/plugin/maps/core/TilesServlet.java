package fr.datagrandest.plugin.maps.core;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.locationtech.jts.geom.Envelope;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * XYZ Mapbox Vector Tiles at {@code /maps/tiles/{layer}/{z}/{x}/{y}.mvt} and their TileJSON 3.0 at
 * {@code /maps/tiles/{layer}.json}.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/maps/tiles/*",
        "osgi.http.whiteboard.servlet.name=dge-maps-tiles"})
public class TilesServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TilesServlet.class);
    private static final Pattern TILE = Pattern.compile("/([a-z0-9][a-z0-9_-]*)/(\\d{1,2})/(\\d{1,8})/(\\d{1,8})\\.(mvt|pbf)");
    private static final Pattern TILEJSON = Pattern.compile("/([a-z0-9][a-z0-9_-]*)\\.json");

    private final transient LayerRegistry registry;
    private final transient ObjectMapper mapper;
    private final transient VectorTiles tiles;

    @Activate
    public TilesServlet(@Reference LayerRegistry registry, @Reference VectorTiles tiles) {
        this.registry = registry;
        this.mapper = registry.mapper();
        this.tiles = tiles;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        try {
            Matcher t = TILE.matcher(path);
            Matcher j = TILEJSON.matcher(path);
            if (t.matches()) {
                Layer layer = layer(t.group(1));
                int z = Integer.parseInt(t.group(2));
                long x = Long.parseLong(t.group(3));
                long y = Long.parseLong(t.group(4));
                if (z > VectorTiles.MAX_ZOOM || x >= (1L << z) || y >= (1L << z)) {
                    throw new BadInputException("tile " + z + "/" + x + "/" + y + " does not exist: z is 0 to "
                            + VectorTiles.MAX_ZOOM + ", x and y 0 to 2^z - 1");
                }
                byte[] bytes = tiles.tile(layer, z, (int) x, (int) y);
                response.setHeader("Cache-Control", "public, max-age=300");
                response.setHeader("Access-Control-Allow-Origin", "*");
                Http.bytes(response, "application/vnd.mapbox-vector-tile", bytes);
            } else if (j.matches()) {
                Layer layer = layer(j.group(1));
                response.setHeader("Access-Control-Allow-Origin", "*");
                Http.json(response, 200, mapper, tileJson(layer, Http.base(request)), "application/json");
            } else {
                throw new BadInputException(404, "tiles are at /maps/tiles/{layer}/{z}/{x}/{y}.mvt");
            }
        } catch (BadInputException e) {
            Http.problem(response, mapper, e.status(), e.status() == 404 ? "Not found" : "Bad request", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("maps: tile {} failed", path, e);
            Http.problem(response, mapper, 500, "Internal error", "the tile could not be made");
        }
    }

    private Layer layer(String id) {
        return registry.get(id).orElseThrow(() -> new BadInputException(404, "no layer '" + id + "'"));
    }

    ObjectNode tileJson(Layer layer, String base) {
        ObjectNode n = mapper.createObjectNode();
        n.put("tilejson", "3.0.0");
        n.put("name", layer.info().title());
        n.put("description", layer.info().description());
        n.put("attribution", layer.info().attribution());
        n.put("scheme", "xyz");
        n.putArray("tiles").add(base + "/maps/tiles/" + layer.id() + "/{z}/{x}/{y}.mvt");
        n.put("minzoom", 0);
        n.put("maxzoom", 16);
        Envelope e = layer.extent();
        if (!e.isNull()) {
            n.putArray("bounds").add(e.getMinX()).add(e.getMinY()).add(e.getMaxX()).add(e.getMaxY());
            n.putArray("center").add(e.centre().x).add(e.centre().y).add(7);
        }
        ArrayNode layers = n.putArray("vector_layers");
        ObjectNode l = layers.addObject();
        l.put("id", layer.id());
        l.put("description", layer.info().title());
        ObjectNode fields = l.putObject("fields");
        layer.propertyNames().forEach(p -> fields.put(p, "String"));
        fields.put("fid", "Number");
        return n;
    }
}
