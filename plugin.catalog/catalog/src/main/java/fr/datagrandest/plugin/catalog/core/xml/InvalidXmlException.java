package fr.datagrandest.plugin.catalog.core.xml;

/** A document that is not well-formed XML, or that uses a DTD (refused). The message is for users. */
public class InvalidXmlException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;

    public InvalidXmlException(String message, int line) {
        super(line > 0 ? message + " (line " + line + ")" : message);
        this.line = line;
    }

    public int line() {
        return line;
    }
}
