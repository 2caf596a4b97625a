package fr.datagrandest.plugin.catalog.core.parse;

import static fr.datagrandest.plugin.catalog.core.parse.Iso19139Reader.add;

import java.util.ArrayList;
import java.util.List;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

import fr.datagrandest.plugin.catalog.core.record.CatalogRecord;
import fr.datagrandest.plugin.catalog.core.record.CatalogRecord.Contact;
import fr.datagrandest.plugin.catalog.core.record.CatalogRecord.DateEntry;
import fr.datagrandest.plugin.catalog.core.record.CatalogRecord.Distribution;
import fr.datagrandest.plugin.catalog.core.xml.Dom;

/** Dublin Core {@code csw:Record} (CSW 2.0.2), as the OGC CITE records and simple catalogues publish them. */
final class DublinCoreReader {

    private static final String DC = "http://purl.org/dc/elements/1.1/";
    private static final String DCT = "http://purl.org/dc/terms/";
    private static final String OWS = "http://www.opengis.net/ows";

    CatalogRecord read(Element root) {
        String type = first(root, DC, "type");
        if (type != null) {
            type = type.substring(type.lastIndexOf('/') + 1).toLowerCase();
        }
        List<String> keywords = new ArrayList<>();
        for (String s : all(root, DC, "subject")) {
            add(keywords, s);
        }
        List<Contact> contacts = new ArrayList<>();
        String organisation = first(root, DC, "publisher");
        if (organisation != null) {
            contacts.add(new Contact(null, organisation, null, "publisher"));
        }
        for (String c : all(root, DC, "creator")) {
            contacts.add(new Contact(c, null, null, "author"));
        }
        List<DateEntry> dates = new ArrayList<>();
        String modified = first(root, DCT, "modified");
        String date = first(root, DC, "date");
        if (date != null) {
            dates.add(new DateEntry("publication", date));
        }
        if (modified != null) {
            dates.add(new DateEntry("revision", modified));
        }
        List<String> constraints = new ArrayList<>(all(root, DC, "rights"));
        String licence = null;
        for (String c : constraints) {
            if (Iso19139Reader.looksLikeLicence(c)) {
                licence = c;
            }
        }
        List<String> formats = new ArrayList<>();
        for (String f : all(root, DC, "format")) {
            add(formats, f);
        }
        List<Distribution> distributions = new ArrayList<>();
        for (Node c = root.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element e && DCT.equals(e.getNamespaceURI()) && "references".equals(e.getLocalName())
                    && !e.getTextContent().isBlank()) {
                distributions.add(new Distribution(e.getTextContent().strip(), Dom.blankToNull(e.getAttribute("scheme")),
                        null, null, null));
            }
        }
        CatalogRecord.BoundingBox bbox = null;
        for (Element box : Dom.descendants(root, OWS, "BoundingBox")) {
            String lower = Dom.text(box, "LowerCorner");
            String upper = Dom.text(box, "UpperCorner");
            if (lower == null || upper == null) {
                continue;
            }
            String[] lo = lower.trim().split("\\s+");
            String[] up = upper.trim().split("\\s+");
            if (lo.length != 2 || up.length != 2) {
                continue;
            }
            double a = Double.parseDouble(lo[0]), b = Double.parseDouble(lo[1]);
            double c = Double.parseDouble(up[0]), d = Double.parseDouble(up[1]);
            // urn:ogc:def:crs:EPSG::4326 (and no CRS, the CSW default) is latitude first; CRS84 longitude first
            String crs = box.getAttribute("crs");
            boolean lonFirst = crs.contains("CRS84") || crs.contains("crs:OGC");
            bbox = lonFirst ? new CatalogRecord.BoundingBox(a, b, c, d) : new CatalogRecord.BoundingBox(b, a, d, c);
            break;
        }
        String abstractText = first(root, DCT, "abstract");
        if (abstractText == null) {
            abstractText = first(root, DC, "description");
        }
        return new CatalogRecord(first(root, DC, "identifier"), "dublin-core", first(root, DC, "title"), abstractText,
                first(root, DC, "language"), type, organisation, keywords, contacts, dates,
                modified != null ? modified : date, licence, constraints, bbox, distributions, formats, null,
                first(root, DC, "source"));
    }

    private static String first(Element root, String ns, String local) {
        List<String> values = all(root, ns, local);
        return values.isEmpty() ? null : values.get(0);
    }

    private static List<String> all(Element root, String ns, String local) {
        List<String> out = new ArrayList<>();
        for (Node c = root.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element e && ns.equals(e.getNamespaceURI()) && local.equals(e.getLocalName())
                    && !e.getTextContent().isBlank()) {
                out.add(e.getTextContent().strip());
            }
        }
        return out;
    }
}
