package fr.datagrandest.plugin.catalog.core.csw;

/** An OWS exception: answered as an ows:ExceptionReport with this code and locator (HTTP 400). */
public class CswException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String code;
    private final String locator;
    private final int status;

    public CswException(String code, String locator, String message) {
        this(code, locator, message, 400);
    }

    public CswException(String code, String locator, String message, int status) {
        super(message);
        this.code = code;
        this.locator = locator;
        this.status = status;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String locator() {
        return locator;
    }

    static CswException invalid(String locator, String message) {
        return new CswException("InvalidParameterValue", locator, message);
    }

    static CswException missing(String locator) {
        return new CswException("MissingParameterValue", locator, "the parameter " + locator + " is required");
    }
}
