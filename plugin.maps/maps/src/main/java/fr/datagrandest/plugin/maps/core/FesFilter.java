package fr.datagrandest.plugin.maps.core;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * An OGC Filter Encoding 2.0 filter on the features of one layer: comparisons (PropertyIsEqualTo, NotEqualTo,
 * LessThan, GreaterThan, LessThanOrEqualTo, GreaterThanOrEqualTo, Like, Between, Null), And/Or/Not, BBOX and
 * ResourceId. Elements are matched by local name, so FES 1.1 ({@code ogc:PropertyName}) reads too. A filter that
 * cannot be used is refused with the reason, never half applied.
 */
final class FesFilter {

    private static final GeometryFactory FACTORY = new GeometryFactory();

    /** Whatever in the filter is wrong, said to the client (OGC code InvalidParameterValue, locator filter). */
    static final class FilterException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FilterException(String message) {
            super(message);
        }
    }

    private final Predicate<MapFeature> predicate;
    private final Geometry area;

    private FesFilter(Predicate<MapFeature> predicate, Geometry area) {
        this.predicate = predicate;
        this.area = area;
    }

    /** Whether a feature (its WGS 84 geometry and properties) passes. */
    boolean test(MapFeature feature) {
        return predicate.test(feature);
    }

    /**
     * A WGS 84 area every passing feature meets (a BBOX of the filter or of a top-level And), null when the filter
     * does not restrict the place: the query reads that area only, with the spatial index.
     */
    Geometry area() {
        return area;
    }

    /** Reads the {@code FILTER} parameter, or the text of an XML request's filter. */
    static FesFilter parse(String xml, Layer layer, Crs queryCrs) {
        return of(document(xml.getBytes(StandardCharsets.UTF_8)).getDocumentElement(), layer, queryCrs);
    }

    /** An XML document with DTDs and external entities refused. */
    static Document document(byte[] xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException | IOException e) {
            throw new FilterException("the XML cannot be read");
        } catch (SAXException e) {
            throw new FilterException("the XML is not well-formed (DTDs are refused): " + e.getMessage());
        }
    }

    /** The filter of an {@code fes:Filter} element. */
    static FesFilter of(Element filter, Layer layer, Crs queryCrs) {
        if (!filter.getLocalName().equals("Filter")) {
            throw new FilterException("the filter must be an fes:Filter element, not " + filter.getLocalName());
        }
        List<Element> children = children(filter);
        if (children.isEmpty()) {
            throw new FilterException("the filter is empty");
        }
        Reader reader = new Reader(layer, queryCrs);
        if (children.stream().allMatch(c -> c.getLocalName().equals("ResourceId"))) {
            // Several ResourceId: any of them.
            List<Predicate<MapFeature>> ids = new ArrayList<>();
            children.forEach(c -> ids.add(reader.read(c)));
            return new FesFilter(f -> ids.stream().anyMatch(p -> p.test(f)), null);
        }
        if (children.size() > 1) {
            throw new FilterException("a filter holds one operator (combine several with fes:And or fes:Or)");
        }
        Predicate<MapFeature> p = reader.read(children.get(0));
        return new FesFilter(p, reader.area(children.get(0)));
    }

    static List<Element> children(Element e) {
        List<Element> list = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                list.add(c);
            }
        }
        return list;
    }

    private static final class Reader {
        private final Layer layer;
        private final Crs queryCrs;

        Reader(Layer layer, Crs queryCrs) {
            this.layer = layer;
            this.queryCrs = queryCrs;
        }

        /** The area of a BBOX, or of the BBOX operands of an And (where every feature must meet all of them). */
        Geometry area(Element e) {
            switch (e.getLocalName()) {
                case "BBOX":
                    return bbox(e);
                case "And":
                    Geometry area = null;
                    for (Element c : children(e)) {
                        Geometry g = area(c);
                        if (g != null) {
                            area = area == null ? g : area.intersection(g);
                        }
                    }
                    return area;
                default:
                    return null;
            }
        }

        Predicate<MapFeature> read(Element e) {
            String op = e.getLocalName();
            switch (op) {
                case "And", "Or" -> {
                    List<Element> operands = children(e);
                    if (operands.size() < 2) {
                        throw new FilterException("fes:" + op + " needs at least two operands");
                    }
                    List<Predicate<MapFeature>> ps = operands.stream().map(this::read).toList();
                    return op.equals("And") ? f -> ps.stream().allMatch(p -> p.test(f))
                            : f -> ps.stream().anyMatch(p -> p.test(f));
                }
                case "Not" -> {
                    List<Element> operands = children(e);
                    if (operands.size() != 1) {
                        throw new FilterException("fes:Not needs one operand");
                    }
                    return read(operands.get(0)).negate();
                }
                case "BBOX" -> {
                    Geometry box = bbox(e);
                    return f -> f.geometry().intersects(box);
                }
                case "ResourceId" -> {
                    String rid = e.getAttribute("rid");
                    if (rid.isEmpty()) {
                        throw new FilterException("fes:ResourceId needs a rid attribute");
                    }
                    String prefix = layer.id() + ".";
                    String number = rid.startsWith(prefix) ? rid.substring(prefix.length()) : rid;
                    int fid;
                    try {
                        fid = Integer.parseInt(number);
                    } catch (NumberFormatException x) {
                        // An identifier of another feature type, or none of ours: matches nothing.
                        return f -> false;
                    }
                    return f -> f.fid() == fid;
                }
                case "PropertyIsEqualTo", "PropertyIsNotEqualTo", "PropertyIsLessThan", "PropertyIsGreaterThan",
                        "PropertyIsLessThanOrEqualTo", "PropertyIsGreaterThanOrEqualTo" -> {
                    return comparison(e, op);
                }
                case "PropertyIsLike" -> {
                    return like(e);
                }
                case "PropertyIsBetween" -> {
                    return between(e);
                }
                case "PropertyIsNull", "PropertyIsNil" -> {
                    String property = property(only(e, "ValueReference", "PropertyName"));
                    return f -> f.properties().get(property) == null;
                }
                default -> throw new FilterException("the filter operator " + op + " is not supported: use"
                        + " PropertyIsEqualTo, PropertyIsNotEqualTo, PropertyIsLessThan, PropertyIsGreaterThan,"
                        + " PropertyIsLessThanOrEqualTo, PropertyIsGreaterThanOrEqualTo, PropertyIsLike,"
                        + " PropertyIsBetween, PropertyIsNull, And, Or, Not, BBOX or ResourceId");
            }
        }

        private Predicate<MapFeature> comparison(Element e, String op) {
            List<Element> operands = children(e);
            if (operands.size() != 2) {
                throw new FilterException("fes:" + op + " needs a ValueReference and a Literal");
            }
            boolean reversed = isLiteral(operands.get(0));
            Element ref = reversed ? operands.get(1) : operands.get(0);
            Element lit = reversed ? operands.get(0) : operands.get(1);
            if (!isLiteral(lit) || !isReference(ref)) {
                throw new FilterException("fes:" + op + " compares a ValueReference with a Literal");
            }
            String property = property(ref);
            String literal = lit.getTextContent();
            boolean matchCase = !"false".equalsIgnoreCase(e.getAttribute("matchCase"));
            return f -> {
                Object v = f.properties().get(property);
                if (v == null) {
                    return false;
                }
                int c = compare(v, literal, matchCase);
                return switch (op) {
                    case "PropertyIsEqualTo" -> c == 0;
                    case "PropertyIsNotEqualTo" -> c != 0;
                    case "PropertyIsLessThan" -> c < 0;
                    case "PropertyIsGreaterThan" -> c > 0;
                    case "PropertyIsLessThanOrEqualTo" -> c <= 0;
                    default -> c >= 0;
                };
            };
        }

        private Predicate<MapFeature> between(Element e) {
            String property = property(only(e, "ValueReference", "PropertyName"));
            String lower = boundary(e, "LowerBoundary");
            String upper = boundary(e, "UpperBoundary");
            return f -> {
                Object v = f.properties().get(property);
                return v != null && compare(v, lower, true) >= 0 && compare(v, upper, true) <= 0;
            };
        }

        private static String boundary(Element e, String name) {
            Element b = only(e, name, name);
            List<Element> c = children(b);
            if (c.size() != 1 || !isLiteral(c.get(0))) {
                throw new FilterException("fes:" + name + " holds one Literal");
            }
            return c.get(0).getTextContent();
        }

        private Predicate<MapFeature> like(Element e) {
            String property = property(only(e, "ValueReference", "PropertyName"));
            String literal = only(e, "Literal", "Literal").getTextContent();
            String wild = attribute(e, "wildCard", "*");
            String single = attribute(e, "singleChar", "?");
            String escape = attribute(e, "escapeChar", e.hasAttribute("escape") ? e.getAttribute("escape") : "\\");
            if (wild.length() != 1 || single.length() != 1 || escape.length() != 1) {
                throw new FilterException("fes:PropertyIsLike: wildCard, singleChar and escapeChar are one character each");
            }
            StringBuilder regex = new StringBuilder();
            for (int i = 0; i < literal.length(); i++) {
                char ch = literal.charAt(i);
                if (ch == escape.charAt(0) && i + 1 < literal.length()) {
                    regex.append(Pattern.quote(String.valueOf(literal.charAt(++i))));
                } else if (ch == wild.charAt(0)) {
                    regex.append(".*");
                } else if (ch == single.charAt(0)) {
                    regex.append('.');
                } else {
                    regex.append(Pattern.quote(String.valueOf(ch)));
                }
            }
            boolean matchCase = !"false".equalsIgnoreCase(e.getAttribute("matchCase"));
            Pattern pattern = Pattern.compile(regex.toString(),
                    Pattern.DOTALL | (matchCase ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
            return f -> {
                Object v = f.properties().get(property);
                return v != null && pattern.matcher(String.valueOf(v)).matches();
            };
        }

        private static String attribute(Element e, String name, String fallback) {
            return e.hasAttribute(name) ? e.getAttribute(name) : fallback;
        }

        /** The BBOX's gml:Envelope (or the BBOX's corners in its own CRS, or the query's) as a WGS 84 polygon. */
        private Geometry bbox(Element e) {
            Element envelope = null;
            for (Element c : children(e)) {
                if (c.getLocalName().equals("Envelope")) {
                    envelope = c;
                }
            }
            if (envelope == null) {
                throw new FilterException("fes:BBOX needs a gml:Envelope");
            }
            String srsName = envelope.getAttribute("srsName");
            Crs crs = srsName.isEmpty() ? queryCrs : Crs.served(srsName).orElseThrow(() -> new FilterException(
                    "the BBOX CRS " + srsName + " is not offered: use urn:ogc:def:crs:EPSG::4326, EPSG::2154 or"
                            + " EPSG::3857"));
            double[] lower = corner(envelope, "lowerCorner");
            double[] upper = corner(envelope, "upperCorner");
            Envelope env = crs.latitudeFirst() ? new Envelope(lower[1], upper[1], lower[0], upper[0])
                    : new Envelope(lower[0], upper[0], lower[1], upper[1]);
            if (lower[0] > upper[0] || lower[1] > upper[1]) {
                throw new FilterException("the BBOX lowerCorner must be below its upperCorner on both axes");
            }
            return crs.toWgs84(FACTORY.toGeometry(env));
        }

        private static double[] corner(Element envelope, String name) {
            String text = only(envelope, name, name).getTextContent().trim();
            String[] parts = text.split("\\s+");
            if (parts.length != 2) {
                throw new FilterException("gml:" + name + " must be two numbers");
            }
            try {
                double a = Double.parseDouble(parts[0]);
                double b = Double.parseDouble(parts[1]);
                if (!Double.isFinite(a) || !Double.isFinite(b)) {
                    throw new NumberFormatException();
                }
                return new double[] {a, b};
            } catch (NumberFormatException x) {
                throw new FilterException("gml:" + name + " must be two numbers, not '" + text + "'");
            }
        }

        /** A property of the layer named by a ValueReference ({@code nom}, {@code dge:nom}, {@code dge:t/dge:nom}). */
        private String property(Element ref) {
            String name = ref.getTextContent().trim();
            name = name.substring(name.lastIndexOf('/') + 1);
            name = name.substring(name.indexOf(':') + 1);
            for (String p : layer.propertyNames()) {
                if (p.equals(name) || WfsServlet.xmlName(p).equals(name)) {
                    return p;
                }
            }
            throw new FilterException("the layer " + layer.id() + " has no property '" + name + "': "
                    + layer.propertyNames());
        }

        private static Element only(Element e, String name, String alias) {
            for (Element c : children(e)) {
                if (c.getLocalName().equals(name) || c.getLocalName().equals(alias)) {
                    return c;
                }
            }
            throw new FilterException("fes:" + e.getLocalName() + " needs a " + name);
        }

        private static boolean isLiteral(Element e) {
            return e.getLocalName().equals("Literal");
        }

        private static boolean isReference(Element e) {
            return e.getLocalName().equals("ValueReference") || e.getLocalName().equals("PropertyName");
        }
    }

    /** Numbers compare as numbers when the literal is one; anything else as text. */
    static int compare(Object value, String literal, boolean matchCase) {
        if (value instanceof Number n) {
            Optional<Double> d = number(literal);
            if (d.isPresent()) {
                return Double.compare(n.doubleValue(), d.get());
            }
        }
        if (value instanceof Boolean b) {
            return Boolean.compare(b, Boolean.parseBoolean(literal.trim()));
        }
        String s = String.valueOf(value);
        return matchCase ? s.compareTo(literal) : s.toLowerCase(Locale.ROOT).compareTo(literal.toLowerCase(Locale.ROOT));
    }

    private static Optional<Double> number(String s) {
        try {
            return Optional.of(Double.parseDouble(s.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
