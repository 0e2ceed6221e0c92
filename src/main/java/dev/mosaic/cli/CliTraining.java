package dev.mosaic.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The training run behind the launcher's AOT cache for short CLI commands (BENCHMARKS.md): runs {@code panes},
 * {@code send}, {@code inbox}, {@code status} and a help page in one JVM against a stand-in hub on loopback that
 * answers with fixed JSON, so the cache holds the classes those commands load (picocli, the HTTP client, Jackson)
 * and none of the hub's. Started by {@code ./mosaic} with {@code -XX:AOTCacheOutput}; prints nothing useful.
 */
public final class CliTraining {
    private static final String PANE = """
            {"id":"p1","name":"Peer","kind":"joined","status":"live","delivery":"push","agent_state":"idle",\
            "unread":1,"created_at":"2026-01-01T00:00:00.000Z"}""";
    private static final String MESSAGE = """
            {"id":"m1","seq":1,"from_id":"p1","from_name":"Peer","to_id":"p2","to_name":"Me","text":"hello",\
            "thread_id":"m1","created_at":"2026-01-01T00:00:00.000Z","status":"read","delivered_via":"poll"}""";

    private CliTraining() {
    }

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", CliTraining::answer);
        server.start();
        Path home = Files.createTempDirectory("mosaic-cli-training");
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            Files.writeString(home.resolve("hub.json"), "{\"url\":\"" + url + "\",\"token\":\"training\"}");
            Map<String, String> operator = Map.of("MOSAIC_HOME", home.toString());
            Map<String, String> pane = Map.of("MOSAIC_URL", url, "MOSAIC_TOKEN", "training", "MOSAIC_PANE_ID", "p2");
            PrintWriter sink = new PrintWriter(Writer.nullWriter());
            for (int round = 0; round < 3; round++) {
                expect(Cli.OK, Cli.build(operator, sink, sink).execute("panes"), "panes");
                expect(Cli.OK, Cli.build(operator, sink, sink).execute("status"), "status");
                expect(Cli.OK, Cli.build(pane, sink, sink).execute("send", "Peer", "hello"), "send");
                expect(Cli.OK, Cli.build(pane, sink, sink).execute("inbox"), "inbox");
                expect(Cli.OK, Cli.build(pane, sink, sink).execute("inbox", "--json"), "inbox --json");
                expect(Cli.OK, Cli.build(operator, sink, sink).execute("send", "--help"), "send --help");
                expect(Cli.USAGE, Cli.build(operator, sink, sink).execute("panes", "--bogus"), "panes --bogus");
            }
        } finally {
            server.stop(0);
            Files.deleteIfExists(home.resolve("hub.json"));
            Files.deleteIfExists(home);
        }
    }

    /** A training run that took another path than the commands' usual one would train the wrong classes. */
    private static void expect(int code, int got, String command) {
        if (got != code) {
            throw new IllegalStateException("training: mosaic " + command + " exited " + got + ", not " + code);
        }
    }

    private static void answer(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        int status = 200;
        String body;
        if (path.equals("/api/v1/health")) {
            body = "{\"status\":\"ok\",\"version\":\"training\"}";
        } else if (path.equals("/api/v1/panes")) {
            body = "{\"panes\":[" + PANE + "]}";
        } else if (path.equals("/api/v1/messages")) {
            status = 201;
            body = "{\"messages\":[{\"id\":\"m2\",\"to_id\":\"p1\",\"to_name\":\"Peer\",\"thread_id\":\"m2\","
                    + "\"status\":\"queued\"}]}";
        } else if (path.endsWith("/inbox")) {
            body = "{\"messages\":[" + MESSAGE + "]}";
        } else {
            status = 404;
            body = "{\"error\":\"no such endpoint\",\"code\":\"not_found\"}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }
}
