package dev.mosaic.testing;

import dev.mosaic.model.Json;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A real `mosaic channel` child process with this test playing Claude Code on its stdio: it initializes, then
 * records every channel notification the agent would see, in the order they came. Its stderr goes to a file, so
 * tests can read what the channel logged.
 */
public final class AgentChannel implements AutoCloseable {
    /** One notification as the agent sees it. */
    public record Seen(String messageId, String fromId, String text, boolean redelivered) {
    }

    private final Process process;
    private final OutputStream stdin;
    /** One answer to a permission prompt, as Claude Code gets it. */
    public record Permission(String requestId, String behavior) {
    }

    private final List<Seen> seen = new ArrayList<>();
    private final List<Permission> permissions = new ArrayList<>();
    private final BlockingQueue<JsonNode> answers = new LinkedBlockingQueue<>();
    private final List<String> unreadable = new ArrayList<>();
    private final Thread reader;

    /**
     * Starts the channel with a pane's environment (MOSAIC_URL, MOSAIC_PANE_ID, MOSAIC_TOKEN) and sends initialize
     * and notifications/initialized, as Claude Code does.
     */
    public AgentChannel(Map<String, String> env, Path stderrLog) {
        this(env, stderrLog, channelCommand());
    }

    /**
     * Starts the channel as the child of a process standing in for Claude Code, started with these arguments: a
     * bash whose command line is {@code bash -c SCRIPT claude ARGS…}. Like Claude Code, it listens on its messaging
     * socket before it starts its MCP servers: it waits for {@code socketDir/<its pid>.sock} (the test makes it, a
     * {@link FakeClaudeSocket} named after {@link #pid()}), then starts the channel with that path as
     * {@code CLAUDE_CODE_MESSAGING_SOCKET}, and stays its parent.
     */
    public static AgentChannel underClaude(Map<String, String> env, Path stderrLog, Path socketDir,
                                           List<String> claudeArgs) {
        StringBuilder channel = new StringBuilder();
        for (String part : channelCommand()) {
            channel.append(" '").append(part.replace("'", "'\\''")).append('\'');
        }
        String script = "sock=\"$MOSAIC_TEST_SOCKET_DIR/$$.sock\"; while [ ! -S \"$sock\" ]; do sleep 0.02; done; "
                + "CLAUDE_CODE_MESSAGING_SOCKET=\"$sock\"" + channel + "; exit $?";
        List<String> cmd = new ArrayList<>(List.of("/bin/bash", "-c", script, "claude"));
        cmd.addAll(claudeArgs);
        Map<String, String> withDir = new java.util.HashMap<>(env);
        withDir.put("MOSAIC_TEST_SOCKET_DIR", socketDir.toString());
        return new AgentChannel(withDir, stderrLog, cmd);
    }

    private static List<String> channelCommand() {
        return List.of(ProcessHandle.current().info().command().orElse("java"),
                "-XX:TieredStopAtLevel=1", "-Xmx64m", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), "dev.mosaic.cli.Main", "channel");
    }

    private AgentChannel(Map<String, String> env, Path stderrLog, List<String> cmd) {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        // Nor Claude Code's messaging socket, when the tests run inside a Claude Code session: only the test's own.
        pb.environment().keySet().removeIf(k -> k.startsWith("MOSAIC_") || k.startsWith("CLAUDE_CODE_MESSAGING_"));
        pb.environment().putAll(env);
        pb.redirectError(ProcessBuilder.Redirect.appendTo(stderrLog.toFile()));
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        stdin = process.getOutputStream();
        reader = Thread.ofPlatform().daemon().name("agent-channel-stdout").start(this::readStdout);
        line("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"proof\",\"version\":\"1\"}}}");
        line("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    }

    /** The environment `mosaic join` gives a pane, with a home of its own and info logging (to prove no secrets). */
    public static Map<String, String> paneEnv(String hubUrl, TestHub.Pane pane, Path home) {
        return Map.of("MOSAIC_URL", hubUrl, "MOSAIC_PANE_ID", pane.id(), "MOSAIC_TOKEN", pane.token(),
                "MOSAIC_HOME", home.toString(), "MOSAIC_LOG", "debug");
    }

    private void readStdout() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null) {
                take(l);
            }
        } catch (IOException e) {
            // the process died: what it wrote before is all the agent saw
        }
    }

    private void take(String l) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(l);
        } catch (RuntimeException e) {
            // A line cut by kill -9 never reached the agent as a notification either.
            synchronized (this) {
                unreadable.add(l);
            }
            return;
        }
        if ("notifications/claude/channel".equals(n.path("method").asString(""))) {
            JsonNode meta = n.path("params").path("meta");
            synchronized (this) {
                seen.add(new Seen(meta.path("message_id").asString(""), meta.path("from_id").asString(""),
                        n.path("params").path("content").asString(""),
                        "true".equals(meta.path("redelivered").asString(""))));
            }
        } else if ("notifications/claude/channel/permission".equals(n.path("method").asString(""))) {
            synchronized (this) {
                permissions.add(new Permission(n.path("params").path("request_id").asString(""),
                        n.path("params").path("behavior").asString("")));
            }
        } else if (n.has("id")) {
            answers.add(n);
        }
    }

    /** Writes one line to the channel's stdin. */
    public void line(String jsonLine) {
        try {
            stdin.write((jsonLine + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The answers (JSON-RPC responses) read so far; each is handed out once. */
    public BlockingQueue<JsonNode> answers() {
        return answers;
    }

    public synchronized List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** The permission answers written so far, in order. */
    public synchronized List<Permission> permissions() {
        return List.copyOf(permissions);
    }

    public synchronized List<String> unreadableLines() {
        return List.copyOf(unreadable);
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** The process this test started: the channel, or the stand-in Claude Code of {@link #underClaude}. */
    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no unregistration, no flush, no goodbye. Waits until the process is gone and its stdout read. */
    public void kill9() {
        process.descendants().forEach(ProcessHandle::destroyForcibly); // the channel, under a stand-in Claude Code
        process.destroyForcibly();
        try {
            process.waitFor();
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill9();
    }
}
