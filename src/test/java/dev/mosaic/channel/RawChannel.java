package dev.mosaic.channel;

import dev.mosaic.model.Json;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A `mosaic channel` child process driven line by line: for what an SDK client cannot do (write a malformed
 * line, close stdin, kill -9) and to see every byte the channel writes on stdout.
 */
final class RawChannel implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(60);

    final Process process;
    final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    final List<String> stderr = new CopyOnWriteArrayList<>();
    private final OutputStream stdin;
    private int nextId = 1;

    RawChannel(Map<String, String> env, String... jvmFlags) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(ChannelProcess.command(ChannelProcess.newMarker(), jvmFlags));
        pb.environment().keySet().removeIf(k -> k.startsWith("MOSAIC_") || k.startsWith("CLAUDE_CODE_MESSAGING_"));
        pb.environment().putAll(env);
        process = pb.start();
        stdin = process.getOutputStream();
        pump(process.getInputStream(), stdout::add, "stdout");
        pump(process.getErrorStream(), stderr::add, "stderr");
    }

    private static void pump(InputStream in, Consumer<String> sink, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "channel-" + name);
        t.setDaemon(true);
        t.start();
    }

    void send(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** The next line on stdout, parsed; fails after a generous wait. */
    JsonNode next() throws InterruptedException {
        String line = stdout.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new AssertionError("no line on the channel's stdout within " + WAIT + "; stderr: " + stderr);
        }
        return Json.MAPPER.readTree(line);
    }

    /** Sends a request and returns its answer (notifications in between are not expected here). */
    JsonNode request(String method, String params) throws IOException, InterruptedException {
        int id = nextId++;
        send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}");
        JsonNode answer = next();
        if (answer.path("id").asInt(-1) != id) {
            throw new AssertionError("expected the answer to request " + id + ", got " + answer);
        }
        return answer;
    }

    void initialize() throws IOException, InterruptedException {
        request("initialize", "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"raw-test\",\"version\":\"1\"}}");
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    }

    void closeStdin() throws IOException {
        stdin.close();
    }

    boolean exited(Duration within) throws InterruptedException {
        return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
