package dev.mosaic.client;

/**
 * What a {@link TerminalConnection} receives. Called on the connection's receiving thread, one call at a time;
 * a call that blocks holds back the frames after it (backpressure to the hub).
 */
public interface TerminalListener {
    /** Raw bytes the pane's program wrote: the scrollback first, then live output. */
    void output(byte[] bytes);

    /** The pane's process exited with this code (128+n for signal n). */
    default void exited(int code) {
    }

    /** The hub refused something this connection sent ({@code exited}, {@code bad_request}, {@code busy}). */
    default void error(String code, String message) {
    }

    /** The socket closed (status 1006 when it broke without a close frame). Called once. */
    default void closed(int status, String reason) {
    }
}
