package fr.datagrandest.plugin.catalog.core.csw;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import fr.datagrandest.plugin.catalog.core.record.CatalogRecord;

/** Writes records as CSW 2.0.2 Dublin Core (brief, summary, full) and as ISO 19139 gmd:MD_Metadata. */
final class RecordXml {

    static final String CSW = "http://www.opengis.net/cat/csw/2.0.2";
    static final String GMD = "http://www.isotc211.org/2005/gmd";
    static final String NS = "xmlns:csw=\"" + CSW + "\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
            + " xmlns:dct=\"http://purl.org/dc/terms/\" xmlns:ows=\"http://www.opengis.net/ows\"";

    private RecordXml() {
    }

    static void dublinCore(StringBuilder out, CatalogRecord r, String elementSet, boolean declareNamespaces) {
        String element = switch (elementSet) {
            case "brief" -> "csw:BriefRecord";
            case "summary" -> "csw:SummaryRecord";
            default -> "csw:Record";
        };
        out.append('<').append(element);
        if (declareNamespaces) {
            out.append(' ').append(NS);
        }
        out.append('>');
        el(out, "dc:identifier", r.identifier());
        el(out, "dc:title", r.title() == null ? "" : r.title());
        el(out, "dc:type", r.resourceType());
        if (!"brief".equals(elementSet)) {
            for (String k : r.keywords()) {
                el(out, "dc:subject", k);
            }
            for (String f : r.formats()) {
                el(out, "dc:format", f);
            }
            if (r.parentIdentifier() != null) {
                el(out, "dc:relation", r.parentIdentifier());
            }
            el(out, "dct:modified", r.dateStamp());
            el(out, "dct:abstract", r.abstractText());
        }
        if ("full".equals(elementSet)) {
            for (CatalogRecord.Contact c : r.contacts()) {
                if ("author".equals(c.role()) || "originator".equals(c.role())) {
                    el(out, "dc:creator", c.organisation() != null ? c.organisation() : c.name());
                }
            }
            el(out, "dc:publisher", r.organisation());
            el(out, "dc:date", r.resourceDate());
            el(out, "dc:language", r.language());
            for (String c : r.constraints()) {
                el(out, "dc:rights", c);
            }
            el(out, "dc:source", r.lineage());
            for (CatalogRecord.Distribution d : r.distributions()) {
                out.append("<dct:references");
                if (d.protocol() != null) {
                    out.append(" scheme=\"").append(escape(d.protocol())).append('"');
                }
                out.append('>').append(escape(d.url())).append("</dct:references>");
            }
        }
        bbox(out, r);
        out.append("</").append(element).append('>');
    }

    /** ows:BoundingBox in EPSG:4326 axis order (latitude first), as CSW 2.0.2 clients expect. */
    static void bbox(StringBuilder out, CatalogRecord r) {
        CatalogRecord.BoundingBox b = r.bbox();
        if (b == null) {
            return;
        }
        out.append("<ows:BoundingBox crs=\"urn:ogc:def:crs:EPSG::4326\"><ows:LowerCorner>").append(num(b.south()))
                .append(' ').append(num(b.west())).append("</ows:LowerCorner><ows:UpperCorner>").append(num(b.north()))
                .append(' ').append(num(b.east())).append("</ows:UpperCorner></ows:BoundingBox>");
    }

    /** The ISO 19139 original when there is one, otherwise an ISO 19139 record written from the derived fields. */
    static void iso(StringBuilder out, CatalogRecord r, byte[] original) {
        if ("iso19139".equals(r.standard()) && original != null) {
            String text = new String(original, StandardCharsets.UTF_8);
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            text = text.strip();
            if (text.startsWith("<?xml")) {
                text = text.substring(text.indexOf("?>") + 2).strip();
            }
            out.append(text);
            return;
        }
        out.append("<gmd:MD_Metadata xmlns:gmd=\"").append(GMD).append("\" xmlns:gco=\"http://www.isotc211.org/2005/gco\">");
        out.append("<gmd:fileIdentifier>").append(cs(r.identifier())).append("</gmd:fileIdentifier>");
        if (r.language() != null) {
            out.append("<gmd:language>").append(cs(r.language())).append("</gmd:language>");
        }
        String scope = r.resourceType() == null ? "dataset" : r.resourceType();
        out.append("<gmd:hierarchyLevel><gmd:MD_ScopeCode codeList=\"http://standards.iso.org/iso/19139/resources/gmxCodelists.xml#MD_ScopeCode\" codeListValue=\"")
                .append(escape(scope)).append("\">").append(escape(scope)).append("</gmd:MD_ScopeCode></gmd:hierarchyLevel>");
        if (r.organisation() != null) {
            out.append("<gmd:contact><gmd:CI_ResponsibleParty><gmd:organisationName>").append(cs(r.organisation()))
                    .append("</gmd:organisationName><gmd:role><gmd:CI_RoleCode codeList=\"http://standards.iso.org/iso/19139/resources/gmxCodelists.xml#CI_RoleCode\" codeListValue=\"pointOfContact\">pointOfContact</gmd:CI_RoleCode></gmd:role></gmd:CI_ResponsibleParty></gmd:contact>");
        }
        out.append("<gmd:dateStamp><gco:DateTime>").append(escape(r.dateStamp() == null ? "1970-01-01" : r.dateStamp()))
                .append("</gco:DateTime></gmd:dateStamp>");
        out.append("<gmd:identificationInfo><gmd:MD_DataIdentification><gmd:citation><gmd:CI_Citation><gmd:title>")
                .append(cs(r.title() == null ? "" : r.title())).append("</gmd:title>");
        for (CatalogRecord.DateEntry d : r.dates()) {
            out.append("<gmd:date><gmd:CI_Date><gmd:date><gco:Date>").append(escape(d.date()))
                    .append("</gco:Date></gmd:date><gmd:dateType><gmd:CI_DateTypeCode codeList=\"http://standards.iso.org/iso/19139/resources/gmxCodelists.xml#CI_DateTypeCode\" codeListValue=\"")
                    .append(escape(d.type() == null ? "publication" : d.type())).append("\"/></gmd:dateType></gmd:CI_Date></gmd:date>");
        }
        out.append("</gmd:CI_Citation></gmd:citation><gmd:abstract>").append(cs(r.abstractText() == null ? "" : r.abstractText()))
                .append("</gmd:abstract>");
        if (!r.keywords().isEmpty()) {
            out.append("<gmd:descriptiveKeywords><gmd:MD_Keywords>");
            for (String k : r.keywords()) {
                out.append("<gmd:keyword>").append(cs(k)).append("</gmd:keyword>");
            }
            out.append("</gmd:MD_Keywords></gmd:descriptiveKeywords>");
        }
        if (!r.constraints().isEmpty()) {
            out.append("<gmd:resourceConstraints><gmd:MD_LegalConstraints>");
            for (String c : r.constraints()) {
                out.append("<gmd:otherConstraints>").append(cs(c)).append("</gmd:otherConstraints>");
            }
            out.append("</gmd:MD_LegalConstraints></gmd:resourceConstraints>");
        }
        out.append("<gmd:language>").append(cs(r.language() == null ? "fre" : r.language())).append("</gmd:language>");
        if (r.bbox() != null) {
            CatalogRecord.BoundingBox b = r.bbox();
            out.append("<gmd:extent><gmd:EX_Extent><gmd:geographicElement><gmd:EX_GeographicBoundingBox>")
                    .append("<gmd:westBoundLongitude><gco:Decimal>").append(num(b.west())).append("</gco:Decimal></gmd:westBoundLongitude>")
                    .append("<gmd:eastBoundLongitude><gco:Decimal>").append(num(b.east())).append("</gco:Decimal></gmd:eastBoundLongitude>")
                    .append("<gmd:southBoundLatitude><gco:Decimal>").append(num(b.south())).append("</gco:Decimal></gmd:southBoundLatitude>")
                    .append("<gmd:northBoundLatitude><gco:Decimal>").append(num(b.north())).append("</gco:Decimal></gmd:northBoundLatitude>")
                    .append("</gmd:EX_GeographicBoundingBox></gmd:geographicElement></gmd:EX_Extent></gmd:extent>");
        }
        out.append("</gmd:MD_DataIdentification></gmd:identificationInfo>");
        if (!r.distributions().isEmpty()) {
            out.append("<gmd:distributionInfo><gmd:MD_Distribution><gmd:transferOptions><gmd:MD_DigitalTransferOptions>");
            for (CatalogRecord.Distribution d : r.distributions()) {
                out.append("<gmd:onLine><gmd:CI_OnlineResource><gmd:linkage><gmd:URL>").append(escape(d.url()))
                        .append("</gmd:URL></gmd:linkage>");
                if (d.protocol() != null) {
                    out.append("<gmd:protocol>").append(cs(d.protocol())).append("</gmd:protocol>");
                }
                if (d.name() != null) {
                    out.append("<gmd:name>").append(cs(d.name())).append("</gmd:name>");
                }
                out.append("</gmd:CI_OnlineResource></gmd:onLine>");
            }
            out.append("</gmd:MD_DigitalTransferOptions></gmd:transferOptions></gmd:MD_Distribution></gmd:distributionInfo>");
        }
        if (r.lineage() != null) {
            out.append("<gmd:dataQualityInfo><gmd:DQ_DataQuality><gmd:lineage><gmd:LI_Lineage><gmd:statement>")
                    .append(cs(r.lineage())).append("</gmd:statement></gmd:LI_Lineage></gmd:lineage></gmd:DQ_DataQuality></gmd:dataQualityInfo>");
        }
        out.append("</gmd:MD_Metadata>");
    }

    private static String cs(String s) {
        return "<gco:CharacterString>" + escape(s) + "</gco:CharacterString>";
    }

    static String num(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.format(Locale.ROOT, "%.1f", d) : Double.toString(d);
    }

    static void el(StringBuilder out, String name, String value) {
        if (value != null) {
            out.append('<').append(name).append('>').append(escape(value)).append("</").append(name).append('>');
        }
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> {
                    // characters XML 1.0 cannot carry are left out
                    if (c >= 0x20 || c == '\n' || c == '\r' || c == '\t') {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
