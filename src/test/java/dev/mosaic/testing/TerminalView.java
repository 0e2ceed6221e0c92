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
        await().atMost(PATIENCE).untilAsserted(() -> {
            String t = text();
            if (!t.contains(s)) {
                throw new AssertionError("terminal output never contained " + visible(s) + "; it ends with "
                        + visible(t.substring(Math.max(0, t.length() - 400))));
            }
        });
    }

    /** Waits until s occurs at least n times in the output. */
    public void awaitCount(String s, int n) {
        await().atMost(PATIENCE).alias(n + " times " + s).until(() -> text().split(java.util.regex.Pattern.quote(s),
                -1).length - 1 >= n);
    }

    public long bytesReceived() {
        synchronized (received) {
            return received.size();
        }
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
        return visible(text());
    }

    private static String visible(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n").replace("\u001b", "\\e");
    }
}
