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

/**
 * The user's own terminal during {@code mosaic attach}, in raw mode: every byte typed goes to the pane as is
 * (Ctrl-C, Ctrl-Z, Ctrl-S included), the pane's bytes reach the screen untouched. {@link #close()} puts back the
 * settings it found; callers make sure it runs on every way out.
 */
final class LocalTerminal implements AutoCloseable {
    private final Terminal terminal;
    private final Attributes original;
    private boolean closed;

    private LocalTerminal(Terminal terminal) {
        this.terminal = terminal;
        this.original = terminal.getAttributes();
    }

    /** Opens the process's controlling terminal; a {@link UsageError} when stdin is not one. */
    static LocalTerminal open() throws IOException {
        if (System.console() == null) {
            throw new UsageError("attach needs a terminal: stdin and stdout are not one");
        }
        // The exec provider runs `stty` on /dev/tty: no native library, and the same on every JDK.
        Terminal terminal = TerminalBuilder.builder().system(true).provider("exec").nativeSignals(true)
                .signalHandler(Terminal.SignalHandler.SIG_IGN).build();
        if (Terminal.TYPE_DUMB.equals(terminal.getType()) || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())) {
            terminal.close();
            throw new UsageError("attach needs a terminal: this one cannot be put in raw mode");
        }
        LocalTerminal local = new LocalTerminal(terminal);
        local.enterRaw();
        return local;
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

    /** Restores the settings found at open; safe to call twice and from a shutdown hook. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            terminal.setAttributes(original);
            terminal.output().flush();
        } catch (IOException | RuntimeException e) {
            // The terminal may be gone (hang-up); close it anyway.
        } finally {
            try {
                terminal.close();
            } catch (IOException e) {
                // nothing left to restore
            }
        }
    }
}
