package dev.mosaic.cli;

import org.jline.terminal.Attributes;
import org.jline.terminal.Attributes.ControlChar;
import org.jline.terminal.Attributes.InputFlag;
import org.jline.terminal.Attributes.LocalFlag;
import org.jline.terminal.Attributes.OutputFlag;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;

/**
 * The user's own terminal during {@code mosaic attach}, in raw mode: every byte typed goes to the pane as is
 * (Ctrl-C, Ctrl-Z, Ctrl-S included), the pane's bytes reach the screen untouched. {@link #close()} puts back the
 * settings it found; callers make sure it runs on every way out.
 */
final class LocalTerminal implements AutoCloseable {
    private static final int RESTORE_ATTEMPTS = 3;
    private static final java.time.Duration CHILDREN_PATIENCE = java.time.Duration.ofSeconds(2);

    private final Terminal terminal;
    private final Attributes original;
    /** The settings as {@code stty -g} printed them at open: what close puts back. */
    private final String savedStty;
    private boolean closed;

    private LocalTerminal(Terminal terminal, String savedStty) {
        this.terminal = terminal;
        this.original = terminal.getAttributes();
        this.savedStty = savedStty;
    }

    /** Opens the process's controlling terminal; a {@link UsageError} when stdin is not one. */
    static LocalTerminal open() throws IOException {
        if (System.console() == null) {
            throw new UsageError("attach needs a terminal: stdin and stdout are not one");
        }
        // The exec provider runs `stty` on /dev/tty: no native library, and the same on every JDK. No grapheme
        // cluster probe: JLine would write queries (ESC[?2027$p, ESC[c) whose late answers the pane would get as keys.
        Terminal terminal = TerminalBuilder.builder().system(true).provider("exec").graphemeCluster(false)
                .nativeSignals(true)
                .signalHandler(Terminal.SignalHandler.SIG_IGN).build();
        if (Terminal.TYPE_DUMB.equals(terminal.getType()) || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())) {
            terminal.close();
            throw new UsageError("attach needs a terminal: this one cannot be put in raw mode");
        }
        LocalTerminal local = new LocalTerminal(terminal, stty("-g").strip());
        local.enterRaw();
        return local;
    }

    /** Runs stty on this process's terminal (its stdin); returns what it printed. */
    private static String stty(String arg) throws IOException {
        Process p = new ProcessBuilder("stty", arg).redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String printed = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        try {
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("stty " + arg + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("stty " + arg + " interrupted");
        }
        return printed;
    }

    /**
     * Raw mode set flag by flag rather than trusting {@code enterRawMode()}, whose choices differ between JLine
     * versions (ISIG stayed on before 4.1.3, VMIN was 0 before 4.1.1): with ISIG on, Ctrl-C would stop attach
     * instead of reaching the agent.
     */
    private void enterRaw() {
        Attributes raw = new Attributes(original);
        raw.setLocalFlags(EnumSet.of(LocalFlag.ICANON, LocalFlag.ECHO, LocalFlag.ECHONL, LocalFlag.ISIG,
                LocalFlag.IEXTEN), false);
        raw.setInputFlags(EnumSet.of(InputFlag.IXON, InputFlag.ICRNL, InputFlag.INLCR, InputFlag.IGNCR,
                InputFlag.ISTRIP, InputFlag.BRKINT, InputFlag.PARMRK), false);
        raw.setOutputFlags(EnumSet.of(OutputFlag.OPOST), false); // the pane sends \r\n itself
        raw.setControlChar(ControlChar.VMIN, 1);
        raw.setControlChar(ControlChar.VTIME, 0);
        terminal.setAttributes(raw);
    }

    /** Calls {@code onResize} with the new size after each SIGWINCH. */
    void onResize(java.util.function.Consumer<Size> onResize) {
        terminal.handle(Terminal.Signal.WINCH, signal -> onResize.accept(terminal.getSize()));
    }

    Size size() {
        return terminal.getSize();
    }

    InputStream input() {
        return terminal.input();
    }

    OutputStream output() {
        return terminal.output();
    }

    /**
     * Restores the settings found at open; safe to call twice and from a shutdown hook. JLine's close (which also
     * restores, with VMIN/VTIME of its own) goes first and our {@code stty} with the saved {@code -g} string last:
     * at JVM shutdown JLine's own hook closes the terminal too, and whichever restore came last used to win. The
     * result is read back with {@code stty -g} and written again until it holds, because a restore racing another
     * thread's {@code stty} was once seen lost at shutdown; if it never holds, the user is told how to recover.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean interrupted = Thread.interrupted(); // a pending interrupt would cut the stty short
        try {
            terminal.output().flush();
            terminal.close();
        } catch (IOException | RuntimeException e) {
            // the terminal may be gone (hang-up); our stty below still tries
        }
        try {
            restoreSaved();
        } catch (IOException e) {
            try {
                terminal.setAttributes(original);
            } catch (RuntimeException again) {
                // the terminal is gone (hang-up): nothing is left to restore
            }
            System.err.println("\r\nmosaic: could not restore this terminal's settings (" + e.getMessage()
                    + "); `stty sane` does");
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Writes the saved settings until {@code stty -g} reads them back, a few tries at most. JLine changes the settings
     * through {@code stty} children of its own; one started on another thread just before shutdown outlives the JVM
     * and lands after our restore (CI once saw VMIN/VTIME set that way after a verified restore), so each write and
     * each read-back waits for this process's other children to end first.
     */
    private void restoreSaved() throws IOException {
        String now = "";
        for (int attempt = 0; attempt < RESTORE_ATTEMPTS; attempt++) {
            awaitOtherChildren();
            stty(savedStty);
            awaitOtherChildren();
            now = stty("-g").strip();
            if (now.equals(savedStty)) {
                return;
            }
        }
        throw new IOException("they read back as " + now + " after " + RESTORE_ATTEMPTS + " tries");
    }

    /** Waits, up to {@link #CHILDREN_PATIENCE} in all, for the processes this JVM started to end. */
    private static void awaitOtherChildren() {
        long deadline = System.nanoTime() + CHILDREN_PATIENCE.toNanos();
        for (ProcessHandle child : ProcessHandle.current().children().toList()) {
            try {
                child.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                // still running: restore anyway, and read back
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
