package fr.datagrandest.plugin.catalog.core.dcat;

import static fr.datagrandest.plugin.catalog.core.csw.RecordXmlAccess.escape;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import fr.datagrandest.plugin.catalog.core.record.CatalogRecord;

/**
 * DCAT-AP / GeoDCAT-AP in RDF/XML: a dcat:Catalog page of dcat:Dataset descriptions with Hydra paging. Records of
 * every source standard are mapped from their derived fields (ISO 19139 and 19115-3 through GeoDCAT-AP's core
 * mapping: title, abstract, keywords, responsible organisation, contact, dates, licence, access rights, extent,
 * online resources as distributions, lineage as provenance).
 */
public final class DcatWriter {

    private DcatWriter() {
    }

    public static String page(String site, List<CatalogRecord> records, long total, int page, int pageSize, String title) {
        StringBuilder b = new StringBuilder(4096 + records.size() * 2048);
        String catalog = site + "/catalog/dcat";
        long last = Math.max(1, (total + pageSize - 1) / pageSize);
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"")
                .append(" xmlns:rdfs=\"http://www.w3.org/2000/01/rdf-schema#\" xmlns:dcat=\"http://www.w3.org/ns/dcat#\"")
                .append(" xmlns:dct=\"http://purl.org/dc/terms/\" xmlns:foaf=\"http://xmlns.com/foaf/0.1/\"")
                .append(" xmlns:vcard=\"http://www.w3.org/2006/vcard/ns#\" xmlns:locn=\"http://www.w3.org/ns/locn#\"")
                .append(" xmlns:gsp=\"http://www.opengis.net/ont/geosparql#\" xmlns:hydra=\"http://www.w3.org/ns/hydra/core#\">\n");
        b.append("<dcat:Catalog rdf:about=\"").append(escape(catalog)).append("\"><dct:title>").append(escape(title))
                .append("</dct:title><dct:description>Catalogue des données géographiques du Grand Est</dct:description>");
        for (CatalogRecord r : records) {
            b.append("<dcat:dataset rdf:resource=\"").append(escape(datasetUri(site, r))).append("\"/>");
        }
        b.append("</dcat:Catalog>\n");
        String self = catalog + "?page=" + page + "&pageSize=" + pageSize;
        b.append("<hydra:PartialCollectionView rdf:about=\"").append(escape(self)).append("\">")
                .append("<hydra:totalItems rdf:datatype=\"http://www.w3.org/2001/XMLSchema#integer\">").append(total).append("</hydra:totalItems>")
                .append("<hydra:itemsPerPage rdf:datatype=\"http://www.w3.org/2001/XMLSchema#integer\">").append(pageSize).append("</hydra:itemsPerPage>")
                .append("<hydra:first rdf:resource=\"").append(escape(catalog + "?page=1&pageSize=" + pageSize)).append("\"/>")
                .append("<hydra:last rdf:resource=\"").append(escape(catalog + "?page=" + last + "&pageSize=" + pageSize)).append("\"/>");
        if (page < last) {
            b.append("<hydra:next rdf:resource=\"").append(escape(catalog + "?page=" + (page + 1) + "&pageSize=" + pageSize)).append("\"/>");
        }
        if (page > 1) {
            b.append("<hydra:previous rdf:resource=\"").append(escape(catalog + "?page=" + (page - 1) + "&pageSize=" + pageSize)).append("\"/>");
        }
        b.append("</hydra:PartialCollectionView>\n");
        for (CatalogRecord r : records) {
            dataset(b, site, r);
        }
        b.append("</rdf:RDF>\n");
        return b.toString();
    }

    /**
     * One record as a stand-alone rdf:RDF (a dcat:CatalogRecord about a dcat:Dataset), as CSW-DCAT harvesters
     * receive it inside csw:SearchResults when they ask for outputSchema http://www.w3.org/ns/dcat#.
     */
    public static void record(StringBuilder b, String site, CatalogRecord r) {
        b.append("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"")
                .append(" xmlns:rdfs=\"http://www.w3.org/2000/01/rdf-schema#\" xmlns:dcat=\"http://www.w3.org/ns/dcat#\"")
                .append(" xmlns:dct=\"http://purl.org/dc/terms/\" xmlns:foaf=\"http://xmlns.com/foaf/0.1/\"")
                .append(" xmlns:vcard=\"http://www.w3.org/2006/vcard/ns#\" xmlns:locn=\"http://www.w3.org/ns/locn#\">");
        b.append("<dcat:CatalogRecord rdf:about=\"").append(escape(site + "/catalog/api/record?id="
                + URLEncoder.encode(r.identifier(), StandardCharsets.UTF_8))).append("\">");
        b.append("<foaf:primaryTopic rdf:resource=\"").append(escape(datasetUri(site, r))).append("\"/>");
        literal(b, "dct:identifier", r.identifier());
        literal(b, "dct:modified", r.dateStamp());
        b.append("</dcat:CatalogRecord>");
        dataset(b, site, r);
        b.append("</rdf:RDF>");
    }

    static String datasetUri(String site, CatalogRecord r) {
        return site + "/catalog/record?id=" + URLEncoder.encode(r.identifier(), StandardCharsets.UTF_8);
    }

    private static void dataset(StringBuilder b, String site, CatalogRecord r) {
        String type = "series".equals(r.resourceType()) ? "dcat:DatasetSeries" : "service".equals(r.resourceType()) ? "dcat:DataService" : "dcat:Dataset";
        b.append('<').append(type).append(" rdf:about=\"").append(escape(datasetUri(site, r))).append("\">");
        literal(b, "dct:identifier", r.identifier());
        literal(b, "dct:title", r.title() == null ? "" : r.title());
        literal(b, "dct:description", r.abstractText());
        for (String k : r.keywords()) {
            literal(b, "dcat:keyword", k);
        }
        if (r.organisation() != null) {
            b.append("<dct:publisher><foaf:Organization><foaf:name>").append(escape(r.organisation()))
                    .append("</foaf:name></foaf:Organization></dct:publisher>");
        }
        for (CatalogRecord.Contact c : r.contacts()) {
            if (c.email() != null && "pointOfContact".equals(c.role())) {
                b.append("<dcat:contactPoint><vcard:Organization>");
                literal(b, "vcard:fn", c.name() != null ? c.name() : c.organisation());
                literal(b, "vcard:organization-name", c.organisation());
                b.append("<vcard:hasEmail rdf:resource=\"mailto:").append(escape(c.email())).append("\"/></vcard:Organization></dcat:contactPoint>");
                break;
            }
        }
        for (CatalogRecord.DateEntry d : r.dates()) {
            String p = switch (d.type() == null ? "" : d.type()) {
                case "creation" -> "dct:created";
                case "publication" -> "dct:issued";
                case "revision" -> "dct:modified";
                default -> null;
            };
            if (p != null) {
                literal(b, p, d.date());
            }
        }
        if (r.language() != null) {
            literal(b, "dct:language", r.language());
        }
        if (r.licence() != null) {
            b.append("<dct:license><dct:LicenseDocument><rdfs:label>").append(escape(r.licence()))
                    .append("</rdfs:label></dct:LicenseDocument></dct:license>");
        }
        for (String c : r.constraints()) {
            if (c.startsWith("accessConstraints") || c.toLowerCase().contains("accès")) {
                b.append("<dct:accessRights><dct:RightsStatement><rdfs:label>").append(escape(c))
                        .append("</rdfs:label></dct:RightsStatement></dct:accessRights>");
            }
        }
        if (r.bbox() != null) {
            CatalogRecord.BoundingBox x = r.bbox();
            String wkt = "POLYGON((" + x.west() + " " + x.south() + "," + x.east() + " " + x.south() + "," + x.east() + " "
                    + x.north() + "," + x.west() + " " + x.north() + "," + x.west() + " " + x.south() + "))";
            b.append("<dct:spatial><dct:Location><dcat:bbox rdf:datatype=\"http://www.opengis.net/ont/geosparql#wktLiteral\">")
                    .append(wkt).append("</dcat:bbox></dct:Location></dct:spatial>");
        }
        if (r.lineage() != null) {
            b.append("<dct:provenance><dct:ProvenanceStatement><rdfs:label>").append(escape(r.lineage()))
                    .append("</rdfs:label></dct:ProvenanceStatement></dct:provenance>");
        }
        for (CatalogRecord.Distribution d : r.distributions()) {
            b.append("<dcat:distribution><dcat:Distribution>");
            b.append("<dcat:accessURL rdf:resource=\"").append(escape(d.url())).append("\"/>");
            literal(b, "dct:title", d.name());
            literal(b, "dct:description", d.description());
            if (d.format() != null) {
                literal(b, "dct:format", d.format());
            } else if (d.protocol() != null) {
                literal(b, "dct:format", d.protocol());
            }
            b.append("</dcat:Distribution></dcat:distribution>");
        }
        b.append("<dcat:landingPage rdf:resource=\"").append(escape(datasetUri(site, r))).append("\"/>");
        b.append("</").append(type).append(">\n");
    }

    private static void literal(StringBuilder b, String property, String value) {
        if (value != null && !value.isBlank()) {
            b.append('<').append(property).append('>').append(escape(value)).append("</").append(property).append('>');
        }
    }
}
