package dev.mosaic.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One {@code mosaic attach}: the user's terminal wired to a pane's terminal WebSocket until the user detaches
 * ({@code Ctrl-]}), the process exits, or the hub goes away. Typed bytes go out as they are read; the pane's bytes
 * are written to the screen as they come; the window size goes out at the start and after each SIGWINCH.
 */
final class AttachSession {
    /** Ctrl-]: the byte that detaches, as in telnet. It never reaches the pane. */
    static final byte DETACH = 0x1d;

    /** The pane's side: what attach may send. */
    interface Link {
        void input(byte[] bytes);

        void resize(int cols, int rows);

        void close();
    }

    /** How the session ended. */
    sealed interface End {
        /** The user pressed Ctrl-]. */
        record Detached() implements End {
        }

        /** The pane's process exited with this code. */
        record Exited(int code) implements End {
        }

        /** The connection closed or failed before either. */
        record Lost(String reason) implements End {
        }
    }

    private final CompletableFuture<End> end = new CompletableFuture<>();
    private final OutputStream screen;

    AttachSession(OutputStream screen) {
        this.screen = screen;
    }

    /** Output from the pane. */
    void output(byte[] bytes) {
        try {
            synchronized (screen) {
                screen.write(bytes);
                screen.flush();
            }
        } catch (IOException e) {
            end.complete(new End.Lost("cannot write to this terminal: " + e.getMessage()));
        }
    }

    void exited(int code) {
        end.complete(new End.Exited(code));
    }

    void lost(String reason) {
        end.complete(new End.Lost(reason));
    }

    /**
     * Sends the size, then pumps {@code keyboard} into {@code link} on a daemon thread (a blocked terminal read
     * cannot be interrupted, and must not keep the JVM alive) until the session ends; returns how it ended.
     */
    End run(InputStream keyboard, Link link, int cols, int rows) throws InterruptedException {
        Thread pump = null;
        try {
            // The scrollback may already be on screen and the hub gone again before the size goes out.
            link.resize(cols, rows);
            pump = Thread.ofPlatform().daemon().name("mosaic-attach-keys").start(() -> pump(keyboard, link));
            return end.get();
        } catch (RuntimeException e) {
            end.complete(new End.Lost(e.getMessage()));
            return end.join();
        } catch (ExecutionException e) {
            return new End.Lost(String.valueOf(e.getCause()));
        } finally {
            if (pump != null) {
                pump.interrupt();
            }
            link.close();
        }
    }

    private void pump(InputStream keyboard, Link link) {
        byte[] buf = new byte[4096];
        try {
            int n;
            while (!end.isDone() && (n = keyboard.read(buf)) >= 0) {
                int detach = indexOf(buf, n, DETACH);
                int upTo = detach < 0 ? n : detach;
                if (upTo > 0) {
                    link.input(Arrays.copyOf(buf, upTo));
                }
                if (detach >= 0) {
                    end.complete(new End.Detached());
                    return;
                }
            }
            end.complete(new End.Lost("this terminal's input ended"));
        } catch (IOException | UncheckedIOException e) {
            end.complete(new End.Lost("cannot read this terminal: " + e.getMessage()));
        } catch (RuntimeException e) {
            end.complete(new End.Lost(String.valueOf(e)));
        }
    }

    private static int indexOf(byte[] buf, int n, byte b) {
        for (int i = 0; i < n; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
