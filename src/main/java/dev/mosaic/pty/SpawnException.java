package dev.mosaic.pty;

/** A spawn refused before any process ran: the command cannot be run, or the directory is not one. */
public final class SpawnException extends Exception {
    /** What was wrong. */
    public enum Reason {
        BAD_COMMAND,
        BAD_CWD
    }

    private final Reason reason;

    public SpawnException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
