package fr.datagrandest.plugin.catalog.core.parse;

import static fr.datagrandest.plugin.catalog.core.parse.Iso19139Reader.add;
import static fr.datagrandest.plugin.catalog.core.parse.Iso19139Reader.looksLikeLicence;
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

/** ISO 19115-3 ({@code mdb:MD_Metadata}, namespace versions 1.0 and 2.0). */
final class Iso19115Part3Reader {

    CatalogRecord read(Element root) {
        Element ident = first(root, "identificationInfo/*");
        String identifier = text(root, "metadataIdentifier/MD_Identifier/code");
        String language = attribute(root, "defaultLocale/PT_Locale/language/LanguageCode", "codeListValue");
        String type = attribute(root, "metadataScope/MD_MetadataScope/resourceScope/MD_ScopeCode", "codeListValue");
        if (type == null) {
            type = ident != null && "SV_ServiceIdentification".equals(ident.getLocalName()) ? "service" : "dataset";
        }
        String dateStamp = null;
        for (Element d : all(root, "dateInfo/CI_Date")) {
            String value = text(d, "date");
            String dateType = attribute(d, "dateType/CI_DateTypeCode", "codeListValue");
            if (value != null && (dateStamp == null || "revision".equals(dateType))) {
                dateStamp = value;
            }
        }
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
            for (Element r : all(ident, "pointOfContact/CI_Responsibility")) {
                contacts.addAll(responsibility(r));
            }
            for (String k : texts(ident, "descriptiveKeywords/MD_Keywords/keyword")) {
                Iso19139Reader.addKeywords(keywords, k);
            }
            for (Element c : all(ident, "resourceConstraints/*")) {
                for (String s : texts(c, "useLimitation")) {
                    add(constraints, s);
                }
                for (String s : texts(c, "reference/CI_Citation/title")) {
                    add(constraints, s);
                    if (licence == null && looksLikeLicence(s)) {
                        licence = s;
                    }
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
            bbox = Iso19139Reader.union(all(ident, "extent/EX_Extent/geographicElement/EX_GeographicBoundingBox"));
        }
        for (Element r : all(root, "contact/CI_Responsibility")) {
            contacts.addAll(responsibility(r));
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
            for (Element f : all(dist, "distributionFormat/MD_Format")) {
                String name = text(f, "formatSpecificationCitation/CI_Citation/title");
                if (name == null) {
                    name = text(f, "formatSpecificationCitation/CI_Citation/alternateTitle");
                }
                add(formats, name);
            }
            for (Element online : all(dist, "transferOptions/MD_DigitalTransferOptions/onLine/CI_OnlineResource")) {
                String url = text(online, "linkage");
                if (url != null) {
                    distributions.add(new Distribution(url, text(online, "protocol"), text(online, "name"),
                            text(online, "description"), null));
                }
            }
        }
        String lineage = text(root, "resourceLineage/LI_Lineage/statement");
        return new CatalogRecord(identifier, "iso19115-3", title, abstractText, language, type, organisation,
                keywords, contacts, dates, dateStamp, licence, constraints, bbox, distributions, formats, lineage,
                text(root, "parentMetadata/CI_Citation/identifier/MD_Identifier/code"));
    }

    private static List<Contact> responsibility(Element r) {
        String role = attribute(r, "role/CI_RoleCode", "codeListValue");
        List<Contact> out = new ArrayList<>();
        for (Element party : all(r, "party/*")) {
            if ("CI_Organisation".equals(party.getLocalName())) {
                String org = text(party, "name");
                String email = text(party, "contactInfo/CI_Contact/address/CI_Address/electronicMailAddress");
                List<Element> people = all(party, "individual/CI_Individual");
                if (people.isEmpty()) {
                    out.add(new Contact(null, org, email, role));
                }
                for (Element person : people) {
                    String personEmail = text(person, "contactInfo/CI_Contact/address/CI_Address/electronicMailAddress");
                    out.add(new Contact(text(person, "name"), org, personEmail != null ? personEmail : email, role));
                }
            } else {
                out.add(new Contact(text(party, "name"), null,
                        text(party, "contactInfo/CI_Contact/address/CI_Address/electronicMailAddress"), role));
            }
        }
        return out;
    }
}
