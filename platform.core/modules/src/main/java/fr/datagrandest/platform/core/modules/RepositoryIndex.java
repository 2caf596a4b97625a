package fr.datagrandest.platform.core.modules;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.osgi.framework.Version;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * An OSGi repository index (the XML format of the OSGi Repository specification, as bnd writes it): the bundles
 * it offers with their identity, description, licence, content (URL, SHA-256, size), capabilities and
 * requirements.
 */
record RepositoryIndex(String name, URI location, List<Offer> offers) {

    static final String NAMESPACE = "http://www.osgi.org/xmlns/repository/v1.0.0";

    /** A capability or a requirement of a resource: namespace, typed attributes, directives. */
    record Clause(String namespace, Map<String, Object> attributes, Map<String, String> directives) {
    }

    /** One bundle offered by a repository. */
    record Offer(String symbolicName, Version version, String description, String license, URI url, String sha256,
            long size, List<Clause> capabilities, List<Clause> requirements) {

        String label() {
            return symbolicName + " " + version;
        }
    }

    /** Reads an index (plain or gzip-compressed); {@code location} resolves the relative URLs of the bundles. */
    static RepositoryIndex read(InputStream raw, URI location) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        InputStream body = b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(in) : in;
        Document document;
        try {
            document = parser().parse(body);
        } catch (SAXException e) {
            throw new InvalidIndex("not an XML document (" + e.getMessage() + ")");
        }
        Element root = document.getDocumentElement();
        if (!"repository".equals(root.getLocalName()) || !NAMESPACE.equals(root.getNamespaceURI())) {
            throw new InvalidIndex("not an OSGi repository index: the root element is <" + root.getNodeName()
                    + "> and not <repository xmlns=\"" + NAMESPACE + "\">");
        }
        List<Offer> offers = new ArrayList<>();
        for (Element resource : children(root, "resource")) {
            List<Clause> capabilities = children(resource, "capability").stream().map(RepositoryIndex::clause).toList();
            List<Clause> requirements = children(resource, "requirement").stream().map(RepositoryIndex::clause).toList();
            Clause identity = capabilities.stream().filter(c -> c.namespace().equals("osgi.identity")).findFirst()
                    .orElseThrow(() -> new InvalidIndex("a resource has no osgi.identity capability"));
            String type = String.valueOf(identity.attributes().getOrDefault("type", "osgi.bundle"));
            if (!type.equals("osgi.bundle") && !type.equals("osgi.fragment")) {
                continue; // not something the framework installs
            }
            Clause content = capabilities.stream().filter(c -> c.namespace().equals("osgi.content")).findFirst()
                    .orElseThrow(() -> new InvalidIndex(identity.attributes().get("osgi.identity") + " has no osgi.content capability (URL and SHA-256)"));
            String bsn = String.valueOf(identity.attributes().get("osgi.identity"));
            Object version = identity.attributes().get("version");
            String sha = String.valueOf(content.attributes().get("osgi.content")).toLowerCase(java.util.Locale.ROOT);
            if (!sha.matches("[0-9a-f]{64}")) {
                throw new InvalidIndex(bsn + " has no SHA-256 in its osgi.content capability");
            }
            Object url = content.attributes().get("url");
            if (url == null) {
                throw new InvalidIndex(bsn + " has no URL in its osgi.content capability");
            }
            URI resolved;
            try {
                resolved = location.resolve(new URI(url.toString().strip().replace(" ", "%20")));
            } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                throw new InvalidIndex(bsn + " has a URL that is not one: " + url);
            }
            // An index from the network may only point to the network, never to this machine's files.
            if (isHttp(location) && !isHttp(resolved)) {
                throw new InvalidIndex(bsn + " has a URL outside HTTP(S), refused in an index served over HTTP: " + url);
            }
            Object size = content.attributes().get("size");
            offers.add(new Offer(bsn, version instanceof Version v ? v : Version.parseVersion(String.valueOf(version)),
                    string(identity.attributes().get("description")), string(identity.attributes().get("license")),
                    resolved, sha, size instanceof Long l ? l : -1, capabilities, requirements));
        }
        return new RepositoryIndex(root.getAttribute("name"), location, List.copyOf(offers));
    }

    private static boolean isHttp(URI uri) {
        return "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
    }

    private static String string(Object value) {
        return value == null ? "" : value.toString();
    }

    private static Clause clause(Element element) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        Map<String, String> directives = new LinkedHashMap<>();
        for (Element attribute : children(element, "attribute")) {
            attributes.put(attribute.getAttribute("name"), typed(attribute.getAttribute("type"), attribute.getAttribute("value")));
        }
        for (Element directive : children(element, "directive")) {
            directives.put(directive.getAttribute("name"), directive.getAttribute("value"));
        }
        return new Clause(element.getAttribute("namespace"), Map.copyOf(attributes), Map.copyOf(directives));
    }

    /** Attribute values with the types filters compare them by (a version range filter needs a Version). */
    static Object typed(String type, String value) {
        try {
            return switch (type == null || type.isEmpty() ? "String" : type) {
                case "Version" -> Version.parseVersion(value);
                case "Long" -> Long.valueOf(value.strip());
                case "Double" -> Double.valueOf(value.strip());
                case "List<String>" -> Arrays.stream(value.split(",")).map(String::strip).toList();
                case "List<Version>" -> Arrays.stream(value.split(",")).map(String::strip).map(Version::parseVersion).toList();
                case "List<Long>" -> Arrays.stream(value.split(",")).map(String::strip).map(Long::valueOf).toList();
                default -> value;
            };
        } catch (IllegalArgumentException e) {
            throw new InvalidIndex("the value '" + value + "' is not of type " + type);
        }
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element e && localName.equals(e.getLocalName())) {
                found.add(e);
            }
        }
        return found;
    }

    /** Namespace-aware, with DTDs and external entities off: an index comes from the network. */
    private static DocumentBuilder parser() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be configured safely", e);
        }
    }

    /** The document is not a repository index; the message says what is wrong. */
    static final class InvalidIndex extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidIndex(String message) {
            super(message);
        }
    }
}
