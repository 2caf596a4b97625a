package fr.datagrandest.plugin.catalog.core.parse;

import static fr.datagrandest.plugin.catalog.core.parse.Iso19139Reader.add;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

import fr.datagrandest.plugin.catalog.core.record.CatalogRecord;
import fr.datagrandest.plugin.catalog.core.record.CatalogRecord.Contact;
import fr.datagrandest.plugin.catalog.core.record.CatalogRecord.DateEntry;
import fr.datagrandest.plugin.catalog.core.record.CatalogRecord.Distribution;
import fr.datagrandest.plugin.catalog.core.xml.Dom;

/**
 * DCAT-AP / GeoDCAT-AP in RDF/XML: every {@code dcat:Dataset} or {@code dcat:DatasetSeries} of the document (typed
 * by element name or by {@code rdf:type}) becomes a record; resources referenced by {@code rdf:resource} or
 * {@code rdf:nodeID} are looked up in the same document.
 */
final class DcatRdfXmlReader {

    static final String RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    static final String DCAT = "http://www.w3.org/ns/dcat#";
    static final String DCT = "http://purl.org/dc/terms/";
    static final String FOAF = "http://xmlns.com/foaf/0.1/";
    static final String VCARD = "http://www.w3.org/2006/vcard/ns#";
    static final String LOCN = "http://www.w3.org/ns/locn#";
    static final String RDFS = "http://www.w3.org/2000/01/rdf-schema#";

    private final Map<String, Element> byAbout = new HashMap<>();
    private final Map<String, Element> byNodeId = new HashMap<>();

    List<CatalogRecord> read(Element root) throws RefusedDocumentException {
        List<Element> nodes = new ArrayList<>();
        collectNodes(root, true, nodes);
        Map<String, Element> datasets = new LinkedHashMap<>();
        Map<String, String> kinds = new HashMap<>();
        for (Element node : nodes) {
            String about = node.getAttributeNS(RDF, "about");
            if (!about.isBlank()) {
                Element known = byAbout.get(about);
                if (known == null || childCount(node) > childCount(known)) {
                    byAbout.put(about, node);
                }
            }
            String nodeId = node.getAttributeNS(RDF, "nodeID");
            if (!nodeId.isBlank()) {
                byNodeId.put(nodeId, node);
            }
        }
        for (Element node : nodes) {
            String kind = kind(node);
            if (kind != null) {
                String key = node.getAttributeNS(RDF, "about");
                key = key.isBlank() ? "node-" + System.identityHashCode(node) : key;
                Element chosen = byAbout.getOrDefault(key, node);
                datasets.putIfAbsent(key, chosen);
                kinds.put(key, kind);
            }
        }
        if (datasets.isEmpty()) {
            throw new RefusedDocumentException("the RDF document describes no dcat:Dataset nor dcat:DatasetSeries");
        }
        List<CatalogRecord> out = new ArrayList<>();
        for (Map.Entry<String, Element> e : datasets.entrySet()) {
            out.add(record(e.getValue(), kinds.get(e.getKey())));
        }
        return out;
    }

    private static int childCount(Element e) {
        int n = 0;
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element) {
                n++;
            }
        }
        return n;
    }

    /** Node elements alternate with property elements (RDF/XML striping). */
    private void collectNodes(Element parent, boolean parentIsPropertyOrRoot, List<Element> nodes) {
        for (Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element child) {
                if (parentIsPropertyOrRoot) {
                    nodes.add(child);
                    collectNodes(child, false, nodes);
                } else {
                    collectNodes(child, true, nodes);
                }
            }
        }
    }

    private static String kind(Element node) {
        List<String> types = new ArrayList<>();
        if (!(RDF.equals(node.getNamespaceURI()) && "Description".equals(node.getLocalName()))) {
            types.add(node.getNamespaceURI() + node.getLocalName());
        }
        for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element t && RDF.equals(t.getNamespaceURI()) && "type".equals(t.getLocalName())) {
                types.add(t.getAttributeNS(RDF, "resource"));
            }
        }
        if (types.contains(DCAT + "DatasetSeries")) {
            return "series";
        }
        if (types.contains(DCAT + "Dataset")) {
            return "dataset";
        }
        return null;
    }

    private CatalogRecord record(Element ds, String kind) {
        String identifier = literal(ds, DCT, "identifier");
        if (identifier == null) {
            identifier = Dom.blankToNull(ds.getAttributeNS(RDF, "about"));
        }
        String title = preferFrench(ds, DCT, "title");
        String description = preferFrench(ds, DCT, "description");
        List<String> keywords = new ArrayList<>();
        for (Object v : values(ds, DCAT, "keyword")) {
            if (v instanceof String s) {
                add(keywords, s);
            }
        }
        for (Object v : values(ds, DCAT, "theme")) {
            if (v instanceof Element concept) {
                add(keywords, preferFrench(concept, "http://www.w3.org/2004/02/skos/core#", "prefLabel"));
            }
        }
        List<Contact> contacts = new ArrayList<>();
        String organisation = null;
        for (Object v : values(ds, DCT, "publisher")) {
            String name = v instanceof Element agent ? agentName(agent) : null;
            if (name != null) {
                contacts.add(new Contact(null, name, agentEmail((Element) v), "publisher"));
                organisation = organisation == null ? name : organisation;
            }
        }
        for (Object v : values(ds, DCT, "creator")) {
            if (v instanceof Element agent && agentName(agent) != null) {
                contacts.add(new Contact(null, agentName(agent), agentEmail(agent), "author"));
            }
        }
        for (Object v : values(ds, DCAT, "contactPoint")) {
            if (v instanceof Element card) {
                String fn = literal(card, VCARD, "fn");
                String org = literal(card, VCARD, "organization-name");
                if (org == null) {
                    org = literal(card, VCARD, "organization_name");
                }
                contacts.add(new Contact(fn, org, agentEmail(card), "pointOfContact"));
                if (organisation == null && org != null) {
                    organisation = org;
                }
            }
        }
        List<DateEntry> dates = new ArrayList<>();
        String issued = literal(ds, DCT, "issued");
        String modified = literal(ds, DCT, "modified");
        String created = literal(ds, DCT, "created");
        if (created != null) {
            dates.add(new DateEntry("creation", created));
        }
        if (issued != null) {
            dates.add(new DateEntry("publication", issued));
        }
        if (modified != null) {
            dates.add(new DateEntry("revision", modified));
        }
        List<String> constraints = new ArrayList<>();
        String licence = resourceOrLabel(ds, DCT, "license");
        String rights = resourceOrLabel(ds, DCT, "accessRights");
        if (rights != null) {
            add(constraints, "accessRights: " + rights);
        }
        List<Distribution> distributions = new ArrayList<>();
        List<String> formats = new ArrayList<>();
        for (Object v : values(ds, DCAT, "distribution")) {
            if (!(v instanceof Element dist)) {
                continue;
            }
            String url = resourceOrLabel(dist, DCAT, "downloadURL");
            if (url == null) {
                url = resourceOrLabel(dist, DCAT, "accessURL");
            }
            String format = resourceOrLabel(dist, DCT, "format");
            if (format == null) {
                format = resourceOrLabel(dist, DCAT, "mediaType");
            }
            if (format != null) {
                format = format.substring(format.lastIndexOf('/') + 1);
                add(formats, format);
            }
            String distLicence = resourceOrLabel(dist, DCT, "license");
            if (licence == null && distLicence != null) {
                licence = distLicence;
            }
            if (url != null) {
                distributions.add(new Distribution(url, null, preferFrench(dist, DCT, "title"),
                        preferFrench(dist, DCT, "description"), format));
            }
        }
        for (Object v : values(ds, DCAT, "landingPage")) {
            String url = v instanceof Element page ? Dom.blankToNull(page.getAttributeNS(RDF, "about")) : (String) v;
            if (url != null) {
                distributions.add(new Distribution(url, "WWW:LINK", "landing page", null, null));
            }
        }
        if (licence != null) {
            add(constraints, "licence: " + licence);
        }
        CatalogRecord.BoundingBox bbox = null;
        for (Object v : values(ds, DCT, "spatial")) {
            if (v instanceof Element location) {
                for (String p : List.of("bbox", "geometry")) {
                    for (String ns : List.of(DCAT, LOCN)) {
                        String wkt = literal(location, ns, p);
                        if (bbox == null && wkt != null) {
                            bbox = envelope(wkt);
                        }
                    }
                }
            }
        }
        String lineage = null;
        for (Object v : values(ds, DCT, "provenance")) {
            if (v instanceof Element statement) {
                lineage = preferFrench(statement, RDFS, "label");
            } else if (v instanceof String s) {
                lineage = s;
            }
        }
        String language = resourceOrLabel(ds, DCT, "language");
        if (language != null) {
            language = language.substring(language.lastIndexOf('/') + 1).toLowerCase();
        }
        return new CatalogRecord(identifier, "dcat", title, description, language, kind, organisation, keywords,
                contacts, dates, modified != null ? modified : issued, licence, constraints, bbox, distributions,
                formats, lineage, null);
    }

    private String agentName(Element agent) {
        String name = preferFrench(agent, FOAF, "name");
        if (name == null) {
            name = literal(agent, VCARD, "fn");
        }
        if (name == null) {
            name = literal(agent, VCARD, "organization-name");
        }
        if (name == null) {
            name = preferFrench(agent, "http://www.w3.org/2004/02/skos/core#", "prefLabel");
        }
        return name;
    }

    private String agentEmail(Element agent) {
        for (String[] p : new String[][] {{FOAF, "mbox"}, {VCARD, "hasEmail"}}) {
            String mail = resourceOrLabel(agent, p[0], p[1]);
            if (mail != null) {
                return mail.startsWith("mailto:") ? mail.substring(7) : mail;
            }
        }
        return null;
    }

    /** Values of one property: the referenced or nested node, or the literal / URI text. */
    private List<Object> values(Element node, String ns, String local) {
        List<Object> out = new ArrayList<>();
        for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (!(c instanceof Element p) || !ns.equals(p.getNamespaceURI()) || !local.equals(p.getLocalName())) {
                continue;
            }
            String resource = p.getAttributeNS(RDF, "resource");
            String nodeId = p.getAttributeNS(RDF, "nodeID");
            Element nested = Dom.firstChild(p);
            if (!resource.isBlank()) {
                Element target = byAbout.get(resource);
                out.add(target != null ? target : resource.strip());
            } else if (!nodeId.isBlank() && byNodeId.containsKey(nodeId)) {
                out.add(byNodeId.get(nodeId));
            } else if (nested != null) {
                out.add(nested);
            } else if (!p.getTextContent().isBlank()) {
                out.add(p.getTextContent().strip());
            }
        }
        return out;
    }

    private String literal(Element node, String ns, String local) {
        for (Object v : values(node, ns, local)) {
            if (v instanceof String s) {
                return s;
            }
        }
        return null;
    }

    private String resourceOrLabel(Element node, String ns, String local) {
        for (Object v : values(node, ns, local)) {
            if (v instanceof String s) {
                return s;
            }
            if (v instanceof Element e) {
                String about = Dom.blankToNull(e.getAttributeNS(RDF, "about"));
                if (about != null) {
                    return about;
                }
                String label = preferFrench(e, RDFS, "label");
                if (label == null) {
                    label = preferFrench(e, DCT, "title");
                }
                if (label != null) {
                    return label;
                }
            }
        }
        return null;
    }

    private String preferFrench(Element node, String ns, String local) {
        String first = null;
        for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element p && ns.equals(p.getNamespaceURI()) && local.equals(p.getLocalName())
                    && !p.getTextContent().isBlank() && Dom.firstChild(p) == null) {
                String lang = p.getAttributeNS("http://www.w3.org/XML/1998/namespace", "lang");
                if (lang.startsWith("fr")) {
                    return p.getTextContent().strip();
                }
                if (first == null) {
                    first = p.getTextContent().strip();
                }
            }
        }
        return first;
    }

    private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?(?:[eE]-?\\d+)?");

    /** The envelope of a WKT literal (optionally with a CRS prefix) or of GML coordinates; null when unreadable. */
    static CatalogRecord.BoundingBox envelope(String literal) {
        String text = literal.replaceFirst("^<[^>]*>\\s*", "");
        if (text.startsWith("<")) {
            // GML: lowerCorner/upperCorner or posList, in lat/lon order for EPSG:4326 urns
            text = text.replaceAll("<[^>]+>", " ");
        }
        Matcher m = NUMBER.matcher(text);
        List<Double> numbers = new ArrayList<>();
        while (m.find()) {
            numbers.add(Double.valueOf(m.group()));
        }
        if (numbers.size() < 4 || numbers.size() % 2 != 0) {
            return null;
        }
        double w = Double.MAX_VALUE, s = Double.MAX_VALUE, e = -Double.MAX_VALUE, n = -Double.MAX_VALUE;
        boolean latLon = literal.contains("<gml") || literal.contains("gml:");
        for (int i = 0; i < numbers.size(); i += 2) {
            double x = latLon ? numbers.get(i + 1) : numbers.get(i);
            double y = latLon ? numbers.get(i) : numbers.get(i + 1);
            w = Math.min(w, x);
            e = Math.max(e, x);
            s = Math.min(s, y);
            n = Math.max(n, y);
        }
        return new CatalogRecord.BoundingBox(w, s, e, n);
    }
}
