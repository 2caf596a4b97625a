package fr.datagrandest.plugin.catalog.core.xml;

import java.util.ArrayList;
import java.util.List;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Walks a DOM by local names: {@code "identificationInfo/* /citation/CI_Citation/title"}. Prefixes in a path are
 * ignored (the schemas' namespace versions vary between catalogues; local names do not); {@code *} is any element.
 */
public final class Dom {

    private Dom() {
    }

    public static List<Element> all(Element from, String path) {
        List<Element> current = List.of(from);
        for (String step : path.split("/")) {
            String local = step.indexOf(':') >= 0 ? step.substring(step.indexOf(':') + 1) : step;
            List<Element> next = new ArrayList<>();
            for (Element e : current) {
                for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n instanceof Element child && ("*".equals(local) || local.equals(child.getLocalName()))) {
                        next.add(child);
                    }
                }
            }
            current = next;
            if (current.isEmpty()) {
                break;
            }
        }
        return current;
    }

    public static Element first(Element from, String path) {
        List<Element> found = all(from, path);
        return found.isEmpty() ? null : found.get(0);
    }

    /** Text of the element at path: for ISO wrappers, the text of its first child (CharacterString, Anchor, Date...). */
    public static String text(Element from, String path) {
        Element e = first(from, path);
        return e == null ? null : value(e);
    }

    public static List<String> texts(Element from, String path) {
        List<String> out = new ArrayList<>();
        for (Element e : all(from, path)) {
            String v = value(e);
            if (v != null && !out.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }

    /** An element's value: its first child element's text when it wraps one, its own text otherwise; null when blank. */
    public static String value(Element e) {
        Element child = firstChild(e);
        String v = child != null ? child.getTextContent() : e.getTextContent();
        if (v == null || v.isBlank()) {
            if (child != null && child.hasAttribute("codeListValue")) {
                return blankToNull(child.getAttribute("codeListValue"));
            }
            return null;
        }
        return v.strip();
    }

    public static String attribute(Element from, String path, String name) {
        Element e = first(from, path);
        if (e == null) {
            return null;
        }
        return blankToNull(e.getAttribute(name));
    }

    public static Element firstChild(Element e) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) {
                return child;
            }
        }
        return null;
    }

    /** Every descendant (and the element itself) with this namespace and local name, in document order. */
    public static List<Element> descendants(Element from, String namespace, String local) {
        List<Element> out = new ArrayList<>();
        collect(from, namespace, local, out);
        return out;
    }

    private static void collect(Element e, String namespace, String local, List<Element> out) {
        if (local.equals(e.getLocalName()) && (namespace == null || namespace.equals(e.getNamespaceURI()))) {
            out.add(e);
        }
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) {
                collect(child, namespace, local, out);
            }
        }
    }

    public static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
