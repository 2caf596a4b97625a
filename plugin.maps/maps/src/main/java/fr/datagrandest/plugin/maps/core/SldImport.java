package fr.datagrandest.plugin.maps.core;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns an SLD 1.0 or SE 1.1 style into the plugin's style model, for what both can say: the first
 * FeatureTypeStyle's rules with a Polygon-, Line- or PointSymbolizer (fill, fill-opacity, stroke, stroke-width,
 * mark size), a TextSymbolizer's label property, scale denominators, and rules filtered by
 * {@code PropertyIsEqualTo} on one property (a categorized style; the rule's title is the class label).
 * DTDs and external entities are refused.
 */
final class SldImport {

    private SldImport() {
    }

    static MapStyle parse(byte[] xml, ObjectMapper mapper) {
        Document doc;
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
            doc = b.parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException | IOException e) {
            throw new BadInputException("the SLD cannot be read");
        } catch (SAXException e) {
            throw new BadInputException("the SLD is not well-formed XML (DTDs are refused): " + e.getMessage());
        }
        Element root = doc.getDocumentElement();
        if (!root.getLocalName().equals("StyledLayerDescriptor")) {
            throw new BadInputException("not an SLD: the root element must be StyledLayerDescriptor");
        }
        Element fts = first(root, "FeatureTypeStyle");
        if (fts == null) {
            throw new BadInputException("the SLD holds no FeatureTypeStyle");
        }
        ObjectNode style = mapper.createObjectNode();
        ArrayNode values = mapper.createArrayNode();
        String classProperty = null;
        boolean symbolSeen = false;
        for (Element rule : children(fts, "Rule")) {
            ObjectNode target = style;
            Element equal = first(rule, "PropertyIsEqualTo");
            if (equal != null) {
                String property = text(first(equal, "PropertyName"));
                String value = text(first(equal, "Literal"));
                if (property == null || value == null) {
                    throw new BadInputException("a PropertyIsEqualTo needs a PropertyName and a Literal");
                }
                if (classProperty != null && !classProperty.equals(property)) {
                    throw new BadInputException("rules filter on several properties (" + classProperty + ", " + property
                            + "): only one is supported");
                }
                classProperty = property;
                target = values.addObject();
                target.put("value", value);
                String title = text(first(rule, "Title"));
                target.put("label", title != null ? title : value);
            } else if (first(rule, "Filter") != null) {
                throw new BadInputException("only PropertyIsEqualTo filters are supported in rules");
            }
            Element min = first(rule, "MinScaleDenominator");
            Element max = first(rule, "MaxScaleDenominator");
            if (min != null) {
                style.put("minScaleDenominator", number(min, "MinScaleDenominator"));
            }
            if (max != null) {
                style.put("maxScaleDenominator", number(max, "MaxScaleDenominator"));
            }
            for (String kind : new String[] {"PolygonSymbolizer", "LineSymbolizer", "PointSymbolizer"}) {
                Element symbolizer = first(rule, kind);
                if (symbolizer == null) {
                    continue;
                }
                symbolSeen = true;
                Element fill = first(symbolizer, "Fill");
                Element stroke = first(symbolizer, "Stroke");
                if (fill != null) {
                    String c = parameter(fill, "fill");
                    target.put("fill", c == null ? "#808080" : c);
                    String opacity = parameter(fill, "fill-opacity");
                    if (opacity != null && target == style) {
                        style.put("fillOpacity", Double.parseDouble(opacity));
                    }
                } else if (!kind.equals("LineSymbolizer")) {
                    target.putNull("fill");
                }
                if (stroke != null) {
                    String c = parameter(stroke, "stroke");
                    target.put("stroke", c == null ? "#000000" : c);
                    String width = parameter(stroke, "stroke-width");
                    if (width != null && target == style) {
                        style.put("strokeWidth", Double.parseDouble(width));
                    }
                } else if (kind.equals("PolygonSymbolizer")) {
                    target.putNull("stroke");
                }
                Element size = first(symbolizer, "Size");
                if (size != null && target == style) {
                    style.put("pointSize", number(size, "Size"));
                }
            }
            Element text = first(rule, "TextSymbolizer");
            if (text != null) {
                String label = text(first(first(text, "Label"), "PropertyName"));
                if (label != null) {
                    style.put("label", label);
                    style.put("labelMinZoom", 0);
                }
                Element fill = first(text, "Fill");
                if (fill != null && parameter(fill, "fill") != null) {
                    style.put("labelColor", parameter(fill, "fill"));
                }
            }
        }
        if (!symbolSeen) {
            throw new BadInputException("the SLD has no Polygon-, Line- or PointSymbolizer");
        }
        if (classProperty != null) {
            ObjectNode classes = style.putObject("classes");
            classes.put("property", classProperty);
            classes.put("type", "categorized");
            classes.set("values", values);
            // Without an unfiltered rule, features outside the classes are not filled.
            if (!style.has("fill")) {
                style.putNull("fill");
            }
        }
        try {
            return MapStyle.parse(style);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("the SLD gives a value this platform cannot use: " + e.getMessage());
        }
    }

    /** A CssParameter (SLD 1.0) or SvgParameter (SE 1.1) value. */
    private static String parameter(Element parent, String name) {
        for (Element e : descendants(parent)) {
            if ((e.getLocalName().equals("CssParameter") || e.getLocalName().equals("SvgParameter"))
                    && name.equals(e.getAttribute("name"))) {
                return e.getTextContent().trim();
            }
        }
        return null;
    }

    private static double number(Element e, String name) {
        try {
            return Double.parseDouble(e.getTextContent().trim());
        } catch (NumberFormatException x) {
            throw new BadInputException(name + " must be a number");
        }
    }

    private static String text(Element e) {
        return e == null ? null : e.getTextContent().trim();
    }

    private static Element first(Element parent, String localName) {
        if (parent == null) {
            return null;
        }
        for (Element e : descendants(parent)) {
            if (localName.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }

    private static List<Element> descendants(Element parent) {
        List<Element> out = new ArrayList<>();
        collect(parent, out);
        return out;
    }

    private static void collect(Element parent, List<Element> out) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
                collect(e, out);
            }
        }
    }
}
