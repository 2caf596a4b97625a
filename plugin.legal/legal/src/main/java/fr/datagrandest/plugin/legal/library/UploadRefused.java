package fr.datagrandest.plugin.legal.library;

/** An attachment that is refused before anything is stored: the HTTP status and what is wrong, for the user. */
public class UploadRefused extends Exception {

    private static final long serialVersionUID = 1L;
    private final int status;

    public UploadRefused(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
