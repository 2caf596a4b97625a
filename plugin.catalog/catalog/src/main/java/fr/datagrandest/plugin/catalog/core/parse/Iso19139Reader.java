package fr.datagrandest.plugin.catalog.core.parse;

import static fr.datagrandest.plugin.catalog.core.xml.Dom.all;
import static fr.datagrandest.plugin.catalog.core.xml.Dom.attribute;
import static fr.datagrandest.plugin.catalog.core.xml.Dom.first;
import static fr.datagrandest.plugin.catalog.core.xml.Dom.text;
import static fr.datagrandest.plugin.catalog.core.xml.Dom.texts;

import java.util.ArrayList;
import java.util.List;

import org.w3c.dom.Element;

import fr.datagrandest.plugin.catalog.core.record.CatalogRecord;
import fr.datagrandest.plugin.catalog.core.record.CatalogRecord.Contact;
import fr.datagrandest.plugin.catalog.core.record.CatalogRecord.DateEntry;
import fr.datagrandest.plugin.catalog.core.record.CatalogRecord.Distribution;
import fr.datagrandest.plugin.catalog.core.xml.Dom;

/** ISO 19139 ({@code gmd:MD_Metadata}, {@code gmi:MI_Metadata}): datasets, series and services. */
final class Iso19139Reader {

    CatalogRecord read(Element root) throws RefusedDocumentException {
        Element ident = first(root, "identificationInfo/*");
        String identifier = text(root, "fileIdentifier");
        String language = codeOrText(root, "language");
        String type = attribute(root, "hierarchyLevel/MD_ScopeCode", "codeListValue");
        if (type == null) {
            type = text(root, "hierarchyLevel");
        }
        if (type == null) {
            type = ident != null && "SV_ServiceIdentification".equals(ident.getLocalName()) ? "service" : "dataset";
        }
        String dateStamp = text(root, "dateStamp");
        List<Contact> contacts = new ArrayList<>();
        String title = null;
        String abstractText = null;
        List<String> keywords = new ArrayList<>();
        List<DateEntry> dates = new ArrayList<>();
        List<String> constraints = new ArrayList<>();
        String licence = null;
        CatalogRecord.BoundingBox bbox = null;
        if (ident != null) {
            title = text(ident, "citation/CI_Citation/title");
            abstractText = text(ident, "abstract");
            for (Element date : all(ident, "citation/CI_Citation/date/CI_Date")) {
                String d = text(date, "date");
                if (d != null) {
                    dates.add(new DateEntry(attribute(date, "dateType/CI_DateTypeCode", "codeListValue"), d));
                }
            }
            for (Element party : all(ident, "pointOfContact/CI_ResponsibleParty")) {
                contacts.add(contact(party));
            }
            for (String k : texts(ident, "descriptiveKeywords/MD_Keywords/keyword")) {
                addKeywords(keywords, k);
            }
            for (Element c : all(ident, "resourceConstraints/*")) {
                for (String s : texts(c, "useLimitation")) {
                    add(constraints, s);
                }
                for (String s : texts(c, "otherConstraints")) {
                    add(constraints, s);
                    if (licence == null && looksLikeLicence(s)) {
                        licence = s;
                    }
                }
                for (Element code : all(c, "accessConstraints/MD_RestrictionCode")) {
                    add(constraints, "accessConstraints: " + code.getAttribute("codeListValue"));
                }
                for (Element code : all(c, "useConstraints/MD_RestrictionCode")) {
                    add(constraints, "useConstraints: " + code.getAttribute("codeListValue"));
                }
            }
            if (licence == null) {
                for (String s : constraints) {
                    if (looksLikeLicence(s)) {
                        licence = s;
                        break;
                    }
                }
            }
            List<Element> boxes = new ArrayList<>(all(ident, "extent/EX_Extent/geographicElement/EX_GeographicBoundingBox"));
            bbox = union(boxes);
        }
        for (Element party : all(root, "contact/CI_ResponsibleParty")) {
            contacts.add(contact(party));
        }
        String organisation = null;
        for (Contact c : contacts) {
            if (c.organisation() != null) {
                organisation = c.organisation();
                break;
            }
        }
        List<Distribution> distributions = new ArrayList<>();
        List<String> formats = new ArrayList<>();
        for (Element dist : all(root, "distributionInfo/MD_Distribution")) {
            for (String f : texts(dist, "distributionFormat/MD_Format/name")) {
                add(formats, f);
            }
            for (Element online : all(dist, "transferOptions/MD_DigitalTransferOptions/onLine/CI_OnlineResource")) {
                String url = text(online, "linkage");
                if (url != null) {
                    distributions.add(new Distribution(url, text(online, "protocol"), text(online, "name"),
                            text(online, "description"), null));
                }
            }
        }
        String lineage = text(root, "dataQualityInfo/DQ_DataQuality/lineage/LI_Lineage/statement");
        return new CatalogRecord(identifier, "iso19139", title, abstractText, language, type, organisation, keywords,
                contacts, dates, dateStamp, licence, constraints, bbox, distributions, formats, lineage,
                text(root, "parentIdentifier"));
    }

    static String codeOrText(Element root, String path) {
        Element e = first(root, path);
        if (e == null) {
            return null;
        }
        Element code = Dom.firstChild(e);
        if (code != null && code.hasAttribute("codeListValue") && !code.getAttribute("codeListValue").isBlank()) {
            return code.getAttribute("codeListValue").strip();
        }
        return Dom.value(e);
    }

    private static Contact contact(Element party) {
        return new Contact(text(party, "individualName"), text(party, "organisationName"),
                text(party, "contactInfo/CI_Contact/address/CI_Address/electronicMailAddress"),
                attribute(party, "role/CI_RoleCode", "codeListValue"));
    }

    /** The union of the valid boxes; a box with west and east swapped is repaired; invalid ones are left out. */
    static CatalogRecord.BoundingBox union(List<Element> boxes) {
        CatalogRecord.BoundingBox union = null;
        CatalogRecord.BoundingBox firstInvalid = null;
        for (Element box : boxes) {
            Double w = number(text(box, "westBoundLongitude"));
            Double e = number(text(box, "eastBoundLongitude"));
            Double s = number(text(box, "southBoundLatitude"));
            Double n = number(text(box, "northBoundLatitude"));
            if (w == null || e == null || s == null || n == null) {
                continue;
            }
            if (w > e && w - e < 180 && Math.abs(w) <= 180 && Math.abs(e) <= 180) {
                // west and east written the wrong way round (seen in real catalogues): the smaller box is meant
                Double t = w;
                w = e;
                e = t;
            }
            CatalogRecord.BoundingBox b = new CatalogRecord.BoundingBox(w, s, e, n);
            if (!b.valid()) {
                firstInvalid = firstInvalid == null ? b : firstInvalid;
                continue;
            }
            union = union == null ? b : new CatalogRecord.BoundingBox(Math.min(union.west(), w),
                    Math.min(union.south(), s), Math.max(union.east(), e), Math.max(union.north(), n));
        }
        return union != null ? union : firstInvalid;
    }

    static Double number(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Double.valueOf(s.strip().replace(',', '.'));
        } catch (NumberFormatException ex) {
            return null;
        }
    }

    static boolean looksLikeLicence(String s) {
        String l = s.toLowerCase();
        return l.contains("licen") || l.contains("creativecommons") || l.contains("cc-by") || l.contains("cc by")
                || l.contains("odbl") || l.contains("etalab") || l.contains("cc0") || l.contains("public domain");
    }

    /** Some catalogues put several keywords in one, separated by semicolons. */
    static void addKeywords(List<String> list, String value) {
        for (String k : value.split(";")) {
            add(list, k.replaceAll("\\s+", " "));
        }
    }

    static void add(List<String> list, String value) {
        if (value != null && !value.isBlank() && !list.contains(value.strip())) {
            list.add(value.strip());
        }
    }
}
