package fr.datagrandest.plugin.catalog.core.csw;

import java.util.ArrayList;
import java.util.List;

import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import fr.datagrandest.plugin.catalog.core.search.SearchIndex;
import fr.datagrandest.plugin.catalog.core.xml.Dom;

/** OGC Filter Encoding 1.1 (the subset CSW clients send) into an index query. */
final class FilterTranslator {

    private final SearchIndex index;

    FilterTranslator(SearchIndex index) {
        this.index = index;
    }

    Query filter(Element filter) throws CswException {
        List<Element> children = elements(filter);
        if (children.size() != 1) {
            throw CswException.invalid("Constraint", "an ogc:Filter holds exactly one operator");
        }
        return operator(children.get(0));
    }

    private Query operator(Element op) throws CswException {
        String name = op.getLocalName();
        switch (name) {
            case "And", "Or" -> {
                BooleanQuery.Builder b = new BooleanQuery.Builder();
                List<Element> operands = elements(op);
                if (operands.size() < 2) {
                    throw CswException.invalid("Constraint", "ogc:" + name + " needs at least two operands");
                }
                for (Element child : operands) {
                    b.add(operator(child), "And".equals(name) ? Occur.MUST : Occur.SHOULD);
                }
                return b.build();
            }
            case "Not" -> {
                List<Element> operands = elements(op);
                if (operands.size() != 1) {
                    throw CswException.invalid("Constraint", "ogc:Not needs one operand");
                }
                return new BooleanQuery.Builder().add(new MatchAllDocsQuery(), Occur.MUST)
                        .add(operator(operands.get(0)), Occur.MUST_NOT).build();
            }
            case "PropertyIsLike", "PropertyIsEqualTo" -> {
                return QueryProperties.text(index, property(op), literal(op), "Constraint");
            }
            case "PropertyIsNotEqualTo" -> {
                return new BooleanQuery.Builder().add(new MatchAllDocsQuery(), Occur.MUST)
                        .add(QueryProperties.text(index, property(op), literal(op), "Constraint"), Occur.MUST_NOT).build();
            }
            case "PropertyIsGreaterThan", "PropertyIsGreaterThanOrEqualTo" -> {
                return QueryProperties.range(property(op), literal(op), true, name.endsWith("OrEqualTo"), "Constraint");
            }
            case "PropertyIsLessThan", "PropertyIsLessThanOrEqualTo" -> {
                return QueryProperties.range(property(op), literal(op), false, name.endsWith("OrEqualTo"), "Constraint");
            }
            case "BBOX", "Intersects", "Within" -> {
                Element envelope = null;
                for (Element e : elements(op)) {
                    if ("Envelope".equals(e.getLocalName())) {
                        envelope = e;
                    }
                }
                if (envelope == null) {
                    throw CswException.invalid("Constraint", "ogc:" + name + " needs a gml:Envelope");
                }
                double[] box = envelope(envelope);
                return SearchIndex.bboxQuery(box[0], box[1], box[2], box[3], "Within".equals(name));
            }
            default -> throw new CswException("InvalidParameterValue", "Constraint",
                    "the filter operator ogc:" + name + " is not supported; supported: And, Or, Not, PropertyIsLike,"
                            + " PropertyIsEqualTo, PropertyIsNotEqualTo, PropertyIsGreaterThan(OrEqualTo),"
                            + " PropertyIsLessThan(OrEqualTo), BBOX, Intersects, Within");
        }
    }

    private static String property(Element op) throws CswException {
        String p = Dom.blankToNull(textOf(op, "PropertyName"));
        if (p == null) {
            throw CswException.invalid("Constraint", "ogc:" + op.getLocalName() + " needs an ogc:PropertyName");
        }
        return p;
    }

    private static String literal(Element op) throws CswException {
        String l = textOf(op, "Literal");
        if (l == null) {
            throw CswException.invalid("Constraint", "ogc:" + op.getLocalName() + " needs an ogc:Literal");
        }
        return l.strip();
    }

    private static String textOf(Element op, String local) {
        for (Element e : elements(op)) {
            if (local.equals(e.getLocalName())) {
                return e.getTextContent();
            }
        }
        return null;
    }

    /** West, south, east, north of a gml:Envelope; EPSG:4326 URNs are latitude first, CRS84 and no CRS longitude first. */
    static double[] envelope(Element envelope) throws CswException {
        String lower = textOf(envelope, "lowerCorner");
        String upper = textOf(envelope, "upperCorner");
        if (lower == null || upper == null) {
            throw CswException.invalid("Constraint", "gml:Envelope needs gml:lowerCorner and gml:upperCorner");
        }
        try {
            String[] lo = lower.strip().split("\\s+");
            String[] up = upper.strip().split("\\s+");
            double a = Double.parseDouble(lo[0]), b = Double.parseDouble(lo[1]);
            double c = Double.parseDouble(up[0]), d = Double.parseDouble(up[1]);
            String srs = envelope.getAttribute("srsName");
            boolean latFirst = srs.contains("urn:") && srs.contains("4326");
            return latFirst ? new double[] {b, a, d, c} : new double[] {a, b, c, d};
        } catch (RuntimeException e) {
            throw CswException.invalid("Constraint", "gml:lowerCorner and gml:upperCorner hold two numbers each");
        }
    }

    static List<Element> elements(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }
}
