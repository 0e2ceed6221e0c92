package dev.mosaic.cli;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The user's own terminal during {@code mosaic attach}, in raw mode: every byte typed goes to the pane as is
 * (Ctrl-C, Ctrl-Z, Ctrl-S included), the pane's bytes reach the screen untouched. {@link #close()} puts back the
 * settings it found; callers make sure it runs on every way out.
 *
 * <p>Settings change through {@code stty} on stdin and through nothing else, so this class is their only writer.
 * It used JLine's exec terminal before, which runs {@code stty} too, from three threads of its own: its input
 * stream sets VMIN/VTIME from a snapshot it read moments earlier, and its shutdown hook writes its own restore. One
 * of those, started just before a SIGTERM, landed after our verified restore and left the terminal raw (about one
 * run in five of {@code AttachCommandTest#sigtermRestoresTheTerminal} on a loaded machine).
 */
final class LocalTerminal implements AutoCloseable {
    /**
     * Raw mode flag by flag: no signals from keys (Ctrl-C must reach the agent), no echo, no line editing, no CR/NL
     * translation either way (the pane sends {@code \r\n} itself), no flow control, one byte per read.
     */
    private static final List<String> RAW = List.of("-icanon", "-echo", "-echonl", "-isig", "-iexten", "-ixon",
            "-icrnl", "-inlcr", "-igncr", "-istrip", "-brkint", "-parmrk", "-opost", "min", "1", "time", "0");
    private static final int RESTORE_ATTEMPTS = 3;

    /** The settings as {@code stty -g} printed them at open: what close puts back. */
    private final String saved;
    private final InputStream input = new FileInputStream(FileDescriptor.in);
    private final OutputStream output = new FileOutputStream(FileDescriptor.out);
    private boolean closed;

    private LocalTerminal(String saved) {
        this.saved = saved;
    }

    /** Opens the process's controlling terminal; a {@link UsageError} when stdin is not one. */
    static LocalTerminal open() throws IOException {
        if (System.console() == null) {
            throw new UsageError("attach needs a terminal: stdin and stdout are not one");
        }
        String saved;
        try {
            saved = stty(List.of("-g")).strip();
            stty(RAW);
        } catch (IOException e) {
            throw new UsageError("attach needs a terminal: this one cannot be put in raw mode (" + e.getMessage()
                    + ")");
        }
        return new LocalTerminal(saved);
    }

    /** Runs stty on this process's terminal (its stdin); returns what it printed. */
    private static String stty(List<String> args) throws IOException {
        List<String> command = new ArrayList<>(args.size() + 1);
        command.add("stty");
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("stty " + String.join(" ", args) + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("stty " + String.join(" ", args) + " interrupted");
        }
        return printed;
    }

    /** The window's size, columns then rows; empty when the terminal does not say (0 0, or stty failed). */
    Optional<Size> size() {
        try {
            String[] rowsCols = stty(List.of("size")).strip().split("\\s+");
            Size size = new Size(Integer.parseInt(rowsCols[1]), Integer.parseInt(rowsCols[0]));
            return size.columns() > 0 && size.rows() > 0 ? Optional.of(size) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Calls {@code onResize} with the new size after each SIGWINCH. {@code sun.misc.Signal} is the JDK's one way to
     * catch a signal (the jdk.unsupported module exports it for exactly this).
     */
    void onResize(Consumer<Size> onResize) {
        sun.misc.Signal.handle(new sun.misc.Signal("WINCH"), signal -> size().ifPresent(onResize));
    }

    /** What the user types, unbuffered. */
    InputStream input() {
        return input;
    }

    /** The user's screen. */
    OutputStream output() {
        return output;
    }

    /**
     * Restores the settings found at open; safe to call twice and from a shutdown hook. The result is read back with
     * {@code stty -g} and written again until it holds, a few tries at most; if it never holds, the user is told how
     * to recover.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean interrupted = Thread.interrupted(); // a pending interrupt would cut the stty short
        try {
            output.flush();
            restoreSaved();
        } catch (IOException e) {
            System.err.println("\r\nmosaic: could not restore this terminal's settings (" + e.getMessage()
                    + "); `stty sane` does");
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void restoreSaved() throws IOException {
        String now = "";
        for (int attempt = 0; attempt < RESTORE_ATTEMPTS; attempt++) {
            stty(List.of(saved));
            now = stty(List.of("-g")).strip();
            if (now.equals(saved)) {
                return;
            }
        }
        throw new IOException("they read back as " + now + " after " + RESTORE_ATTEMPTS + " tries");
    }

    /** A window size in character cells. */
    record Size(int columns, int rows) {
    }
}
