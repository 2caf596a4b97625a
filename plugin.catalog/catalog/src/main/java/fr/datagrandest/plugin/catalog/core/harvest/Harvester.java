package fr.datagrandest.plugin.catalog.core.harvest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.datagrandest.plugin.catalog.core.CatalogService;
import fr.datagrandest.plugin.catalog.core.parse.MetadataParser;
import fr.datagrandest.plugin.catalog.core.parse.RefusedDocumentException;
import fr.datagrandest.plugin.catalog.core.record.CatalogRecord;
import fr.datagrandest.plugin.catalog.core.xml.Dom;
import fr.datagrandest.plugin.catalog.core.xml.InvalidXmlException;
import fr.datagrandest.plugin.catalog.core.xml.SafeXml;

/**
 * Harvests one remote source into the catalogue: CSW 2.0.2 GetRecords (ISO 19139 output), OGC API – Records items
 * (following {@code next} links) or DCAT-AP RDF/XML (following Hydra {@code next}). Each remote record becomes a
 * record tagged with its source; a record whose checksum did not change is not parsed again; when the whole
 * source was read, the records of that source it no longer lists are removed. A run that fails part way removes
 * nothing.
 */
public final class Harvester {

    static final String CSW = "http://www.opengis.net/cat/csw/2.0.2";
    static final String OWS = "http://www.opengis.net/ows";
    static final String DCAT = "http://www.w3.org/ns/dcat#";
    static final String HYDRA = "http://www.w3.org/ns/hydra/core#";
    static final String DCT = "http://purl.org/dc/terms/";
    static final String XMLNS = XMLConstants.XMLNS_ATTRIBUTE_NS_URI;
    /** A source cannot make a run last for ever: at most this many pages. */
    static final int MAX_PAGES = 100_000;
    static final long MAX_RESPONSE_BYTES = 64L * 1024 * 1024;

    private final CatalogService catalog;
    private HttpClient http;
    /** Where requests may go: checked before each request and each redirect. */
    private volatile SourceAddresses addresses;
    private final int pageSize;
    private final MetadataParser parser = new MetadataParser();
    private final SafeXml xml = new SafeXml();
    private final ObjectMapper json = new ObjectMapper();
    private final DocumentBuilderFactory documents;
    /** Builders and serialisers are costly to create and not thread-safe: one per thread, reused. */
    private final ThreadLocal<DocumentBuilder> builders;
    private final ThreadLocal<Transformer> serialisers;

    public Harvester(CatalogService catalog, int pageSize, SourceAddresses addresses) {
        this.catalog = catalog;
        this.pageSize = pageSize;
        this.addresses = addresses;
        documents = DocumentBuilderFactory.newInstance();
        documents.setNamespaceAware(true);
        builders = ThreadLocal.withInitial(() -> {
            try {
                return documents.newDocumentBuilder();
            } catch (ParserConfigurationException e) {
                throw new IllegalStateException(e);
            }
        });
        TransformerFactory factory = TransformerFactory.newInstance();
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        } catch (javax.xml.transform.TransformerConfigurationException e) {
            throw new IllegalStateException(e);
        }
        serialisers = ThreadLocal.withInitial(() -> {
            try {
                Transformer t = factory.newTransformer();
                t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
                return t;
            } catch (javax.xml.transform.TransformerConfigurationException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Why a run stopped before reading the whole source. */
    static class HarvestException extends Exception {
        private static final long serialVersionUID = 1L;

        HarvestException(String message) {
            super(message);
        }
    }

    /** The source answered with an HTTP error status. */
    static final class HttpStatusException extends HarvestException {
        private static final long serialVersionUID = 1L;
        final int status;

        HttpStatusException(int status, String url) {
            super("HTTP " + status + " from " + url);
            this.status = status;
        }
    }

    @FunctionalInterface
    interface Original {
        byte[] get() throws HarvestException, InterruptedException;
    }

    /** The state of one run: what the catalogue held from the source before, and what the source listed. */
    private final class Run {
        final HarvestSource source;
        final HarvestReport report;
        final Map<String, String> known;
        /** A document may hold several records (DCAT): all of them are unchanged when it is. */
        final Map<String, List<String>> byChecksum = new HashMap<>();
        final Set<String> seen = new HashSet<>();
        /**
         * What the source listed, item by item (its identifier, else its checksum): a page that adds nothing here
         * repeats an earlier one. Records are not enough: several items may share one document.
         */
        final Set<String> items = new HashSet<>();

        Run(HarvestSource source, HarvestReport report) throws SQLException {
            this.source = source;
            this.report = report;
            this.known = catalog.harvested(source.id());
            known.forEach((id, checksum) -> {
                if (checksum != null) {
                    byChecksum.computeIfAbsent(checksum, c -> new ArrayList<>()).add(id);
                }
            });
        }

        /**
         * One remote document: skipped when its checksum is the one harvested last time, else parsed and written
         * (all its records or none). {@code hint} is the identifier the source gives it, if known before parsing:
         * a record refused this time is then still "listed" and not removed.
         */
        void document(String name, String hint, String checksum, Original original) throws HarvestException, InterruptedException {
            items.add(hint != null ? hint : checksum);
            List<String> unchanged = byChecksum.get(checksum);
            if (unchanged != null) {
                for (String id : unchanged) {
                    if (seen.add(id)) {
                        report.seen();
                        report.unchanged();
                    }
                }
                return;
            }
            byte[] content = original.get();
            List<CatalogRecord> records;
            try {
                records = parser.parse(content, name);
            } catch (RefusedDocumentException e) {
                if (hint != null && seen.add(hint)) {
                    report.seen();
                }
                report.refuse(hint != null ? hint : name, e.getMessage());
                return;
            }
            // The item's own record when its document describes others too (OGC API items linking to a
            // multi-dataset DCAT document): the item's checksum is that record's; the others get theirs from their
            // own items.
            String own = hint != null && records.size() > 1
                    && records.stream().anyMatch(r -> r.identifier().equals(hint)) ? hint : null;
            List<CatalogRecord> fresh = new ArrayList<>();
            int added = 0;
            int counted = 0;
            try {
                for (CatalogRecord r : records) {
                    boolean first = seen.add(r.identifier());
                    if (!first && !(r.identifier().equals(own)
                            && catalog.provenance(own).filter(source.id()::equals).isPresent())) {
                        continue; // listed again (overlapping pages, shared documents): written once
                    }
                    if (first) {
                        report.seen();
                        if (!known.containsKey(r.identifier())) {
                            Optional<String> owner = catalog.provenance(r.identifier());
                            if (owner.isPresent()) {
                                report.refuse(r.identifier(), owner.get().isEmpty()
                                        ? "a record with this identifier was imported here: a harvest does not replace it"
                                        : "a record with this identifier comes from another harvest source");
                                continue;
                            }
                            added++;
                        }
                        counted++;
                    }
                    fresh.add(r);
                }
                if (fresh.isEmpty()) {
                    return;
                }
                catalog.saveHarvested(fresh, content, name, source.id(),
                        r -> own == null || own.equals(r.identifier()) ? checksum : null);
                report.added(added);
                report.updated(counted - added);
            } catch (SQLException e) {
                for (CatalogRecord r : fresh) {
                    report.refuse(r.identifier(), "the database refused the record: " + e.getMessage());
                }
            } catch (IOException e) {
                throw new HarvestException("the search index cannot be written: " + e.getMessage());
            }
        }

        /** After a page: the records must be visible, and a page that brought nothing new means a looping source. */
        void pageDone(int before, int count, String where) throws HarvestException {
            report.page();
            try {
                catalog.commit();
            } catch (IOException e) {
                throw new HarvestException("the search index cannot be written: " + e.getMessage());
            }
            if (count > 0 && items.size() == before) {
                throw new HarvestException("the source sent only records already read (" + where
                        + "): it seems to ignore paging; stopped, nothing removed");
            }
            if (report.getPages() >= MAX_PAGES) {
                throw new HarvestException("more than " + MAX_PAGES + " pages: stopped, nothing removed");
            }
        }
    }

    /** Runs a harvest to its end and returns its report (also readable while it runs). */
    public HarvestReport run(HarvestSource source, HarvestReport report) {
        try {
            Run run = new Run(source, report);
            switch (source.protocol()) {
                case "csw" -> csw(run);
                case "ogcapi" -> ogcapi(run);
                case "dcat" -> dcat(run);
                default -> throw new HarvestException("unknown protocol " + source.protocol());
            }
            // The whole source was read: what it no longer lists goes (only records that came from it).
            for (String id : run.known.keySet()) {
                if (!run.seen.contains(id) && catalog.deleteHarvested(id, source.id())) {
                    report.removed();
                }
            }
            catalog.commit();
            report.finish("succeeded", null);
        } catch (HarvestException e) {
            commitQuietly();
            report.finish("failed", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            commitQuietly();
            report.finish("failed", "the harvest was interrupted (the platform or the catalogue stopped); nothing removed");
        } catch (SQLException | IOException | RuntimeException e) {
            commitQuietly();
            report.finish("failed", "the catalogue failed: " + e);
        }
        return report;
    }

    private void commitQuietly() {
        try {
            catalog.commit();
        } catch (IOException | RuntimeException ignored) {
            // the run already failed; its report says why
        }
    }

    // ---- CSW 2.0.2 ----

    static String getRecords(int start, int max) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<csw:GetRecords xmlns:csw=\"" + CSW + "\" service=\"CSW\""
                + " version=\"2.0.2\" resultType=\"results\" startPosition=\"" + start + "\" maxRecords=\"" + max + "\""
                + " outputSchema=\"http://www.isotc211.org/2005/gmd\" outputFormat=\"application/xml\">"
                + "<csw:Query typeNames=\"csw:Record\"><csw:ElementSetName>full</csw:ElementSetName></csw:Query>"
                + "</csw:GetRecords>";
    }

    /** The same GetRecords request as KVP, for servers that do not take XML POST requests. */
    public static String getRecordsUrl(String endpoint, int start, int max) {
        return endpoint + (endpoint.contains("?") ? "&" : "?") + "service=CSW&version=2.0.2&request=GetRecords"
                + "&typeNames=csw:Record&resultType=results&elementSetName=full&outputFormat=application/xml"
                + "&outputSchema=" + java.net.URLEncoder.encode("http://www.isotc211.org/2005/gmd", java.nio.charset.StandardCharsets.UTF_8)
                + "&startPosition=" + start + "&maxRecords=" + max;
    }

    /**
     * Pages by the records actually received, not by what the server announces: the next page starts after the
     * last record received ({@code nextRecord} may be 0, missing or wrong, pages may be shorter than asked). The
     * harvest ends on an empty page, or when neither the latest {@code numberOfRecordsMatched} (it may change
     * while the harvest runs) nor {@code nextRecord} says there is more.
     */
    private void csw(Run run) throws HarvestException, InterruptedException {
        int start = 1;
        long lastMatched = -1;
        boolean kvp = false;
        while (true) {
            String where = "startPosition " + start;
            byte[] answer;
            if (kvp) {
                answer = get(getRecordsUrl(run.source.url(), start, pageSize), "application/xml, text/xml;q=0.9");
            } else {
                try {
                    answer = post(run.source.url(), getRecords(start, pageSize));
                } catch (HttpStatusException e) {
                    // Some servers take only KVP GET requests (405 or another client error to a POST): ask them so.
                    if (start != 1 || e.status < 400 || e.status >= 500 || e.status == 404) {
                        throw e;
                    }
                    kvp = true;
                    answer = get(getRecordsUrl(run.source.url(), start, pageSize), "application/xml, text/xml;q=0.9");
                }
            }
            Document doc = xml(answer, run.source.url() + " (" + where + ")");
            Element root = doc.getDocumentElement();
            if ("ExceptionReport".equals(root.getLocalName()) && lastMatched >= 0 && start > lastMatched) {
                // Asked past the announced count (a nextRecord said more): some servers answer an exception
                // rather than an empty page. Every announced record was read.
                return;
            }
            if ("ExceptionReport".equals(root.getLocalName())) {
                throw new HarvestException("the CSW server answered an exception at " + where + ": " + exceptionText(root));
            }
            Element results = first(root, CSW, "SearchResults");
            if (!CSW.equals(root.getNamespaceURI()) || !"GetRecordsResponse".equals(root.getLocalName()) || results == null) {
                throw new HarvestException("not a CSW 2.0.2 GetRecords response at " + where + ": {" + root.getNamespaceURI()
                        + "}" + root.getLocalName());
            }
            long matched = number(results.getAttribute("numberOfRecordsMatched"));
            if (matched >= 0) {
                run.report.matched(matched);
                lastMatched = matched;
            }
            List<Element> records = children(results);
            int before = run.items.size();
            for (int i = 0; i < records.size(); i++) {
                Element e = records.get(i);
                byte[] bytes = standalone(e, List.of(e), false);
                String hint = isoIdentifier(e);
                run.document("csw record " + (start + i) + (hint == null ? "" : " (" + hint + ")") + ".xml", hint,
                        sha256(bytes), () -> bytes);
            }
            run.pageDone(before, records.size(), where);
            if (records.isEmpty()) {
                return;
            }
            start += records.size();
            // Done only when neither the count nor nextRecord says more; an empty page ends it in any case.
            long nextRecord = number(results.getAttribute("nextRecord"));
            boolean countSaysMore = matched >= 0 && start <= matched;
            boolean nextSaysMore = nextRecord > 0;
            if (!countSaysMore && !nextSaysMore && (matched >= 0 || nextRecord >= 0)) {
                return;
            }
        }
    }

    private static String isoIdentifier(Element e) {
        Element id = first(e, "http://www.isotc211.org/2005/gmd", "fileIdentifier");
        if (id == null) {
            Element dc = first(e, "http://purl.org/dc/elements/1.1/", "identifier");
            return dc == null ? null : Dom.blankToNull(dc.getTextContent().strip());
        }
        return Dom.blankToNull(id.getTextContent().strip());
    }

    private static String exceptionText(Element report) {
        StringBuilder b = new StringBuilder();
        for (Element e : Dom.descendants(report, null, "Exception")) {
            b.append(e.getAttribute("exceptionCode")).append(' ').append(e.getTextContent().strip()).append("; ");
        }
        String s = b.toString().strip();
        return s.length() > 500 ? s.substring(0, 500) : s;
    }

    // ---- OGC API – Records ----

    /**
     * Follows {@code next} links. The record document kept is the XML one each item links to (ISO 19139 or DCAT,
     * {@code describedby} or {@code alternate} with an XML type): it is fetched only when the item changed.
     */
    private void ogcapi(Run run) throws HarvestException, InterruptedException {
        String next = run.source.url();
        if (!next.contains("limit=")) {
            next += (next.contains("?") ? "&" : "?") + "limit=" + pageSize;
        }
        Set<String> pages = new HashSet<>();
        while (next != null) {
            if (!pages.add(next)) {
                throw new HarvestException("the next link leads back to a page already read (" + next + "): stopped, nothing removed");
            }
            JsonNode page;
            try {
                page = json.readTree(get(next, "application/geo+json, application/json;q=0.9"));
            } catch (IOException e) {
                throw new HarvestException("not JSON at " + next + ": " + e.getMessage());
            }
            if (page.path("numberMatched").isNumber()) {
                run.report.matched(page.path("numberMatched").asLong());
            }
            JsonNode features = page.path("features");
            if (!features.isArray()) {
                throw new HarvestException("not an OGC API – Records items page (no features) at " + next);
            }
            int before = run.items.size();
            for (JsonNode f : features) {
                String id = f.path("id").asText(null);
                String link = xmlLink(f.path("links"), next);
                byte[] item;
                try {
                    item = json.writeValueAsBytes(f);
                } catch (IOException e) {
                    throw new HarvestException(e.getMessage());
                }
                if (link == null) {
                    run.items.add(id != null ? id : sha256(item));
                    if (id != null && run.seen.add(id)) {
                        run.report.seen();
                    }
                    run.report.refuse(id == null ? "(item without id)" : id, "the item links to no XML metadata document"
                            + " (describedby or alternate, XML type): records given only as JSON are not harvested yet");
                    continue;
                }
                run.document(link, id, sha256(item), () -> get(link, "application/xml, text/xml;q=0.9, */*;q=0.5"));
            }
            run.pageDone(before, features.size(), next);
            if (features.isEmpty()) {
                return;
            }
            next = null;
            for (JsonNode l : page.path("links")) {
                if ("next".equals(l.path("rel").asText()) && l.hasNonNull("href")) {
                    next = URI.create(run.source.url()).resolve(l.path("href").asText()).toString();
                }
            }
        }
    }

    private static String xmlLink(JsonNode links, String base) {
        for (String rel : List.of("describedby", "alternate")) {
            for (JsonNode l : links) {
                String type = l.path("type").asText("").toLowerCase(Locale.ROOT);
                if (rel.equals(l.path("rel").asText()) && type.contains("xml") && !type.contains("html") && l.hasNonNull("href")) {
                    return URI.create(base).resolve(l.path("href").asText()).toString();
                }
            }
        }
        return null;
    }

    // ---- DCAT-AP (RDF/XML) with Hydra paging ----

    /**
     * Each dataset or series of a page (typed by element name or by {@code rdf:type}, as rdflib and udata write them)
     * becomes a document of its own (the dataset and the nodes it refers to in the page: distributions, agents…), so
     * that its checksum changes only when it changes.
     */
    private void dcat(Run run) throws HarvestException, InterruptedException {
        String next = run.source.url();
        Set<String> pages = new HashSet<>();
        while (next != null) {
            if (!pages.add(next)) {
                throw new HarvestException("the Hydra next link leads back to a page already read (" + next + "): stopped, nothing removed");
            }
            Document doc = xml(get(next, "application/rdf+xml, application/xml;q=0.8"), next);
            Element root = doc.getDocumentElement();
            if (!MetadataParser.RDF.equals(root.getNamespaceURI()) || !"RDF".equals(root.getLocalName())) {
                throw new HarvestException("not an RDF/XML document at " + next + ": {" + root.getNamespaceURI() + "}" + root.getLocalName());
            }
            for (Element total : Dom.descendants(root, HYDRA, "totalItems")) {
                long n = number(total.getTextContent().strip());
                if (n >= 0) {
                    run.report.matched(n);
                }
            }
            // Every node of the page (RDF/XML striping), by rdf:about (the fullest description) and rdf:nodeID.
            List<Element> all = new ArrayList<>();
            collectNodes(root, true, all);
            Map<String, Element> nodes = new HashMap<>();
            for (Element n : all) {
                String about = n.getAttributeNS(MetadataParser.RDF, "about");
                if (!about.isEmpty() && (!nodes.containsKey(about) || children(n).size() > children(nodes.get(about)).size())) {
                    nodes.put(about, n);
                }
                String nodeId = n.getAttributeNS(MetadataParser.RDF, "nodeID");
                if (!nodeId.isEmpty()) {
                    nodes.putIfAbsent("_:" + nodeId, n);
                }
            }
            // Datasets and series, typed by element name or by rdf:type, each once.
            Map<String, Element> byKey = new java.util.LinkedHashMap<>();
            for (Element n : all) {
                Set<String> types = types(n);
                if (types.contains(DCAT + "Dataset") || types.contains(DCAT + "DatasetSeries")) {
                    String about = n.getAttributeNS(MetadataParser.RDF, "about");
                    byKey.putIfAbsent(about.isEmpty() ? "node-" + System.identityHashCode(n) : about,
                            about.isEmpty() ? n : nodes.get(about));
                }
            }
            List<Element> datasets = new ArrayList<>(byKey.values());
            int before = run.items.size();
            for (Element ds : datasets) {
                List<Element> parts = new ArrayList<>(List.of(ds));
                collectReferenced(ds, nodes, parts);
                byte[] bytes = standalone(ds, parts, true);
                String about = ds.getAttributeNS(MetadataParser.RDF, "about");
                Element identifier = children(ds).stream()
                        .filter(c -> DCT.equals(c.getNamespaceURI()) && "identifier".equals(c.getLocalName())).findFirst().orElse(null);
                String hint = identifier != null ? Dom.blankToNull(identifier.getTextContent().strip()) : Dom.blankToNull(about);
                run.document("dcat dataset " + (hint == null ? "" : hint) + ".rdf", hint, sha256(bytes), () -> bytes);
            }
            run.pageDone(before, datasets.size(), next);
            if (datasets.isEmpty()) {
                return;
            }
            String following = null;
            for (String name : List.of("next", "nextPage")) {
                for (Element n : Dom.descendants(root, HYDRA, name)) {
                    String href = n.getAttributeNS(MetadataParser.RDF, "resource");
                    following = href.isEmpty() ? Dom.blankToNull(n.getTextContent().strip()) : href;
                }
                if (following != null) {
                    break;
                }
            }
            next = following == null ? null : URI.create(next).resolve(following).toString();
        }
    }

    /** The top-level nodes a dataset refers to (rdf:resource, rdf:nodeID), and those they refer to, a few levels deep. */
    private static void collectReferenced(Element from, Map<String, Element> nodes, List<Element> out) {
        LinkedHashSet<Element> found = new LinkedHashSet<>(out);
        List<Element> frontier = List.of(from);
        for (int depth = 0; depth < 3 && !frontier.isEmpty(); depth++) {
            List<Element> nextFrontier = new ArrayList<>();
            for (Element e : frontier) {
                for (Element d : descendantsOrSelf(e)) {
                    for (String ref : List.of(d.getAttributeNS(MetadataParser.RDF, "resource"),
                            d.getAttributeNS(MetadataParser.RDF, "nodeID").isEmpty() || d == e ? ""
                                    : "_:" + d.getAttributeNS(MetadataParser.RDF, "nodeID"))) {
                        Element node = ref.isEmpty() ? null : nodes.get(ref);
                        if (node != null && !isSkipped(node) && found.add(node)) {
                            nextFrontier.add(node);
                        }
                    }
                }
            }
            frontier = nextFrontier;
        }
        out.clear();
        out.addAll(found);
    }

    /** Catalogues, other datasets and paging nodes are not part of a dataset's document. */
    private static boolean isSkipped(Element node) {
        for (String type : types(node)) {
            if (type.startsWith(HYDRA) || List.of(DCAT + "Catalog", DCAT + "Dataset", DCAT + "DatasetSeries",
                    DCAT + "CatalogRecord").contains(type)) {
                return true;
            }
        }
        return false;
    }

    /** The types of a node: its element name (unless rdf:Description) and its rdf:type children. */
    private static Set<String> types(Element node) {
        Set<String> types = new HashSet<>();
        if (!(MetadataParser.RDF.equals(node.getNamespaceURI()) && "Description".equals(node.getLocalName()))) {
            types.add(node.getNamespaceURI() + node.getLocalName());
        }
        for (Element c : children(node)) {
            if (MetadataParser.RDF.equals(c.getNamespaceURI()) && "type".equals(c.getLocalName())) {
                types.add(c.getAttributeNS(MetadataParser.RDF, "resource"));
            }
        }
        return types;
    }

    /** Node elements alternate with property elements (RDF/XML striping): the nodes, at any depth. */
    private static void collectNodes(Element parent, boolean parentIsPropertyOrRoot, List<Element> out) {
        for (Element child : children(parent)) {
            if (parentIsPropertyOrRoot) {
                out.add(child);
            }
            collectNodes(child, !parentIsPropertyOrRoot, out);
        }
    }

    private static List<Element> descendantsOrSelf(Element e) {
        List<Element> out = new ArrayList<>();
        out.add(e);
        for (int i = 0; i < out.size(); i++) {
            out.addAll(children(out.get(i)));
        }
        return out;
    }

    // ---- XML and HTTP plumbing ----

    /**
     * The elements as a document of their own: one element as its root (ISO, {@code rdf} false), or the nodes under
     * an rdf:RDF root (DCAT); the namespace declarations of their ancestors are copied so that prefixes in values
     * stay bound.
     */
    byte[] standalone(Element main, List<Element> parts, boolean rdf) throws HarvestException {
        try {
            Document d = builders.get().newDocument();
            Element root;
            if (!rdf) {
                root = (Element) d.importNode(main, true);
                d.appendChild(root);
            } else {
                root = d.createElementNS(MetadataParser.RDF, "rdf:RDF");
                d.appendChild(root);
                for (Element p : parts) {
                    root.appendChild(d.importNode(p, true));
                }
            }
            for (Node p = main.getParentNode(); p instanceof Element pe; p = p.getParentNode()) {
                NamedNodeMap attributes = pe.getAttributes();
                for (int i = 0; i < attributes.getLength(); i++) {
                    Attr a = (Attr) attributes.item(i);
                    if (XMLNS.equals(a.getNamespaceURI()) && !root.hasAttributeNS(XMLNS, a.getLocalName())) {
                        root.setAttributeNS(XMLNS, a.getName(), a.getValue());
                    }
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
            serialisers.get().transform(new DOMSource(d), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException e) {
            throw new HarvestException("a record cannot be copied out of its page: " + e.getMessage());
        }
    }

    private Document xml(byte[] body, String where) throws HarvestException {
        try {
            return xml.parse(body);
        } catch (InvalidXmlException e) {
            throw new HarvestException("the answer of " + where + " is not well-formed XML: " + e.getMessage());
        }
    }

    /**
     * Made at the first harvest: an HTTP client loads the TLS stack and the trusted certificates (hundreds of classes),
     * which a platform that harvests nothing never needs at start. Redirects are followed in {@link #send}, each
     * target checked like the source itself.
     */
    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                    .followRedirects(HttpClient.Redirect.NEVER).build();
        }
        return http;
    }

    void addresses(SourceAddresses addresses) {
        this.addresses = addresses;
    }

    private byte[] post(String url, String body) throws HarvestException, InterruptedException {
        return send("POST", url, body, "application/xml, text/xml;q=0.9");
    }

    private byte[] get(String url, String accept) throws HarvestException, InterruptedException {
        return send("GET", url, null, accept);
    }

    /** Redirects followed at most, as browsers and GDAL do. */
    static final int MAX_REDIRECTS = 5;

    private static URI uri(String url) throws HarvestException {
        try {
            return URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new HarvestException("not a valid URL: " + url);
        }
    }

    private byte[] send(String method, String url, String body, String accept) throws HarvestException, InterruptedException {
        URI target = uri(url);
        try {
            for (int hop = 0;; hop++) {
                try {
                    addresses.check(target);
                } catch (SourceAddresses.RefusedAddressException e) {
                    throw new HarvestException(e.getMessage() + (hop == 0 ? "" : " (redirected from " + url + ")"));
                }
                HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofMinutes(2))
                        .header("User-Agent", "DataGrandEst-catalogue-harvester/1.0").header("Accept", accept);
                if ("POST".equals(method)) {
                    request.header("Content-Type", "application/xml; charset=UTF-8")
                            .POST(HttpRequest.BodyPublishers.ofString(body));
                } else {
                    request.GET();
                }
                HttpResponse<InputStream> response = http().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                int status = response.statusCode();
                if (List.of(301, 302, 303, 307, 308).contains(status)) {
                    response.body().close();
                    String location = response.headers().firstValue("Location").orElse(null);
                    if (location == null || hop >= MAX_REDIRECTS) {
                        throw new HarvestException(location == null ? "HTTP " + status + " without Location from " + target
                                : "more than " + MAX_REDIRECTS + " redirects from " + url);
                    }
                    try {
                        target = target.resolve(location.strip());
                    } catch (IllegalArgumentException e) {
                        throw new HarvestException("redirected to an invalid URL from " + target + ": " + location);
                    }
                    if (status == 303) {
                        method = "GET"; // "see other"; a moved CSW keeps its POST GetRecords (301, 302, 307, 308)
                    }
                    continue;
                }
                return read(response, url);
            }
        } catch (IOException e) {
            throw new HarvestException("the source cannot be read (" + url + "): " + e);
        }
    }

    private static byte[] read(HttpResponse<InputStream> response, String url) throws IOException, HarvestException {
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new HttpStatusException(response.statusCode(), url);
            }
            byte[] body = in.readNBytes((int) MAX_RESPONSE_BYTES + 1);
            if (body.length > MAX_RESPONSE_BYTES) {
                throw new HarvestException("the answer of " + url + " is larger than " + (MAX_RESPONSE_BYTES >> 20) + " MiB");
            }
            return body;
        }
    }

    private static Element first(Element from, String ns, String local) {
        List<Element> found = Dom.descendants(from, ns, local);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                out.add(c);
            }
        }
        return out;
    }

    private static long number(String s) {
        try {
            return s == null || s.isBlank() ? -1 : Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String sha256(byte[] content) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
