package fr.datagrandest.plugin.catalog.core.xml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The one way this bundle reads XML: namespace aware, no DTD at all. Refusing every DOCTYPE blocks external
 * entities (XXE) and entity expansion ("billion laughs") before anything is read from disk or network.
 */
public final class SafeXml {

    private final DocumentBuilderFactory factory;

    public SafeXml() {
        factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the XML parser cannot be hardened", e);
        }
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    }

    public Document parse(byte[] content) throws InvalidXmlException {
        return parse(new ByteArrayInputStream(content));
    }

    public Document parse(InputStream content) throws InvalidXmlException {
        try {
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(QUIET);
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are refused");
            });
            return builder.parse(content);
        } catch (SAXParseException e) {
            throw new InvalidXmlException(describe(e), e.getLineNumber());
        } catch (SAXException e) {
            throw new InvalidXmlException(describe(e), -1);
        } catch (IOException e) {
            throw new InvalidXmlException("the document cannot be read: " + e.getMessage(), -1);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String describe(SAXException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("DOCTYPE") || message.contains("external entities")) {
            return "document type declarations (DOCTYPE, entities) are refused: they allow external entity (XXE)"
                    + " and entity expansion attacks";
        }
        return "malformed XML: " + message;
    }

    private static final ErrorHandler QUIET = new ErrorHandler() {
        @Override
        public void warning(SAXParseException exception) {
        }

        @Override
        public void error(SAXParseException exception) throws SAXException {
            throw exception;
        }

        @Override
        public void fatalError(SAXParseException exception) throws SAXException {
            throw exception;
        }
    };
}
