package dev.mosaic.pty;

/**
 * Where one viewer's output goes (a WebSocket, a test). Called from that viewer's own thread, one call at a time;
 * a call may block until its bytes are sent, which is how a slow viewer makes its queue grow.
 */
public interface ViewerSink {
    /** Bytes the terminal wrote, in order. */
    void output(byte[] bytes) throws Exception;

    /** The process exited with this code (128+n for signal n). */
    void exited(int code) throws Exception;

    /** Input or control from this viewer was refused; {@code code} is stable snake_case. */
    void error(String code, String message) throws Exception;

    /** The viewer is gone: closed, too slow (its queue overflowed), or its sink failed. Called once. */
    void closed(String reason);
}
