package dev.mosaic.client;

/**
 * The hub refused a call (status and code from its JSON error), or could not be reached (status 0, code
 * "unreachable"), or the client is misconfigured (status 0, code "config").
 */
public class HubException extends RuntimeException {
    private final int status;
    private final String code;

    public HubException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public boolean unreachable() {
        return code.equals("unreachable");
    }
}
