package fr.datagrandest.plugin.catalog.core.csw;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Sort;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import fr.datagrandest.plugin.catalog.core.CatalogService;
import fr.datagrandest.plugin.catalog.core.record.CatalogRecord;
import fr.datagrandest.plugin.catalog.core.search.SearchIndex;
import fr.datagrandest.plugin.catalog.core.xml.Dom;
import fr.datagrandest.plugin.catalog.core.xml.InvalidXmlException;
import fr.datagrandest.plugin.catalog.core.xml.SafeXml;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * CSW 2.0.2 at /catalog/csw, KVP (GET) and XML (POST): GetCapabilities, DescribeRecord, GetRecords (OGC Filter 1.1
 * and CQL text, hits/results/validate, brief/summary/full, sort, paging), GetRecordById; output schemas csw:Record
 * and ISO 19139 gmd. Every error is an ows:ExceptionReport (HTTP 400) with its exceptionCode and locator.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/catalog/csw")
@HttpWhiteboardServletName("catalog-csw")
public class CswServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CswServlet.class);
    static final int MAX_RECORDS = 1000;
    static final int MAX_POST_BYTES = 1024 * 1024;
    static final String OWS = "http://www.opengis.net/ows";
    static final String DCAT = "http://www.w3.org/ns/dcat#";
    /** The address of this site, for the URIs of DCAT output (set per request). */
    private final transient ThreadLocal<String> site = new ThreadLocal<>();

    private final transient CatalogService catalog;
    private final transient SafeXml xml = new SafeXml();

    @Activate
    public CswServlet(@Reference CatalogService catalog) {
        this.catalog = catalog;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, String> kvp = new HashMap<>();
        request.getParameterMap().forEach((k, v) -> kvp.put(k.toLowerCase(Locale.ROOT), v.length > 0 ? v[0] : ""));
        try {
            answer(response, kvp(kvp, request));
        } catch (CswException e) {
            exception(response, e);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            if (request.getContentLengthLong() > MAX_POST_BYTES) {
                throw new CswException("NoApplicableCode", "request", "the request body is larger than 1 MiB");
            }
            byte[] body;
            try (InputStream in = request.getInputStream()) {
                body = in.readNBytes(MAX_POST_BYTES + 1);
            }
            if (body.length > MAX_POST_BYTES) {
                throw new CswException("NoApplicableCode", "request", "the request body is larger than 1 MiB");
            }
            String contentType = request.getContentType() == null ? "" : request.getContentType();
            if (contentType.startsWith("application/x-www-form-urlencoded")) {
                doGet(request, response);
                return;
            }
            Document doc;
            try {
                doc = xml.parse(body);
            } catch (InvalidXmlException e) {
                throw new CswException("NoApplicableCode", "request", e.getMessage());
            }
            answer(response, post(doc.getDocumentElement(), request));
        } catch (CswException e) {
            exception(response, e);
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws jakarta.servlet.ServletException, IOException {
        site.set(base(request).replaceAll("/catalog/csw$", ""));
        try {
            super.service(request, response);
        } finally {
            site.remove();
        }
    }

    private void answer(HttpServletResponse response, String xmlText) throws IOException {
        response.setStatus(200);
        response.setContentType("application/xml; charset=UTF-8");
        response.getOutputStream().write(xmlText.getBytes(StandardCharsets.UTF_8));
    }

    private static void exception(HttpServletResponse response, CswException e) throws IOException {
        response.setStatus(e.status());
        if (e.status() == 401) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"DataGrandEst\"");
        }
        response.setContentType("application/xml; charset=UTF-8");
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ows:ExceptionReport xmlns:ows=\"" + OWS
                + "\" version=\"1.2.0\" language=\"en\"><ows:Exception exceptionCode=\"" + RecordXml.escape(e.code()) + "\""
                + (e.locator() == null ? "" : " locator=\"" + RecordXml.escape(e.locator()) + "\"")
                + "><ows:ExceptionText>" + RecordXml.escape(e.getMessage()) + "</ows:ExceptionText></ows:Exception></ows:ExceptionReport>";
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }

    // ---- KVP ----

    private String kvp(Map<String, String> p, HttpServletRequest request) throws CswException {
        String requestName = p.get("request");
        if (requestName == null || requestName.isBlank()) {
            throw CswException.missing("request");
        }
        String service = p.get("service");
        if (service == null || service.isBlank()) {
            throw CswException.missing("service");
        }
        if (!"CSW".equalsIgnoreCase(service)) {
            throw CswException.invalid("service", "service must be CSW");
        }
        if (!"GetCapabilities".equalsIgnoreCase(requestName)) {
            version(p.get("version"));
        }
        switch (requestName.toLowerCase(Locale.ROOT)) {
            case "getcapabilities":
                String accept = p.get("acceptversions");
                if (accept != null && !accept.isBlank() && !List.of(accept.split(",")).contains("2.0.2")) {
                    throw new CswException("VersionNegotiationFailed", "acceptversions", "this service speaks CSW 2.0.2");
                }
                return Capabilities.write(base(request), catalog.configuration());
            case "describerecord":
                return describeRecord();
            case "getrecordbyid":
                String ids = p.get("id");
                if (ids == null || ids.isBlank()) {
                    throw CswException.missing("id");
                }
                return recordsById(List.of(ids.split(",")), outputSchema(p.get("outputschema")),
                        elementSet(p.get("elementsetname"), "elementsetname"));
            case "getrecords":
                GetRecords g = new GetRecords();
                g.resultType = resultType(p.get("resulttype"));
                g.outputSchema = outputSchema(p.get("outputschema"));
                g.elementSet = elementSet(p.get("elementsetname"), "elementsetname");
                typeNames(p.get("typenames"), "typenames");
                g.startPosition = positive(p.get("startposition"), "startPosition", 1);
                g.maxRecords = maxRecords(p.get("maxrecords"));
                String constraint = p.get("constraint");
                if (constraint != null && !constraint.isBlank()) {
                    String language = p.getOrDefault("constraintlanguage", "");
                    if (language.equalsIgnoreCase("CQL_TEXT")) {
                        g.query = new CqlTranslator(catalog.index()).parse(constraint);
                    } else if (language.equalsIgnoreCase("FILTER")) {
                        g.query = parseFilterText(constraint);
                    } else if (language.isBlank()) {
                        throw CswException.missing("constraintlanguage");
                    } else {
                        throw CswException.invalid("constraintlanguage", "constraintLanguage must be FILTER or CQL_TEXT");
                    }
                }
                g.sort = sortKvp(p.get("sortby"));
                return getRecords(g);
            default:
                throw new CswException("OperationNotSupported", "request", "the operation " + requestName
                        + " is not supported; use GetCapabilities, DescribeRecord, GetRecords or GetRecordById");
        }
    }

    private Query parseFilterText(String text) throws CswException {
        try {
            Element filter = xml.parse(text.getBytes(StandardCharsets.UTF_8)).getDocumentElement();
            return new FilterTranslator(catalog.index()).filter(filter);
        } catch (InvalidXmlException e) {
            throw CswException.invalid("constraint", "the filter is not valid XML: " + e.getMessage());
        }
    }

    private static void version(String v) throws CswException {
        if (v == null || v.isBlank()) {
            throw CswException.missing("version");
        }
        if (!"2.0.2".equals(v)) {
            throw CswException.invalid("version", "version must be 2.0.2");
        }
    }

    private static String base(HttpServletRequest request) {
        String forwardedProto = request.getHeader("X-Forwarded-Proto");
        String forwardedHost = request.getHeader("X-Forwarded-Host");
        String scheme = forwardedProto != null ? forwardedProto : request.getScheme();
        String host = forwardedHost != null ? forwardedHost : request.getHeader("Host");
        if (host == null || host.isBlank()) {
            String name = request.getServerName();
            host = (name.contains(":") && !name.startsWith("[") ? "[" + name + "]" : name) + ":" + request.getServerPort();
        }
        return scheme + "://" + host + "/catalog/csw";
    }

    static String resultType(String v) throws CswException {
        if (v == null || v.isBlank()) {
            return "hits";
        }
        String t = v.toLowerCase(Locale.ROOT);
        if (!List.of("hits", "results", "validate").contains(t)) {
            throw CswException.invalid("resultType", "resultType must be hits, results or validate");
        }
        return t;
    }

    static String outputSchema(String v) throws CswException {
        if (v == null || v.isBlank() || v.equals(RecordXml.CSW) || v.equalsIgnoreCase("csw:Record")) {
            return RecordXml.CSW;
        }
        if (v.equals(RecordXml.GMD) || v.equalsIgnoreCase("gmd:MD_Metadata")) {
            return RecordXml.GMD;
        }
        if (v.equals(DCAT)) {
            return DCAT;
        }
        throw CswException.invalid("outputSchema", "unknown outputSchema " + v + "; supported: " + RecordXml.CSW
                + ", " + RecordXml.GMD + " and " + DCAT);
    }

    static String elementSet(String v, String locator) throws CswException {
        if (v == null || v.isBlank()) {
            return "summary";
        }
        String e = v.toLowerCase(Locale.ROOT);
        if (!List.of("brief", "summary", "full").contains(e)) {
            throw CswException.invalid(locator, "ElementSetName must be brief, summary or full");
        }
        return e;
    }

    static void typeNames(String v, String locator) throws CswException {
        if (v == null || v.isBlank()) {
            return;
        }
        for (String t : v.split("[ ,]+")) {
            String local = t.substring(t.indexOf(':') + 1);
            if (!local.equals("Record") && !local.equals("MD_Metadata")) {
                throw CswException.invalid(locator, "unknown typeName " + t + "; supported: csw:Record, gmd:MD_Metadata");
            }
        }
    }

    static int positive(String v, String locator, int fallback) throws CswException {
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < 1) {
                throw CswException.invalid(locator, locator + " must be 1 or more");
            }
            return n;
        } catch (NumberFormatException e) {
            throw CswException.invalid(locator, locator + " must be a whole number");
        }
    }

    static int maxRecords(String v) throws CswException {
        if (v == null || v.isBlank()) {
            return 10;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < 0 || n > MAX_RECORDS) {
                throw CswException.invalid("maxRecords", "maxRecords must be between 0 and " + MAX_RECORDS);
            }
            return n;
        } catch (NumberFormatException e) {
            throw CswException.invalid("maxRecords", "maxRecords must be a whole number between 0 and " + MAX_RECORDS);
        }
    }

    static Sort sortKvp(String v) throws CswException {
        if (v == null || v.isBlank()) {
            return null;
        }
        String first = v.split(",")[0].strip();
        int last = first.lastIndexOf(':');
        String order = "A";
        String property = first;
        if (last > 0 && (first.endsWith(":A") || first.endsWith(":D"))) {
            order = first.substring(last + 1);
            property = first.substring(0, last);
        }
        return sort(property, "D".equals(order), "sortBy");
    }

    static Sort sort(String property, boolean descending, String locator) throws CswException {
        String canonical = QueryProperties.canonical(property);
        if ("title".equals(canonical)) {
            return SearchIndex.sort(descending ? "-title" : "title");
        }
        if ("date".equals(canonical)) {
            return SearchIndex.sort(descending ? "date" : "-date");
        }
        if ("identifier".equals(canonical)) {
            return SearchIndex.sort("identifier");
        }
        throw CswException.invalid(locator, "records can be sorted by Title, Modified or Identifier, not " + property);
    }

    // ---- XML POST ----

    private String post(Element root, HttpServletRequest request) throws CswException {
        String name = root.getLocalName();
        if (!RecordXml.CSW.equals(root.getNamespaceURI())) {
            throw new CswException("OperationNotSupported", "request", "the root element {" + root.getNamespaceURI()
                    + "}" + name + " is not a CSW 2.0.2 request");
        }
        if (!"GetCapabilities".equals(name)) {
            String service = root.getAttribute("service");
            if (!service.isEmpty() && !"CSW".equals(service)) {
                throw CswException.invalid("service", "service must be CSW");
            }
            version(root.getAttribute("version").isEmpty() ? "2.0.2" : root.getAttribute("version"));
        }
        switch (name) {
            case "GetCapabilities":
                return Capabilities.write(base(request), catalog.configuration());
            case "DescribeRecord":
                return describeRecord();
            case "Transaction":
                return transaction(root, request);
            case "GetRecordById": {
                List<String> ids = new ArrayList<>();
                for (Element e : FilterTranslator.elements(root)) {
                    if ("Id".equals(e.getLocalName())) {
                        ids.add(e.getTextContent().strip());
                    }
                }
                if (ids.isEmpty()) {
                    throw CswException.missing("Id");
                }
                return recordsById(ids, outputSchema(root.getAttribute("outputSchema")),
                        elementSet(Dom.text(root, "ElementSetName"), "ElementSetName"));
            }
            case "GetRecords": {
                GetRecords g = new GetRecords();
                g.resultType = resultType(root.getAttribute("resultType"));
                g.outputSchema = outputSchema(root.getAttribute("outputSchema"));
                g.startPosition = positive(root.getAttribute("startPosition"), "startPosition", 1);
                g.maxRecords = maxRecords(root.getAttribute("maxRecords"));
                Element query = Dom.first(root, "Query");
                if (query == null) {
                    throw CswException.missing("Query");
                }
                typeNames(query.getAttribute("typeNames"), "typeNames");
                Element elementSet = Dom.first(query, "ElementSetName");
                g.elementSet = elementSet(elementSet == null ? null : elementSet.getTextContent().strip(), "ElementSetName");
                Element constraint = Dom.first(query, "Constraint");
                if (constraint != null) {
                    Element filter = Dom.first(constraint, "Filter");
                    Element cql = Dom.first(constraint, "CqlText");
                    if (filter != null) {
                        g.query = new FilterTranslator(catalog.index()).filter(filter);
                    } else if (cql != null) {
                        g.query = new CqlTranslator(catalog.index()).parse(cql.getTextContent());
                    } else {
                        throw CswException.invalid("Constraint", "csw:Constraint holds an ogc:Filter or a csw:CqlText");
                    }
                }
                Element sortProperty = Dom.first(query, "SortBy/SortProperty");
                if (sortProperty != null) {
                    String property = Dom.text(sortProperty, "PropertyName");
                    if (property == null) {
                        throw CswException.invalid("SortBy", "ogc:SortProperty needs an ogc:PropertyName");
                    }
                    String order = Dom.text(sortProperty, "SortOrder");
                    g.sort = sort(property, "DESC".equalsIgnoreCase(order), "SortBy");
                }
                return getRecords(g);
            }
            default:
                throw new CswException("OperationNotSupported", "request", "the operation " + name
                        + " is not supported; use GetCapabilities, DescribeRecord, GetRecords or GetRecordById");
        }
    }

    // ---- operations ----

    static final class GetRecords {
        String resultType = "hits";
        String outputSchema = RecordXml.CSW;
        String elementSet = "summary";
        int startPosition = 1;
        int maxRecords = 10;
        Query query;
        Sort sort;
    }

    private String getRecords(GetRecords g) throws CswException {
        String timestamp = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        if ("validate".equals(g.resultType)) {
            return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<csw:Acknowledgement xmlns:csw=\"" + RecordXml.CSW
                    + "\" timeStamp=\"" + timestamp + "\"><csw:EchoedRequest/></csw:Acknowledgement>";
        }
        Query query = g.query == null ? new MatchAllDocsQuery()
                : new BooleanQuery.Builder().add(g.query, Occur.MUST).build();
        Sort sort = g.sort != null ? g.sort : g.query == null ? SearchIndex.sort("identifier") : null;
        boolean results = "results".equals(g.resultType);
        SearchIndex.Result found;
        try {
            found = catalog.search(query, sort, g.startPosition - 1, results ? g.maxRecords : 0, 0);
        } catch (IOException e) {
            LOG.error("CSW search failed", e);
            throw new CswException("NoApplicableCode", null, "the search index cannot be read; the cause is in the server log");
        }
        int returned = results ? found.records().size() : 0;
        long next = results && g.startPosition - 1 + returned < found.total() ? g.startPosition + returned : 0;
        StringBuilder out = new StringBuilder(4096 + returned * 2048);
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<csw:GetRecordsResponse ").append(RecordXml.NS)
                .append(" xmlns:gmd=\"").append(RecordXml.GMD).append("\" xmlns:gco=\"http://www.isotc211.org/2005/gco\"")
                .append(" version=\"2.0.2\"><csw:SearchStatus timestamp=\"").append(timestamp).append("\"/>")
                .append("<csw:SearchResults numberOfRecordsMatched=\"").append(found.total())
                .append("\" numberOfRecordsReturned=\"").append(returned).append("\" nextRecord=\"").append(next)
                .append("\" recordSchema=\"").append(g.outputSchema).append("\" elementSet=\"").append(g.elementSet).append("\">");
        if (results) {
            for (CatalogRecord r : found.records()) {
                write(out, r, g.outputSchema, g.elementSet);
            }
        }
        out.append("</csw:SearchResults></csw:GetRecordsResponse>");
        return out.toString();
    }

    private void write(StringBuilder out, CatalogRecord r, String schema, String elementSet) throws CswException {
        if (DCAT.equals(schema)) {
            fr.datagrandest.plugin.catalog.core.dcat.DcatWriter.record(out, site.get(), r);
        } else if (RecordXml.GMD.equals(schema)) {
            try {
                RecordXml.iso(out, r, "iso19139".equals(r.standard()) ? catalog.original(r.identifier()).orElse(null) : null);
            } catch (java.sql.SQLException e) {
                LOG.error("CSW could not read record {}", r.identifier(), e);
                throw new CswException("NoApplicableCode", null, "a record cannot be read; the cause is in the server log");
            }
        } else {
            RecordXml.dublinCore(out, r, elementSet, false);
        }
    }

    /**
     * CSW-T: csw:Insert and csw:Update carry whole records (ISO 19139, ISO 19115-3, DCAT RDF/XML, csw:Record), each
     * imported as by the API; csw:Delete removes the records its csw:Constraint selects. Editors only.
     */
    private String transaction(Element root, HttpServletRequest request) throws CswException {
        Object attribute = request.getAttribute(fr.datagrandest.platform.api.security.UserIdentity.REQUEST_ATTRIBUTE);
        var user = attribute instanceof fr.datagrandest.platform.api.security.UserIdentity u ? u
                : fr.datagrandest.platform.api.security.UserIdentity.ANONYMOUS;
        if (user.isAnonymous() || !user.hasRole(fr.datagrandest.platform.api.security.Roles.EDITOR)) {
            throw new CswException("NoApplicableCode", "Transaction", "a Transaction needs a signed-in editor (HTTP Basic"
                    + " or an API token)", user.isAnonymous() ? 401 : 403);
        }
        int inserted = 0;
        int updated = 0;
        int deleted = 0;
        List<String> insertedIds = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        try {
            for (Element action : FilterTranslator.elements(root)) {
                switch (action.getLocalName()) {
                    case "Insert", "Update" -> {
                        List<Element> records = FilterTranslator.elements(action);
                        if (records.isEmpty() || records.stream().anyMatch(e -> "RecordProperty".equals(e.getLocalName()))) {
                            throw CswException.invalid(action.getLocalName(), "csw:" + action.getLocalName()
                                    + " must carry whole records (updates by RecordProperty are not supported)");
                        }
                        for (Element record : records) {
                            fr.datagrandest.plugin.catalog.core.ImportReport report = new fr.datagrandest.plugin.catalog.core.ImportReport();
                            catalog.importDocument("csw-t", serialize(record), user.username(), report);
                            for (var entry : report.getEntries()) {
                                if ("refused".equals(entry.status())) {
                                    refused.add(entry.reason());
                                } else if ("updated".equals(entry.status())) {
                                    updated += entry.identifiers().size();
                                } else {
                                    inserted += entry.identifiers().size();
                                    insertedIds.addAll(entry.identifiers());
                                }
                            }
                        }
                    }
                    case "Delete" -> {
                        Element filter = Dom.first(action, "Constraint/Filter");
                        if (filter == null) {
                            throw CswException.invalid("Delete", "csw:Delete needs a csw:Constraint with an ogc:Filter");
                        }
                        Query q = new FilterTranslator(catalog.index()).filter(filter);
                        SearchIndex.Result found = catalog.search(q, SearchIndex.sort("identifier"), 0, MAX_RECORDS, 0);
                        for (CatalogRecord r : found.records()) {
                            if (catalog.delete(r.identifier())) {
                                deleted++;
                            }
                        }
                    }
                    default -> throw CswException.invalid(action.getLocalName(), "a Transaction holds csw:Insert, csw:Update or csw:Delete");
                }
            }
            catalog.commit();
        } catch (IOException | java.sql.SQLException e) {
            LOG.error("CSW transaction failed", e);
            throw new CswException("NoApplicableCode", "Transaction", "the catalogue could not apply the transaction; the cause is in the server log");
        }
        if (!refused.isEmpty() && inserted + updated + deleted == 0) {
            throw CswException.invalid("Transaction", "refused: " + String.join("; ", refused));
        }
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<csw:TransactionResponse ")
                .append(RecordXml.NS).append(" version=\"2.0.2\"><csw:TransactionSummary><csw:totalInserted>").append(inserted)
                .append("</csw:totalInserted><csw:totalUpdated>").append(updated).append("</csw:totalUpdated><csw:totalDeleted>")
                .append(deleted).append("</csw:totalDeleted></csw:TransactionSummary>");
        if (!insertedIds.isEmpty()) {
            out.append("<csw:InsertResult>");
            for (String id : insertedIds) {
                out.append("<csw:BriefRecord><dc:identifier>").append(RecordXml.escape(id)).append("</dc:identifier></csw:BriefRecord>");
            }
            out.append("</csw:InsertResult>");
        }
        return out.append("</csw:TransactionResponse>").toString();
    }

    /** A record element of a request as a document of its own, with the namespaces it uses. */
    private static byte[] serialize(Element record) throws CswException {
        try {
            javax.xml.parsers.DocumentBuilderFactory f = javax.xml.parsers.DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            Document doc = f.newDocumentBuilder().newDocument();
            doc.appendChild(doc.importNode(record, true));
            doc.normalizeDocument();
            javax.xml.transform.TransformerFactory tf = javax.xml.transform.TransformerFactory.newInstance();
            tf.setAttribute(javax.xml.XMLConstants.ACCESS_EXTERNAL_DTD, "");
            tf.setAttribute(javax.xml.XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            javax.xml.transform.Transformer t = tf.newTransformer();
            t.setOutputProperty(javax.xml.transform.OutputKeys.ENCODING, "UTF-8");
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            t.transform(new javax.xml.transform.dom.DOMSource(doc), new javax.xml.transform.stream.StreamResult(bytes));
            return bytes.toByteArray();
        } catch (javax.xml.parsers.ParserConfigurationException | javax.xml.transform.TransformerException e) {
            throw new CswException("NoApplicableCode", "Transaction", "a record of the transaction cannot be read: " + e.getMessage());
        }
    }

    private String recordsById(List<String> ids, String schema, String elementSet) throws CswException {
        StringBuilder out = new StringBuilder();
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<csw:GetRecordByIdResponse ").append(RecordXml.NS)
                .append(" xmlns:gmd=\"").append(RecordXml.GMD).append("\" xmlns:gco=\"http://www.isotc211.org/2005/gco\">");
        for (String id : ids) {
            try {
                var stored = catalog.find(id.strip());
                if (stored.isPresent()) {
                    write(out, stored.get().record(), schema, elementSet);
                }
            } catch (java.sql.SQLException e) {
                LOG.error("CSW could not read record {}", id, e);
                throw new CswException("NoApplicableCode", null, "a record cannot be read; the cause is in the server log");
            }
        }
        out.append("</csw:GetRecordByIdResponse>");
        return out.toString();
    }

    private static String describeRecord() {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<csw:DescribeRecordResponse xmlns:csw=\"" + RecordXml.CSW
                + "\"><csw:SchemaComponent schemaLanguage=\"http://www.w3.org/XML/Schema\" targetNamespace=\""
                + RecordXml.CSW + "\"><xsd:schema xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" targetNamespace=\""
                + RecordXml.CSW + "\" elementFormDefault=\"qualified\" version=\"2.0.2\"><xsd:include schemaLocation="
                + "\"http://schemas.opengis.net/csw/2.0.2/record.xsd\"/></xsd:schema></csw:SchemaComponent>"
                + "</csw:DescribeRecordResponse>";
    }
}
