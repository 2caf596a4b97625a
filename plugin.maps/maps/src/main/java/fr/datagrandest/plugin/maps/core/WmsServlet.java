package fr.datagrandest.plugin.maps.core;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.locationtech.jts.geom.Envelope;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonGenerator;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * WMS 1.3.0 at {@code /maps/wms}: GetCapabilities, GetMap (PNG, 8-bit PNG, JPEG, transparent), GetFeatureInfo
 * (text, HTML, JSON) and GetLegendGraphic. Every error is an OGC ServiceExceptionReport with HTTP 400.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/maps/wms",
        "osgi.http.whiteboard.servlet.name=dge-maps-wms"})
public class WmsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(WmsServlet.class);
    static final List<String> MAP_FORMATS = List.of("image/png", "image/png; mode=8bit", "image/jpeg");
    static final List<String> INFO_FORMATS = List.of("text/plain", "text/html", "application/json");

    private final transient LayerRegistry registry;
    private final transient MapRenderer renderer = new MapRenderer();
    private final transient LegendRenderer legends = new LegendRenderer();
    private transient volatile String[] capabilitiesCache = {"", ""};
    /** Encoded GetMap answers: tiled clients ask for the same images again and again. */
    private final transient Map<String, byte[]> images = new java.util.concurrent.ConcurrentHashMap<>();
    private static final long MAX_CACHED_BYTES = 32L * 1024 * 1024;
    private final transient java.util.concurrent.atomic.AtomicLong cachedBytes = new java.util.concurrent.atomic.AtomicLong();

    private final transient CatalogLinks catalog;

    @Activate
    public WmsServlet(@Reference LayerRegistry registry, @Reference CatalogLinks catalog) {
        this.registry = registry;
        this.catalog = catalog;
        registry.onChange(id -> {
            capabilitiesCache = new String[] {"", ""};
            images.clear();
            cachedBytes.set(0);
        });
        // The capabilities name the catalogue records while the catalogue runs.
        catalog.onChange(() -> capabilitiesCache = new String[] {"", ""});
    }

    /** An OGC service exception: its code and the message the client sees. */
    static final class WmsException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String code;

        WmsException(String code, String message) {
            super(message);
            this.code = code;
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, String> p = new HashMap<>();
        request.getParameterMap().forEach((k, v) -> p.put(k.toUpperCase(Locale.ROOT), v.length > 0 ? v[0] : ""));
        try {
            if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
                throw new WmsException("OperationNotSupported", "use HTTP GET");
            }
            String service = p.get("SERVICE");
            String req = p.getOrDefault("REQUEST", "");
            if (service != null && !service.equalsIgnoreCase("WMS") && !req.equalsIgnoreCase("GetLegendGraphic")) {
                throw new WmsException("InvalidParameterValue", "SERVICE must be WMS, not '" + service + "'");
            }
            switch (req.toLowerCase(Locale.ROOT)) {
                case "getcapabilities" -> capabilities(request, response, p);
                case "getmap" -> getMap(response, p);
                case "getfeatureinfo" -> getFeatureInfo(response, p);
                case "getlegendgraphic" -> legend(response, p);
                case "" -> throw new WmsException("MissingParameterValue", "the REQUEST parameter is missing");
                default -> throw new WmsException("OperationNotSupported",
                        "REQUEST must be GetCapabilities, GetMap, GetFeatureInfo or GetLegendGraphic, not '" + req + "'");
            }
        } catch (WmsException e) {
            exception(response, e.code, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("maps: WMS request failed: {}", request.getQueryString(), e);
            if (!response.isCommitted()) {
                response.reset();
                exception(response, "NoApplicableCode", "the server could not answer this request");
                response.setStatus(500);
            }
        }
    }

    static void exception(HttpServletResponse response, String code, String message) throws IOException {
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<ServiceExceptionReport version=\"1.3.0\" xmlns=\"http://www.opengis.net/ogc\""
                + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://www.opengis.net/ogc"
                + " http://schemas.opengis.net/wms/1.3.0/exceptions_1_3_0.xsd\">\n  <ServiceException code=\"" + code
                + "\">" + Http.xml(message) + "</ServiceException>\n</ServiceExceptionReport>\n";
        Http.text(response, 400, "text/xml", body);
    }

    // ------------------------------------------------------------------ GetCapabilities

    private void capabilities(HttpServletRequest request, HttpServletResponse response, Map<String, String> p)
            throws IOException {
        String version = p.get("VERSION");
        if (version != null && !version.isEmpty() && !version.equals("1.3.0") && !version.startsWith("1.")) {
            throw new WmsException("InvalidParameterValue", "this server speaks WMS 1.3.0");
        }
        String format = p.get("FORMAT");
        if (format != null && !format.isEmpty() && !format.equals("text/xml")
                && !format.equals("application/vnd.ogc.wms_xml")) {
            throw new WmsException("InvalidFormat", "GetCapabilities is available as text/xml only");
        }
        String url = Http.base(request) + "/maps/wms";
        String[] cached = capabilitiesCache;
        String xml;
        if (cached[0].equals(url)) {
            xml = cached[1];
        } else {
            xml = capabilitiesXml(url);
            capabilitiesCache = new String[] {url, xml};
        }
        Http.text(response, 200, "text/xml", xml);
    }

    String capabilitiesXml(String url) {
        int max = registry.config().maxImageSize();
        StringBuilder x = new StringBuilder(4096);
        String online = "<OnlineResource xlink:type=\"simple\" xlink:href=\"" + Http.xml(url) + "?\"/>";
        String dcp = "<DCPType><HTTP><Get>" + online + "</Get></HTTP></DCPType>";
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<WMS_Capabilities version=\"1.3.0\"")
                .append(" xmlns=\"http://www.opengis.net/wms\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"")
                .append(" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"")
                .append(" xsi:schemaLocation=\"http://www.opengis.net/wms http://schemas.opengis.net/wms/1.3.0/capabilities_1_3_0.xsd\">\n")
                .append("<Service><Name>WMS</Name><Title>DataGrandEst — cartes</Title>")
                .append("<Abstract>Couches vectorielles publiées par la plateforme DataGrandEst.</Abstract>")
                .append("<KeywordList><Keyword>Grand Est</Keyword><Keyword>WMS</Keyword></KeywordList>")
                .append("<OnlineResource xlink:type=\"simple\" xlink:href=\"").append(Http.xml(url)).append("\"/>")
                .append("<Fees>none</Fees><AccessConstraints>none</AccessConstraints>")
                .append("<MaxWidth>").append(max).append("</MaxWidth><MaxHeight>").append(max).append("</MaxHeight>")
                .append("</Service>\n<Capability><Request>")
                .append("<GetCapabilities><Format>text/xml</Format>").append(dcp).append("</GetCapabilities>")
                .append("<GetMap>");
        MAP_FORMATS.forEach(f -> x.append("<Format>").append(Http.xml(f)).append("</Format>"));
        x.append(dcp).append("</GetMap><GetFeatureInfo>");
        INFO_FORMATS.forEach(f -> x.append("<Format>").append(f).append("</Format>"));
        x.append(dcp).append("</GetFeatureInfo></Request>")
                .append("<Exception><Format>XML</Format></Exception>\n");
        List<Layer> layers = registry.all();
        Envelope all = new Envelope();
        layers.forEach(l -> all.expandToInclude(l.extent()));
        if (all.isNull()) {
            all.init(-180, 180, -90, 90);
        }
        x.append("<Layer><Title>DataGrandEst</Title>");
        Crs.SERVED.forEach(c -> x.append("<CRS>").append(c.code()).append("</CRS>"));
        extent(x, all);
        String theme = null;
        for (Layer layer : layers) {
            if (!layer.info().theme().equals(theme)) {
                if (theme != null) {
                    x.append("</Layer>\n");
                }
                theme = layer.info().theme();
                x.append("<Layer><Title>").append(Http.xml(theme)).append("</Title>\n");
            }
            LayerInfo info = layer.info();
            x.append("<Layer queryable=\"1\"><Name>").append(Http.xml(info.id())).append("</Name><Title>")
                    .append(Http.xml(info.title())).append("</Title><Abstract>").append(Http.xml(info.description()))
                    .append("</Abstract>");
            if (!info.keywords().isEmpty()) {
                x.append("<KeywordList>");
                info.keywords().forEach(k -> x.append("<Keyword>").append(Http.xml(k)).append("</Keyword>"));
                x.append("</KeywordList>");
            }
            extent(x, layer.extent().isNull() ? all : layer.extent());
            if (!info.attribution().isEmpty()) {
                x.append("<Attribution><Title>").append(Http.xml(info.attribution())).append("</Title></Attribution>");
            }
            catalog.record(info).ifPresent(r -> x.append("<MetadataURL type=\"ISO19115:2003\"><Format>text/html</Format>")
                    .append("<OnlineResource xlink:type=\"simple\" xlink:href=\"")
                    .append(Http.xml(url.substring(0, url.length() - "/maps/wms".length()) + r.pagePath()))
                    .append("\"/></MetadataURL>"));
            x.append("<Style><Name>default</Name><Title>Style par défaut</Title>")
                    .append("<LegendURL><Format>image/png</Format><OnlineResource xlink:type=\"simple\" xlink:href=\"")
                    .append(Http.xml(url + "?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetLegendGraphic&FORMAT=image/png&LAYER="
                            + info.id()))
                    .append("\"/></LegendURL></Style>");
            if (layer.style().minScaleDenominator() > 0) {
                x.append("<MinScaleDenominator>").append(layer.style().minScaleDenominator()).append("</MinScaleDenominator>");
            }
            if (Double.isFinite(layer.style().maxScaleDenominator())) {
                x.append("<MaxScaleDenominator>").append(layer.style().maxScaleDenominator()).append("</MaxScaleDenominator>");
            }
            x.append("</Layer>\n");
        }
        if (theme != null) {
            x.append("</Layer>\n");
        }
        x.append("</Layer>\n</Capability>\n</WMS_Capabilities>\n");
        return x.toString();
    }

    private static void extent(StringBuilder x, Envelope wgs84) {
        x.append("<EX_GeographicBoundingBox><westBoundLongitude>").append(wgs84.getMinX())
                .append("</westBoundLongitude><eastBoundLongitude>").append(wgs84.getMaxX())
                .append("</eastBoundLongitude><southBoundLatitude>").append(wgs84.getMinY())
                .append("</southBoundLatitude><northBoundLatitude>").append(wgs84.getMaxY())
                .append("</northBoundLatitude></EX_GeographicBoundingBox>");
        for (Crs crs : Crs.SERVED) {
            Envelope e = crs.fromWgs84(wgs84);
            boolean swap = crs.latitudeFirst();
            x.append("<BoundingBox CRS=\"").append(crs.code()).append("\" minx=\"")
                    .append(swap ? e.getMinY() : e.getMinX()).append("\" miny=\"").append(swap ? e.getMinX() : e.getMinY())
                    .append("\" maxx=\"").append(swap ? e.getMaxY() : e.getMaxX()).append("\" maxy=\"")
                    .append(swap ? e.getMaxX() : e.getMaxY()).append("\"/>");
        }
    }

    // ------------------------------------------------------------------ GetMap

    /** A parsed GetMap: the layers, the view and how to encode it. */
    record MapRequest(List<Layer> layers, MapRenderer.View view, String format, boolean transparent, Color background) {
    }

    MapRequest parseMap(Map<String, String> p, String layersParameter) {
        String version = p.get("VERSION");
        if (version != null && !version.isEmpty() && !version.equals("1.3.0")) {
            throw new WmsException("InvalidParameterValue", "VERSION must be 1.3.0, not '" + version + "'");
        }
        String names = required(p, layersParameter);
        List<Layer> layers = new ArrayList<>();
        for (String name : names.split(",")) {
            layers.add(registry.get(name.trim()).orElseThrow(() -> new WmsException("LayerNotDefined",
                    "no layer named '" + name.trim() + "'")));
        }
        String styles = p.get("STYLES");
        if (styles != null && !styles.isEmpty()) {
            for (String s : styles.split(",", -1)) {
                if (!s.isEmpty() && !s.equals("default")) {
                    throw new WmsException("StyleNotDefined", "unknown style '" + s + "': use default or leave STYLES empty");
                }
            }
        }
        String crsName = p.containsKey("CRS") ? p.get("CRS") : p.get("SRS");
        if (crsName == null || crsName.isEmpty()) {
            throw new WmsException("MissingParameterValue", "the CRS parameter is missing");
        }
        Crs crs = Crs.served(crsName).orElseThrow(() -> new WmsException("InvalidCRS",
                "CRS '" + crsName + "' is not offered: use EPSG:2154, EPSG:4326, EPSG:3857 or CRS:84"));
        Envelope box = bbox(required(p, "BBOX"), crs);
        int width = size(p, "WIDTH");
        int height = size(p, "HEIGHT");
        String format = required(p, "FORMAT");
        String normalized = format.replace("%3B", ";").replaceAll("\\s*;\\s*", "; ").toLowerCase(Locale.ROOT);
        if (normalized.equals("image/png8")) {
            normalized = "image/png; mode=8bit";
        }
        if (!MAP_FORMATS.contains(normalized)) {
            throw new WmsException("InvalidFormat", "FORMAT '" + format + "' is not offered: use " + String.join(", ", MAP_FORMATS));
        }
        String transparentValue = p.getOrDefault("TRANSPARENT", "FALSE");
        if (!transparentValue.equalsIgnoreCase("TRUE") && !transparentValue.equalsIgnoreCase("FALSE")) {
            throw new WmsException("InvalidParameterValue", "TRANSPARENT must be TRUE or FALSE");
        }
        boolean transparent = transparentValue.equalsIgnoreCase("TRUE") && !normalized.equals("image/jpeg");
        Color background = Color.WHITE;
        String bg = p.get("BGCOLOR");
        if (bg != null && !bg.isEmpty()) {
            if (!bg.matches("0[xX][0-9a-fA-F]{6}")) {
                throw new WmsException("InvalidParameterValue", "BGCOLOR must look like 0xRRGGBB");
            }
            background = new Color(Integer.parseInt(bg.substring(2), 16));
        }
        return new MapRequest(layers, new MapRenderer.View(crs, box, width, height), normalized, transparent, background);
    }

    static Envelope bbox(String value, Crs crs) {
        String[] parts = value.split(",");
        if (parts.length != 4) {
            throw new WmsException("InvalidParameterValue", "BBOX must be four numbers minx,miny,maxx,maxy");
        }
        double[] v = new double[4];
        for (int i = 0; i < 4; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new WmsException("InvalidParameterValue", "BBOX value '" + parts[i] + "' is not a number");
            }
            if (!Double.isFinite(v[i])) {
                throw new WmsException("InvalidParameterValue", "BBOX values must be finite numbers");
            }
        }
        if (v[0] >= v[2] || v[1] >= v[3]) {
            throw new WmsException("InvalidParameterValue", "BBOX minimum must be below maximum on both axes");
        }
        Envelope box = crs.latitudeFirst() ? new Envelope(v[1], v[3], v[0], v[2]) : new Envelope(v[0], v[2], v[1], v[3]);
        Envelope valid = crs.validArea();
        double slackX = valid.getWidth() * 0.01;
        double slackY = valid.getHeight() * 0.01;
        if (box.getMinX() < valid.getMinX() - slackX || box.getMaxX() > valid.getMaxX() + slackX
                || box.getMinY() < valid.getMinY() - slackY || box.getMaxY() > valid.getMaxY() + slackY) {
            throw new WmsException("InvalidParameterValue", "BBOX " + value + " is outside the area of " + crs.code()
                    + (crs.latitudeFirst() ? " (EPSG:4326 in WMS 1.3.0 is latitude first: minlat,minlon,maxlat,maxlon)" : ""));
        }
        return box;
    }

    private int size(Map<String, String> p, String name) {
        String value = required(p, name);
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new WmsException("InvalidParameterValue", name + " must be a whole number of pixels");
        }
        int max = registry.config().maxImageSize();
        if (n <= 0 || n > max) {
            throw new WmsException("InvalidParameterValue", name + " must be between 1 and " + max + ", not " + n);
        }
        return n;
    }

    private static String required(Map<String, String> p, String name) {
        String v = p.get(name);
        if (v == null || v.isEmpty()) {
            throw new WmsException("MissingParameterValue", "the " + name + " parameter is missing");
        }
        return v;
    }

    private void getMap(HttpServletResponse response, Map<String, String> p) throws IOException {
        MapRequest m = parseMap(p, "LAYERS");
        StringBuilder key = new StringBuilder();
        m.layers().forEach(l -> key.append(l.cacheKey()).append(','));
        Envelope b = m.view().box();
        key.append(m.view().crs().code()).append('|').append(b.getMinX()).append(',').append(b.getMinY()).append(',')
                .append(b.getMaxX()).append(',').append(b.getMaxY()).append('|').append(m.view().width()).append('x')
                .append(m.view().height()).append('|').append(m.format()).append('|').append(m.transparent()).append('|')
                .append(m.background().getRGB());
        // A PostGIS table changes without telling: maps showing one are drawn for each request.
        boolean live = m.layers().stream().anyMatch(Layer::live);
        byte[] bytes = live ? null : images.get(key.toString());
        if (live) {
            bytes = MapRenderer.encode(renderer.render(m.layers(), m.view(), m.transparent(), m.background()), m.format());
        } else if (bytes == null) {
            BufferedImage image = renderer.render(m.layers(), m.view(), m.transparent(), m.background());
            bytes = MapRenderer.encode(image, m.format());
            if (cachedBytes.addAndGet(bytes.length) > MAX_CACHED_BYTES) {
                // A simple bound of 32 MiB: start again rather than track recency.
                images.clear();
                cachedBytes.set(bytes.length);
            }
            images.put(key.toString(), bytes);
        }
        response.setHeader("Cache-Control", "public, max-age=300");
        Http.bytes(response, m.format().startsWith("image/png") ? "image/png" : m.format(), bytes);
    }

    // ------------------------------------------------------------------ GetFeatureInfo

    private void getFeatureInfo(HttpServletResponse response, Map<String, String> p) throws IOException {
        // FORMAT belongs to the map part of GetFeatureInfo, but clients often leave it out: it changes nothing here.
        p.putIfAbsent("FORMAT", "image/png");
        MapRequest m = parseMap(p, "LAYERS");
        String query = required(p, "QUERY_LAYERS");
        List<Layer> queried = new ArrayList<>();
        Set<String> drawn = new java.util.HashSet<>();
        m.layers().forEach(l -> drawn.add(l.id()));
        for (String name : query.split(",")) {
            Layer l = registry.get(name.trim()).orElseThrow(() -> new WmsException("LayerNotDefined",
                    "no layer named '" + name.trim() + "'"));
            if (!drawn.contains(l.id())) {
                throw new WmsException("LayerNotDefined", "QUERY_LAYERS names '" + l.id() + "', which LAYERS does not");
            }
            queried.add(l);
        }
        String infoFormat = p.getOrDefault("INFO_FORMAT", "text/plain");
        if (!INFO_FORMATS.contains(infoFormat)) {
            throw new WmsException("InvalidFormat", "INFO_FORMAT '" + infoFormat + "' is not offered: use "
                    + String.join(", ", INFO_FORMATS));
        }
        int i = pixel(p, "I", "X", m.view().width());
        int j = pixel(p, "J", "Y", m.view().height());
        int count = 1;
        if (p.containsKey("FEATURE_COUNT")) {
            try {
                count = Math.max(1, Math.min(100, Integer.parseInt(p.get("FEATURE_COUNT").trim())));
            } catch (NumberFormatException e) {
                throw new WmsException("InvalidParameterValue", "FEATURE_COUNT must be a whole number");
            }
        }
        List<MapRenderer.Hit> hits = renderer.featuresAt(queried, m.view(), i, j, count);
        switch (infoFormat) {
            case "application/json" -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (JsonGenerator g = registry.mapper().getFactory().createGenerator(out)) {
                    g.writeStartObject();
                    g.writeStringField("type", "FeatureCollection");
                    g.writeArrayFieldStart("features");
                    for (MapRenderer.Hit h : hits) {
                        GeoJsonOutput.feature(g, h.feature(), h.feature().geometry(), false, 6, h.layer().id());
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
                Http.bytes(response, "application/json", out.toByteArray());
            }
            case "text/html" -> {
                StringBuilder h = new StringBuilder("<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\">"
                        + "<title>Informations</title></head><body>");
                if (hits.isEmpty()) {
                    h.append("<p>Aucun objet à cet endroit.</p>");
                }
                for (MapRenderer.Hit hit : hits) {
                    h.append("<table><caption>").append(Http.xml(hit.layer().info().title())).append("</caption>");
                    hit.feature().properties().forEach((k, v) -> h.append("<tr><th scope=\"row\">").append(Http.xml(k))
                            .append("</th><td>").append(Http.xml(String.valueOf(v))).append("</td></tr>"));
                    h.append("</table>");
                }
                Http.text(response, 200, "text/html", h.append("</body></html>").toString());
            }
            default -> {
                StringBuilder t = new StringBuilder();
                if (hits.isEmpty()) {
                    t.append("no feature found\n");
                }
                for (MapRenderer.Hit hit : hits) {
                    t.append("Layer '").append(hit.layer().id()).append("'\n  Feature ").append(hit.feature().fid())
                            .append(":\n");
                    hit.feature().properties().forEach((k, v) -> t.append("    ").append(k).append(" = ").append(v)
                            .append('\n'));
                }
                Http.text(response, 200, "text/plain", t.toString());
            }
        }
    }

    private static int pixel(Map<String, String> p, String name, String legacy, int size) {
        String v = p.containsKey(name) ? p.get(name) : p.get(legacy);
        if (v == null || v.isEmpty()) {
            throw new WmsException("MissingParameterValue", "the " + name + " parameter is missing");
        }
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new WmsException("InvalidPoint", name + " must be a whole number of pixels");
        }
        if (n < 0 || n >= size) {
            throw new WmsException("InvalidPoint", name + " must be between 0 and " + (size - 1));
        }
        return n;
    }

    // ------------------------------------------------------------------ GetLegendGraphic

    private void legend(HttpServletResponse response, Map<String, String> p) throws IOException {
        String name = required(p, "LAYER");
        Layer layer = registry.get(name).orElseThrow(() -> new WmsException("LayerNotDefined", "no layer named '" + name + "'"));
        String format = p.getOrDefault("FORMAT", "image/png");
        if (!format.equals("image/png") && !format.equals("image/jpeg")) {
            throw new WmsException("InvalidFormat", "GetLegendGraphic FORMAT must be image/png or image/jpeg");
        }
        BufferedImage image = legends.render(layer, registry.config().maxImageSize());
        Http.bytes(response, format, MapRenderer.encode(image, format));
    }
}
