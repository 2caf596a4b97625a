package fr.datagrandest.plugin.catalog.core.parse;

/** A document the catalogue will not import; the message tells the user why, in plain words. */
public class RefusedDocumentException extends Exception {
    private static final long serialVersionUID = 1L;

    public RefusedDocumentException(String message) {
        super(message);
    }
}
