package fr.datagrandest.plugin.maps.core;

/** Input a user sent that cannot be used; the message says what is wrong and is shown to the user. */
public class BadInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final int status;

    public BadInputException(String message) {
        this(400, message);
    }

    public BadInputException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status: 400, 404, 413 or 415. */
    public int status() {
        return status;
    }
}
