package fr.datagrandest.plugin.ocs.core;

import java.util.Map;

/** Input a user sent that cannot be imported; becomes a 4xx problem with a precise message and details. */
public class OcsInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Map<String, Object> details;

    public OcsInputException(int status, String message) {
        this(status, message, Map.of());
    }

    public OcsInputException(int status, String message, Map<String, Object> details) {
        super(message);
        this.status = status;
        this.details = details;
    }

    public int status() {
        return status;
    }

    public Map<String, Object> details() {
        return details;
    }
}
