package fr.datagrandest.plugin.catalog.core.parse;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import fr.datagrandest.plugin.catalog.core.record.CatalogRecord;
import fr.datagrandest.plugin.catalog.core.xml.Dom;
import fr.datagrandest.plugin.catalog.core.xml.InvalidXmlException;
import fr.datagrandest.plugin.catalog.core.xml.SafeXml;

/** Recognises the standard of a metadata document and derives its catalogue record(s). */
public final class MetadataParser {

    public static final String GMD = "http://www.isotc211.org/2005/gmd";
    public static final String GMI = "http://www.isotc211.org/2005/gmi";
    public static final String RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    public static final String CSW = "http://www.opengis.net/cat/csw/2.0.2";

    private final SafeXml xml = new SafeXml();

    /**
     * Derives the records of one document: one for ISO and Dublin Core, one per dataset for an RDF/XML DCAT document.
     *
     * @throws RefusedDocumentException with the reason, when nothing can be imported from it
     */
    public List<CatalogRecord> parse(byte[] content, String fileName) throws RefusedDocumentException {
        if (content.length == 0) {
            throw new RefusedDocumentException("the document is empty");
        }
        String start = new String(content, 0, Math.min(content.length, 512), StandardCharsets.UTF_8).stripLeading();
        if (start.startsWith("\uFEFF")) {
            start = start.substring(1);
        }
        if (!start.startsWith("<")) {
            String lower = fileName == null ? "" : fileName.toLowerCase();
            if (start.startsWith("{") || start.startsWith("[") || lower.endsWith(".jsonld") || lower.endsWith(".json")) {
                throw new RefusedDocumentException(
                        "JSON / JSON-LD documents are not supported yet: send DCAT-AP as RDF/XML, or ISO 19139 / 19115-3 XML");
            }
            if (start.startsWith("@prefix") || lower.endsWith(".ttl") || lower.endsWith(".n3")) {
                throw new RefusedDocumentException(
                        "Turtle / N3 documents are not supported yet: send DCAT-AP as RDF/XML");
            }
            throw new RefusedDocumentException("not an XML document: expected ISO 19139, ISO 19115-3, DCAT-AP RDF/XML or csw:Record");
        }
        Document doc;
        try {
            doc = xml.parse(content);
        } catch (InvalidXmlException e) {
            throw new RefusedDocumentException(e.getMessage());
        }
        Element root = doc.getDocumentElement();
        String ns = root.getNamespaceURI() == null ? "" : root.getNamespaceURI();
        String local = root.getLocalName();
        List<CatalogRecord> records;
        if (("MD_Metadata".equals(local) || "MI_Metadata".equals(local)) && (GMD.equals(ns) || GMI.equals(ns))) {
            records = List.of(new Iso19139Reader().read(root));
        } else if ("MD_Metadata".equals(local) && ns.startsWith("http://standards.iso.org/iso/19115/-3/mdb/")) {
            records = List.of(new Iso19115Part3Reader().read(root));
        } else if ("RDF".equals(local) && RDF.equals(ns)) {
            records = new DcatRdfXmlReader().read(root);
        } else if (CSW.equals(ns) && List.of("Record", "SummaryRecord", "BriefRecord").contains(local)) {
            records = List.of(new DublinCoreReader().read(root));
        } else if (CSW.equals(ns) && "GetRecordsResponse".equals(local)) {
            int n = Dom.all(root, "SearchResults/*").size();
            throw new RefusedDocumentException("a CSW GetRecords response page (" + n
                    + " records) is a harvest answer, not a record: import its records one by one");
        } else {
            throw new RefusedDocumentException("unknown document type {" + ns + "}" + local
                    + ": expected ISO 19139 gmd:MD_Metadata, ISO 19115-3 mdb:MD_Metadata, DCAT-AP rdf:RDF or csw:Record");
        }
        for (CatalogRecord r : records) {
            check(r);
        }
        return records;
    }

    private static void check(CatalogRecord r) throws RefusedDocumentException {
        if (r.identifier() == null || r.identifier().isBlank()) {
            throw new RefusedDocumentException("the record has no identifier (" + switch (r.standard()) {
                case "iso19139" -> "gmd:fileIdentifier";
                case "iso19115-3" -> "mdb:metadataIdentifier";
                case "dcat" -> "dct:identifier or rdf:about";
                default -> "dc:identifier";
            } + " is missing or empty)");
        }
        if (r.identifier().length() > 1000) {
            throw new RefusedDocumentException("the identifier is longer than 1000 characters");
        }
        if (r.bbox() != null && (Math.abs(r.bbox().west()) > 360 || Math.abs(r.bbox().north()) > 360)) {
            throw new RefusedDocumentException("the bounding box " + r.bbox().west() + "," + r.bbox().south() + ","
                    + r.bbox().east() + "," + r.bbox().north() + " is in projected coordinates (metres, such as"
                    + " Lambert-93); ISO and DCAT require WGS 84 longitude/latitude degrees");
        }
        if (r.bbox() != null && !r.bbox().valid()) {
            throw new RefusedDocumentException("the bounding box " + r.bbox().west() + "," + r.bbox().south() + ","
                    + r.bbox().east() + "," + r.bbox().north() + " is not a WGS 84 extent (west,south,east,north)");
        }
    }
}
