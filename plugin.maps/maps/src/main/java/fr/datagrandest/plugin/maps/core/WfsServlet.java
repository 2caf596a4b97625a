package fr.datagrandest.plugin.maps.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

import com.fasterxml.jackson.core.JsonGenerator;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * WFS 2.0.0 (simple, GET/KVP and POST/XML) at {@code /maps/wfs}: GetCapabilities, DescribeFeatureType, GetFeature
 * in GML 3.2 or GeoJSON with {@code BBOX}, FES 2.0 filters ({@code FILTER}, {@code RESOURCEID} or the query's
 * fes:Filter), {@code SRSNAME}, {@code COUNT}/{@code STARTINDEX} paging and {@code RESULTTYPE=hits}. Errors are OWS 1.1 ExceptionReports with HTTP 400.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/maps/wfs",
        "osgi.http.whiteboard.servlet.name=dge-maps-wfs"})
public class WfsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(WfsServlet.class);
    static final String NS = "https://www.datagrandest.fr/maps";
    private static final String GML = "application/gml+xml; version=3.2";
    private static final int DEFAULT_COUNT = 1000;
    private static final int MAX_XML_REQUEST = 1024 * 1024;

    private final transient LayerRegistry registry;
    private final transient GeometryFactory factory = new GeometryFactory();

    @Activate
    public WfsServlet(@Reference LayerRegistry registry) {
        this.registry = registry;
    }

    static final class WfsException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String code;
        final String locator;

        WfsException(String code, String locator, String message) {
            super(message);
            this.code = code;
            this.locator = locator;
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, String> p = new HashMap<>();
        request.getParameterMap().forEach((k, v) -> p.put(k.toUpperCase(Locale.ROOT), v.length > 0 ? v[0] : ""));
        answer(request, response, p, null);
    }

    /**
     * The XML encoding: a GetCapabilities, DescribeFeatureType or GetFeature document (one wfs:Query, its
     * fes:Filter), read into the same parameters as the KVP request.
     */
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, String> p = new HashMap<>();
        Element filter = null;
        try {
            byte[] body;
            try (java.io.InputStream in = request.getInputStream()) {
                body = in.readNBytes(MAX_XML_REQUEST + 1);
            }
            if (body.length > MAX_XML_REQUEST) {
                throw new WfsException("OperationProcessingFailed", "request", "an XML request is at most 1 MiB");
            }
            Element root;
            try {
                root = FesFilter.document(body).getDocumentElement();
            } catch (FesFilter.FilterException e) {
                throw new WfsException("OperationParsingFailed", "request", e.getMessage());
            }
            p.put("REQUEST", root.getLocalName());
            for (String[] a : new String[][] {{"service", "SERVICE"}, {"version", "VERSION"}, {"count", "COUNT"},
                {"maxFeatures", "MAXFEATURES"}, {"startIndex", "STARTINDEX"}, {"outputFormat", "OUTPUTFORMAT"},
                {"resultType", "RESULTTYPE"}}) {
                String v = attribute(root, a[0]);
                if (v != null) {
                    p.put(a[1], v);
                }
            }
            List<String> typeNames = new ArrayList<>();
            List<Element> queries = new ArrayList<>();
            for (Element c : FesFilter.children(root)) {
                if (c.getLocalName().equals("Query")) {
                    queries.add(c);
                } else if (c.getLocalName().equals("TypeName")) {
                    typeNames.add(c.getTextContent().trim());
                } else if (c.getLocalName().equals("StoredQuery")) {
                    throw new WfsException("OperationNotSupported", "StoredQuery", "stored queries are not offered");
                }
            }
            if (queries.size() > 1) {
                throw new WfsException("OperationProcessingFailed", "Query", "send one wfs:Query per request");
            }
            if (!queries.isEmpty()) {
                Element q = queries.get(0);
                String names = attribute(q, "typeNames");
                typeNames.add(names != null ? names : java.util.Objects.requireNonNullElse(attribute(q, "typeName"), ""));
                if (attribute(q, "srsName") != null) {
                    p.put("SRSNAME", attribute(q, "srsName"));
                }
                for (Element c : FesFilter.children(q)) {
                    if (c.getLocalName().equals("Filter")) {
                        filter = c;
                    } else if (!c.getLocalName().equals("PropertyName")) {
                        throw new WfsException("OperationNotSupported", c.getLocalName(), "wfs:Query may hold an"
                                + " fes:Filter, not " + c.getLocalName());
                    }
                }
            }
            if (!typeNames.isEmpty()) {
                p.put("TYPENAMES", String.join(",", typeNames));
            }
        } catch (WfsException e) {
            report(response, e);
            return;
        }
        answer(request, response, p, filter);
    }

    /** An attribute whatever its case: OWSLib writes {@code typenames}, the schema {@code typeNames}. */
    private static String attribute(Element e, String name) {
        org.w3c.dom.NamedNodeMap all = e.getAttributes();
        for (int i = 0; i < all.getLength(); i++) {
            org.w3c.dom.Node a = all.item(i);
            String local = a.getLocalName() != null ? a.getLocalName() : a.getNodeName();
            if (local.equalsIgnoreCase(name)) {
                return a.getNodeValue();
            }
        }
        return null;
    }

    private static void report(HttpServletResponse response, WfsException e) throws IOException {
        Http.text(response, 400, "text/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ows:ExceptionReport"
                + " xmlns:ows=\"http://www.opengis.net/ows/1.1\" version=\"2.0.0\"><ows:Exception exceptionCode=\""
                + e.code + "\" locator=\"" + Http.xml(e.locator) + "\"><ows:ExceptionText>" + Http.xml(e.getMessage())
                + "</ows:ExceptionText></ows:Exception></ows:ExceptionReport>\n");
    }

    private void answer(HttpServletRequest request, HttpServletResponse response, Map<String, String> p,
            Element xmlFilter) throws IOException {
        try {
            String service = p.get("SERVICE");
            if (service != null && !service.equalsIgnoreCase("WFS")) {
                throw new WfsException("InvalidParameterValue", "service", "SERVICE must be WFS");
            }
            String version = p.get("VERSION");
            String req = p.getOrDefault("REQUEST", "");
            if (version != null && !version.isEmpty() && !version.startsWith("2.0") && !req.equalsIgnoreCase("GetCapabilities")) {
                throw new WfsException("InvalidParameterValue", "version", "this server speaks WFS 2.0.0");
            }
            String url = Http.base(request) + "/maps/wfs";
            switch (req.toLowerCase(Locale.ROOT)) {
                case "getcapabilities" -> Http.text(response, 200, "text/xml", capabilities(url));
                case "describefeaturetype" -> Http.text(response, 200, "application/xml", describe(p));
                case "getfeature" -> getFeature(response, p, url, xmlFilter);
                case "" -> throw new WfsException("MissingParameterValue", "request", "the REQUEST parameter is missing");
                default -> throw new WfsException("OperationNotSupported", "request",
                        "REQUEST must be GetCapabilities, DescribeFeatureType or GetFeature");
            }
        } catch (WfsException e) {
            report(response, e);
        } catch (RuntimeException e) {
            LOG.error("maps: WFS request failed: {}", request.getQueryString(), e);
            if (!response.isCommitted()) {
                response.reset();
                Http.text(response, 500, "text/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ows:ExceptionReport"
                        + " xmlns:ows=\"http://www.opengis.net/ows/1.1\" version=\"2.0.0\"><ows:Exception exceptionCode="
                        + "\"NoApplicableCode\"><ows:ExceptionText>the server could not answer this request"
                        + "</ows:ExceptionText></ows:Exception></ows:ExceptionReport>\n");
            }
        }
    }

    private String capabilities(String url) {
        StringBuilder x = new StringBuilder(4096);
        String get = "<ows:DCP><ows:HTTP><ows:Get xlink:href=\"" + Http.xml(url) + "?\"/><ows:Post xlink:href=\""
                + Http.xml(url) + "\"/></ows:HTTP></ows:DCP>";
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<wfs:WFS_Capabilities version=\"2.0.0\"")
                .append(" xmlns:wfs=\"http://www.opengis.net/wfs/2.0\" xmlns:ows=\"http://www.opengis.net/ows/1.1\"")
                .append(" xmlns:fes=\"http://www.opengis.net/fes/2.0\" xmlns:gml=\"http://www.opengis.net/gml/3.2\"")
                .append(" xmlns:xlink=\"http://www.w3.org/1999/xlink\" xmlns:dge=\"").append(NS).append("\"")
                .append(" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://www.opengis.net/wfs/2.0")
                .append(" http://schemas.opengis.net/wfs/2.0/wfs.xsd\">\n")
                .append("<ows:ServiceIdentification><ows:Title>DataGrandEst — objets géographiques</ows:Title>")
                .append("<ows:Abstract>Couches vectorielles publiées par la plateforme DataGrandEst.</ows:Abstract>")
                .append("<ows:ServiceType>WFS</ows:ServiceType><ows:ServiceTypeVersion>2.0.0</ows:ServiceTypeVersion>")
                .append("<ows:Fees>none</ows:Fees><ows:AccessConstraints>none</ows:AccessConstraints></ows:ServiceIdentification>\n")
                .append("<ows:OperationsMetadata>");
        for (String op : List.of("GetCapabilities", "DescribeFeatureType", "GetFeature")) {
            x.append("<ows:Operation name=\"").append(op).append("\">").append(get);
            if (op.equals("GetFeature")) {
                x.append("<ows:Parameter name=\"outputFormat\"><ows:AllowedValues><ows:Value>").append(Http.xml(GML))
                        .append("</ows:Value><ows:Value>application/json</ows:Value></ows:AllowedValues></ows:Parameter>")
                        .append("<ows:Parameter name=\"resultType\"><ows:AllowedValues><ows:Value>results</ows:Value>")
                        .append("<ows:Value>hits</ows:Value></ows:AllowedValues></ows:Parameter>");
            }
            x.append("</ows:Operation>");
        }
        for (String[] c : new String[][] {{"ImplementsBasicWFS", "FALSE"}, {"ImplementsTransactionalWFS", "FALSE"},
            {"ImplementsLockingWFS", "FALSE"}, {"KVPEncoding", "TRUE"}, {"XMLEncoding", "TRUE"},
            {"SOAPEncoding", "FALSE"}, {"ImplementsInheritance", "FALSE"}, {"ImplementsRemoteResolve", "FALSE"},
            {"ImplementsResultPaging", "TRUE"}, {"ImplementsStandardJoins", "FALSE"}, {"ImplementsSpatialJoins", "FALSE"},
            {"ImplementsTemporalJoins", "FALSE"}, {"ImplementsFeatureVersioning", "FALSE"}, {"ManageStoredQueries", "FALSE"}}) {
            x.append("<ows:Constraint name=\"").append(c[0]).append("\"><ows:NoValues/><ows:DefaultValue>").append(c[1])
                    .append("</ows:DefaultValue></ows:Constraint>");
        }
        x.append("<ows:Constraint name=\"CountDefault\"><ows:NoValues/><ows:DefaultValue>").append(DEFAULT_COUNT)
                .append("</ows:DefaultValue></ows:Constraint></ows:OperationsMetadata>\n<wfs:FeatureTypeList>");
        for (Layer layer : registry.all()) {
            Envelope e = layer.extent().isNull() ? new Envelope(-180, 180, -90, 90) : layer.extent();
            x.append("<wfs:FeatureType><wfs:Name>dge:").append(layer.id()).append("</wfs:Name><wfs:Title>")
                    .append(Http.xml(layer.info().title())).append("</wfs:Title><wfs:Abstract>")
                    .append(Http.xml(layer.info().description())).append("</wfs:Abstract>");
            if (!layer.info().keywords().isEmpty()) {
                x.append("<ows:Keywords>");
                layer.info().keywords().forEach(k -> x.append("<ows:Keyword>").append(Http.xml(k)).append("</ows:Keyword>"));
                x.append("</ows:Keywords>");
            }
            x.append("<wfs:DefaultCRS>urn:ogc:def:crs:EPSG::4326</wfs:DefaultCRS>")
                    .append("<wfs:OtherCRS>urn:ogc:def:crs:EPSG::2154</wfs:OtherCRS>")
                    .append("<wfs:OtherCRS>urn:ogc:def:crs:EPSG::3857</wfs:OtherCRS>")
                    .append("<wfs:OutputFormats><wfs:Format>").append(Http.xml(GML))
                    .append("</wfs:Format><wfs:Format>application/json</wfs:Format></wfs:OutputFormats>")
                    .append("<ows:WGS84BoundingBox><ows:LowerCorner>").append(e.getMinX()).append(' ').append(e.getMinY())
                    .append("</ows:LowerCorner><ows:UpperCorner>").append(e.getMaxX()).append(' ').append(e.getMaxY())
                    .append("</ows:UpperCorner></ows:WGS84BoundingBox></wfs:FeatureType>\n");
        }
        x.append("</wfs:FeatureTypeList>\n<fes:Filter_Capabilities><fes:Conformance>");
        for (String[] c : new String[][] {{"ImplementsQuery", "TRUE"}, {"ImplementsAdHocQuery", "TRUE"},
            {"ImplementsFunctions", "FALSE"}, {"ImplementsResourceId", "TRUE"}, {"ImplementsMinStandardFilter", "TRUE"},
            {"ImplementsStandardFilter", "TRUE"}, {"ImplementsMinSpatialFilter", "TRUE"}, {"ImplementsSpatialFilter", "FALSE"},
            {"ImplementsMinTemporalFilter", "FALSE"}, {"ImplementsTemporalFilter", "FALSE"}, {"ImplementsVersionNav", "FALSE"},
            {"ImplementsSorting", "FALSE"}, {"ImplementsExtendedOperators", "FALSE"}}) {
            x.append("<fes:Constraint name=\"").append(c[0]).append("\"><ows:NoValues/><ows:DefaultValue>").append(c[1])
                    .append("</ows:DefaultValue></fes:Constraint>");
        }
        x.append("</fes:Conformance><fes:Id_Capabilities><fes:ResourceIdentifier name=\"fes:ResourceId\"/>")
                .append("</fes:Id_Capabilities><fes:Scalar_Capabilities><fes:LogicalOperators/><fes:ComparisonOperators>");
        for (String op : List.of("PropertyIsEqualTo", "PropertyIsNotEqualTo", "PropertyIsLessThan", "PropertyIsGreaterThan",
                "PropertyIsLessThanOrEqualTo", "PropertyIsGreaterThanOrEqualTo", "PropertyIsLike", "PropertyIsNull",
                "PropertyIsNil", "PropertyIsBetween")) {
            x.append("<fes:ComparisonOperator name=\"").append(op).append("\"/>");
        }
        x.append("</fes:ComparisonOperators></fes:Scalar_Capabilities><fes:Spatial_Capabilities><fes:GeometryOperands>")
                .append("<fes:GeometryOperand name=\"gml:Envelope\"/></fes:GeometryOperands><fes:SpatialOperators>")
                .append("<fes:SpatialOperator name=\"BBOX\"/></fes:SpatialOperators></fes:Spatial_Capabilities>")
                .append("</fes:Filter_Capabilities>\n</wfs:WFS_Capabilities>\n");
        return x.toString();
    }

    private List<Layer> typeNames(Map<String, String> p, boolean required) {
        String names = p.containsKey("TYPENAMES") ? p.get("TYPENAMES") : p.get("TYPENAME");
        if (names == null || names.isEmpty()) {
            if (required) {
                throw new WfsException("MissingParameterValue", "typeNames", "the TYPENAMES parameter is missing");
            }
            return registry.all();
        }
        List<Layer> layers = new ArrayList<>();
        for (String n : names.split(",")) {
            String id = n.trim().replaceFirst("^\\(", "").replaceFirst("\\)$", "");
            id = id.contains(":") ? id.substring(id.indexOf(':') + 1) : id;
            String found = id;
            layers.add(registry.get(id).orElseThrow(() -> new WfsException("InvalidParameterValue", "typeNames",
                    "no feature type '" + found + "'")));
        }
        return layers;
    }

    static String xmlName(String property) {
        String n = property.replaceAll("[^A-Za-z0-9_.-]", "_");
        return n.isEmpty() || !Character.isLetter(n.charAt(0)) && n.charAt(0) != '_' ? "_" + n : n;
    }

    private String describe(Map<String, String> p) {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xs:schema"
                + " xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" xmlns:gml=\"http://www.opengis.net/gml/3.2\" xmlns:dge=\""
                + NS + "\" targetNamespace=\"" + NS + "\" elementFormDefault=\"qualified\" version=\"1.0\">\n"
                + "<xs:import namespace=\"http://www.opengis.net/gml/3.2\" schemaLocation=\"http://schemas.opengis.net/gml/3.2.1/gml.xsd\"/>\n");
        for (Layer layer : typeNames(p, false)) {
            String type = layer.id() + "Type";
            x.append("<xs:element name=\"").append(layer.id()).append("\" type=\"dge:").append(type)
                    .append("\" substitutionGroup=\"gml:AbstractFeature\"/>\n<xs:complexType name=\"").append(type)
                    .append("\"><xs:complexContent><xs:extension base=\"gml:AbstractFeatureType\"><xs:sequence>");
            for (String name : layer.propertyNames()) {
                x.append("<xs:element name=\"").append(xmlName(name)).append("\" type=\"").append(xsdType(layer, name))
                        .append("\" minOccurs=\"0\" nillable=\"true\"/>");
            }
            String geometry = switch (layer.geometryType()) {
                case "polygon" -> "gml:MultiSurfacePropertyType";
                case "line" -> "gml:MultiCurvePropertyType";
                case "point" -> "gml:PointPropertyType";
                default -> "gml:GeometryPropertyType";
            };
            x.append("<xs:element name=\"geometry\" type=\"").append(geometry).append("\" minOccurs=\"0\"/>")
                    .append("</xs:sequence></xs:extension></xs:complexContent></xs:complexType>\n");
        }
        return x.append("</xs:schema>\n").toString();
    }

    private static String xsdType(Layer layer, String property) {
        return layer.propertyType(property);
    }

    private void getFeature(HttpServletResponse response, Map<String, String> p, String url, Element xmlFilter)
            throws IOException {
        List<Layer> layers = typeNames(p, true);
        if (layers.size() > 1) {
            throw new WfsException("OperationProcessingFailed", "typeNames", "query one feature type at a time");
        }
        Layer layer = layers.get(0);
        String srsName = p.getOrDefault("SRSNAME", "");
        Crs crs = srsName.isEmpty() ? Crs.EPSG4326 : Crs.served(srsName)
                .orElseThrow(() -> new WfsException("InvalidParameterValue", "srsName", "SRSNAME '" + srsName
                        + "' is not offered: use urn:ogc:def:crs:EPSG::4326, EPSG::2154 or EPSG::3857"));
        // An EPSG:4326 name other than CRS:84 means latitude first, in GML as in the BBOX parameter.
        boolean latFirst = crs.latitudeFirst();
        int count = integer(p, p.containsKey("COUNT") ? "COUNT" : "MAXFEATURES", DEFAULT_COUNT);
        int start = integer(p, "STARTINDEX", 0);
        if (count < 1 || start < 0) {
            throw new WfsException("InvalidParameterValue", "count", "COUNT must be positive and STARTINDEX 0 or more");
        }
        String format = p.getOrDefault("OUTPUTFORMAT", GML);
        boolean json = format.equalsIgnoreCase("application/json") || format.equalsIgnoreCase("json")
                || format.equalsIgnoreCase("application/geo+json");
        if (!json && !format.replace(" ", "").equalsIgnoreCase(GML.replace(" ", ""))
                && !format.equalsIgnoreCase("text/xml; subtype=gml/3.2") && !format.equalsIgnoreCase("application/gml+xml")) {
            throw new WfsException("InvalidParameterValue", "outputFormat", "OUTPUTFORMAT must be " + GML + " or application/json");
        }
        Geometry box = null;
        String bbox = p.get("BBOX");
        if (bbox != null && !bbox.isEmpty()) {
            String[] parts = bbox.split(",");
            if (parts.length != 4 && parts.length != 5) {
                throw new WfsException("InvalidParameterValue", "bbox", "BBOX must be minx,miny,maxx,maxy[,crs]");
            }
            Crs bboxCrs = parts.length == 5 ? Crs.served(parts[4]).orElseThrow(() -> new WfsException("InvalidParameterValue",
                    "bbox", "the BBOX CRS is not offered")) : crs;
            Envelope env;
            try {
                env = WmsServlet.bbox(String.join(",", parts[0], parts[1], parts[2], parts[3]), bboxCrs);
            } catch (WmsServlet.WmsException e) {
                throw new WfsException("InvalidParameterValue", "bbox", e.getMessage());
            }
            box = bboxCrs.toWgs84(factory.toGeometry(env));
        }
        FesFilter filter = filter(p, xmlFilter, layer, crs);
        String filterText = xmlFilter != null ? serialize(xmlFilter) : filter == null ? null
                : p.get("FILTER") != null ? p.get("FILTER") : p.get("QUERY");
        if (filter != null && filter.area() != null) {
            // The filter's BBOX narrows the area read, with the spatial index (or PostGIS's).
            box = box == null ? filter.area() : box.intersection(filter.area());
        }
        boolean hits = "hits".equalsIgnoreCase(p.get("RESULTTYPE"));
        int numberMatched;
        FeatureSet page;
        if (filter == null) {
            if (hits) {
                numberMatched = layer.count(box);
                page = FeatureSet.of(List.of());
            } else {
                Layer.Page found = layer.page(box, start, count);
                numberMatched = found.matched();
                page = found.features();
            }
        } else {
            FeatureSet all = layer.select(box, 0, Integer.MAX_VALUE);
            List<MapFeature> kept = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                if (filter.test(all.feature(i))) {
                    kept.add(all.feature(i));
                }
            }
            numberMatched = kept.size();
            page = hits ? FeatureSet.of(List.of())
                    : FeatureSet.of(kept.subList(Math.min(start, kept.size()), (int) Math.min(kept.size(), (long) start + count)));
        }
        int end = start + page.size();
        Crs geometryCrs = crs.geographic() ? Crs.CRS84 : crs;
        if (json) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
            try (JsonGenerator g = registry.mapper().getFactory().createGenerator(out)) {
                g.writeStartObject();
                g.writeStringField("type", "FeatureCollection");
                g.writeArrayFieldStart("features");
                for (int i = 0; i < page.size(); i++) {
                    GeoJsonOutput.feature(g, page.feature(i), page.geometryIn(geometryCrs, i), false,
                            crs.geographic() ? 6 : 2, null);
                }
                g.writeEndArray();
                g.writeNumberField("numberMatched", numberMatched);
                g.writeNumberField("numberReturned", page.size());
                g.writeEndObject();
            }
            Http.bytes(response, "application/json", out.toByteArray());
            return;
        }
        String srs = "urn:ogc:def:crs:EPSG::" + crs.epsg();
        StringBuilder x = new StringBuilder(64 * 1024);
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<wfs:FeatureCollection xmlns:wfs=\"http://www.opengis.net/wfs/2.0\"")
                .append(" xmlns:gml=\"http://www.opengis.net/gml/3.2\" xmlns:dge=\"").append(NS).append("\"")
                .append(" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://www.opengis.net/wfs/2.0")
                .append(" http://schemas.opengis.net/wfs/2.0/wfs.xsd ").append(NS).append(' ')
                .append(Http.xml(url + "?SERVICE=WFS&VERSION=2.0.0&REQUEST=DescribeFeatureType&TYPENAMES=dge:" + layer.id()))
                .append("\" timeStamp=\"").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append("\" numberMatched=\"")
                .append(numberMatched).append("\" numberReturned=\"").append(page.size()).append('"');
        if (!hits && end < numberMatched) {
            x.append(" next=\"").append(Http.xml(url + "?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=dge:" + layer.id()
                    + "&COUNT=" + count + "&STARTINDEX=" + end + (srsName.isEmpty() ? "" : "&SRSNAME=" + srsName)
                    + (bbox == null ? "" : "&BBOX=" + bbox)
                    + (filterText == null || filterText.isEmpty() ? ""
                            : "&FILTER=" + java.net.URLEncoder.encode(filterText, java.nio.charset.StandardCharsets.UTF_8))))
                    .append('"');
        }
        x.append(">\n");
        for (int i = 0; i < page.size(); i++) {
            MapFeature f = page.feature(i);
            x.append("<wfs:member><dge:").append(layer.id()).append(" gml:id=\"").append(layer.id()).append('.').append(f.fid())
                    .append("\">");
            for (String name : layer.propertyNames()) {
                Object v = f.properties().get(name);
                if (v != null) {
                    String n = xmlName(name);
                    x.append("<dge:").append(n).append('>').append(Http.xml(String.valueOf(v))).append("</dge:").append(n).append('>');
                }
            }
            x.append("<dge:geometry>");
            gml(x, page.geometryIn(geometryCrs, i), srs, latFirst, crs.geographic() ? 6 : 2, layer.id() + "." + f.fid(),
                    layer.geometryType());
            x.append("</dge:geometry></dge:").append(layer.id()).append("></wfs:member>\n");
        }
        x.append("</wfs:FeatureCollection>\n");
        Http.text(response, 200, GML, x.toString());
    }

    /** The FES filter of a request: the FILTER or RESOURCEID parameter, or the fes:Filter of an XML query. */
    private static FesFilter filter(Map<String, String> p, Element xmlFilter, Layer layer, Crs crs) {
        try {
            if (xmlFilter != null) {
                return FesFilter.of(xmlFilter, layer, crs);
            }
            String text = p.get("FILTER");
            if ((text == null || text.isBlank()) && p.getOrDefault("QUERY", "").strip().startsWith("<")) {
                // OWSLib (0.27) sends the FILTER of a WFS 2.0 GET request as QUERY.
                text = p.get("QUERY");
            }
            // FEATUREID is the WFS 1.1 name that clients still send.
            String ids = p.containsKey("RESOURCEID") ? p.get("RESOURCEID") : p.get("FEATUREID");
            if (text != null && !text.isBlank()) {
                if (ids != null && !ids.isBlank()) {
                    throw new WfsException("InvalidParameterValue", "filter", "FILTER and RESOURCEID cannot be used together");
                }
                // A list of filters, one per query, is in parentheses; with one feature type there is one filter.
                String one = text.strip();
                if (one.startsWith("(") && one.endsWith(")")) {
                    one = one.substring(1, one.length() - 1);
                }
                return FesFilter.parse(one, layer, crs);
            }
            if (ids != null && !ids.isBlank()) {
                StringBuilder f = new StringBuilder("<fes:Filter xmlns:fes=\"http://www.opengis.net/fes/2.0\">");
                for (String id : ids.split(",")) {
                    f.append("<fes:ResourceId rid=\"").append(Http.xml(id.trim())).append("\"/>");
                }
                return FesFilter.parse(f.append("</fes:Filter>").toString(), layer, crs);
            }
            return null;
        } catch (FesFilter.FilterException e) {
            throw new WfsException("InvalidParameterValue", "filter", e.getMessage());
        }
    }

    private static String serialize(Element e) {
        try {
            java.io.StringWriter out = new java.io.StringWriter();
            javax.xml.transform.TransformerFactory tf = javax.xml.transform.TransformerFactory.newInstance();
            tf.setFeature(javax.xml.XMLConstants.FEATURE_SECURE_PROCESSING, true);
            javax.xml.transform.Transformer t = tf.newTransformer();
            t.setOutputProperty(javax.xml.transform.OutputKeys.OMIT_XML_DECLARATION, "yes");
            t.transform(new javax.xml.transform.dom.DOMSource(e), new javax.xml.transform.stream.StreamResult(out));
            return out.toString();
        } catch (javax.xml.transform.TransformerException x) {
            return "";
        }
    }

    private static int integer(Map<String, String> p, String name, int fallback) {
        String v = p.get(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new WfsException("InvalidParameterValue", name.toLowerCase(Locale.ROOT), name + " must be a whole number");
        }
    }

    /** GML 3.2 of a geometry; polygons are always MultiSurface (and lines MultiCurve) as the schema says. */
    private static void gml(StringBuilder x, Geometry g, String srs, boolean swap, int decimals, String id, String type) {
        String attrs = " gml:id=\"g." + id + "\" srsName=\"" + srs + "\" srsDimension=\"2\"";
        if (g instanceof Point p) {
            x.append("<gml:Point").append(attrs).append("><gml:pos>");
            pos(x, p.getCoordinateSequence(), swap, decimals);
            x.append("</gml:pos></gml:Point>");
        } else if (g instanceof Polygon || g instanceof MultiPolygon) {
            x.append("<gml:MultiSurface").append(attrs).append('>');
            for (int n = 0; n < g.getNumGeometries(); n++) {
                Polygon poly = (Polygon) g.getGeometryN(n);
                x.append("<gml:surfaceMember><gml:Polygon gml:id=\"g.").append(id).append('.').append(n).append("\"><gml:exterior>");
                ring(x, poly.getExteriorRing().getCoordinateSequence(), swap, decimals);
                x.append("</gml:exterior>");
                for (int h = 0; h < poly.getNumInteriorRing(); h++) {
                    x.append("<gml:interior>");
                    ring(x, poly.getInteriorRingN(h).getCoordinateSequence(), swap, decimals);
                    x.append("</gml:interior>");
                }
                x.append("</gml:Polygon></gml:surfaceMember>");
            }
            x.append("</gml:MultiSurface>");
        } else if (g instanceof LineString || g instanceof MultiLineString) {
            x.append("<gml:MultiCurve").append(attrs).append('>');
            for (int n = 0; n < g.getNumGeometries(); n++) {
                x.append("<gml:curveMember><gml:LineString gml:id=\"g.").append(id).append('.').append(n).append("\"><gml:posList>");
                pos(x, ((LineString) g.getGeometryN(n)).getCoordinateSequence(), swap, decimals);
                x.append("</gml:posList></gml:LineString></gml:curveMember>");
            }
            x.append("</gml:MultiCurve>");
        } else if (g instanceof MultiPoint) {
            x.append("<gml:MultiPoint").append(attrs).append('>');
            for (int n = 0; n < g.getNumGeometries(); n++) {
                x.append("<gml:pointMember><gml:Point gml:id=\"g.").append(id).append('.').append(n).append("\"><gml:pos>");
                pos(x, ((Point) g.getGeometryN(n)).getCoordinateSequence(), swap, decimals);
                x.append("</gml:pos></gml:Point></gml:pointMember>");
            }
            x.append("</gml:MultiPoint>");
        }
    }

    private static void ring(StringBuilder x, CoordinateSequence seq, boolean swap, int decimals) {
        x.append("<gml:LinearRing><gml:posList>");
        pos(x, seq, swap, decimals);
        x.append("</gml:posList></gml:LinearRing>");
    }

    private static void pos(StringBuilder x, CoordinateSequence seq, boolean swap, int decimals) {
        double f = Math.pow(10, decimals);
        for (int i = 0; i < seq.size(); i++) {
            double a = Math.round((swap ? seq.getY(i) : seq.getX(i)) * f) / f;
            double b = Math.round((swap ? seq.getX(i) : seq.getY(i)) * f) / f;
            if (i > 0) {
                x.append(' ');
            }
            x.append(a).append(' ').append(b);
        }
    }
}
