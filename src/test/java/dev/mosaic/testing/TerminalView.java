package dev.mosaic.testing;

import dev.mosaic.client.HubAddress;
import dev.mosaic.client.TerminalConnection;
import dev.mosaic.client.TerminalListener;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;

/** One viewer of a pane's terminal WebSocket, keeping all it received so tests can wait for text in it. */
public final class TerminalView implements TerminalListener, AutoCloseable {
    public static final Duration PATIENCE = Duration.ofSeconds(30);

    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private volatile OptionalInt exitCode = OptionalInt.empty();
    private volatile int closeStatus;
    private final TerminalConnection connection;

    public TerminalView(String hubUrl, String operatorToken, String paneId) {
        this.connection = TerminalConnection.open(new HubAddress(hubUrl, operatorToken, null), paneId, this);
    }

    public TerminalConnection connection() {
        return connection;
    }

    public void type(String s) {
        connection.sendInput(s.getBytes(StandardCharsets.UTF_8));
    }

    public String text() {
        synchronized (received) {
            return received.toString(StandardCharsets.UTF_8);
        }
    }

    /** Waits until the output holds s, and says what it held if it never does. */
    public void awaitText(String s) {
        await().atMost(PATIENCE).alias("terminal output containing " + s).until(() -> text().contains(s));
    }

    public OptionalInt exitCode() {
        return exitCode;
    }

    public List<String> errors() {
        return errors;
    }

    public int closeStatus() {
        return closeStatus;
    }

    @Override
    public void output(byte[] bytes) {
        synchronized (received) {
            received.writeBytes(bytes);
        }
    }

    @Override
    public void exited(int code) {
        exitCode = OptionalInt.of(code);
    }

    @Override
    public void error(String code, String message) {
        errors.add(code + ": " + message);
    }

    @Override
    public void closed(int status, String reason) {
        closeStatus = status;
    }

    @Override
    public void close() {
        connection.close();
    }

    @Override
    public String toString() {
        return text().replace("\r", "\\r").replace("\u001b", "\\e");
    }
}
