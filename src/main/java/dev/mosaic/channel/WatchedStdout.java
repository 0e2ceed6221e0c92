package dev.mosaic.channel;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * stdout as the MCP transport and the push path share it. The SDK writes each JSON-RPC message with one
 * {@code write(byte[])} call, then a newline and a flush, all while holding this object's monitor; other writers of
 * whole lines (pushed notifications, the stdin filter's error answers) hold the same monitor through
 * {@link #writeLine}, so lines never interleave.
 */
final class WatchedStdout extends OutputStream {
    private final OutputStream out;

    WatchedStdout(OutputStream out) {
        this.out = out;
    }

    /** Writes one complete line and flushes it, never interleaving with the SDK's own messages. */
    void writeLine(byte[] json) throws IOException {
        synchronized (this) {
            write(json);
            write('\n');
            flush();
        }
    }

    /** Writes complete lines, in order, with one flush: a pushed batch reaches Claude Code in one go. */
    void writeLines(List<byte[]> lines) throws IOException {
        synchronized (this) {
            for (byte[] json : lines) {
                write(json);
                write('\n');
            }
            flush();
        }
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
