package dev.mosaic.cli;

import dev.mosaic.testing.TestHub;
import dev.mosaic.testing.TestHub.Pane;
import dev.mosaic.model.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The launcher's path without a JVM (lib/fastcli.py, for send, inbox, panes and status) against the Java CLI on one
 * hub: the same stdout, stderr and exit code. The fast path runs as a real process with MOSAIC_FAST=only, so a
 * hand-over to the Java CLI would show as exit 3; the Java CLI runs in-process (Cli.build: its whole code but the
 * JVM's start).
 */
class CliFastPathTest {
    private static final Path LAUNCHER = Path.of("mosaic").toAbsolutePath();
    /** Text an agent could send to make a terminal act: CSI, OSC (terminated, or cut off by the end), bidi. */
    private static final String HOSTILE = "red \u001b[31mRED\u001b[0m \u001b]0;title\u0007 clip \u001b]52;c;aGk=\u001b\\ "
            + "\u202eevil\u202c \u009b2J end\tTab\r\nline two \u00e9 \ud83c\udf89\n\nlast \u001b]8;;http://x\u2028";

    @TempDir
    Path home;

    TestHub hub;
    Pane alice;
    Pane bob;

    /** What one run printed and returned. */
    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void start() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")) || onPath("python3"), "no python3 here");
        hub = new TestHub(home);
        alice = hub.join("Alice");
        bob = hub.join("\ud835\udc9cbel"); // a letter outside the BMP: two UTF-16 units, one column in the table
    }

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private Map<String, String> operator() {
        return Map.of("MOSAIC_HOME", home.toString());
    }

    private Map<String, String> as(Pane p) {
        return Map.of("MOSAIC_URL", hub.url(), "MOSAIC_PANE_ID", p.id(), "MOSAIC_TOKEN", p.token(),
                "MOSAIC_HOME", home.toString());
    }

    private Run java(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cli.build(env, new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Run fast(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return launcher(LAUNCHER, env, "only", "", args);
    }

    private static Run launcher(Path launcher, Map<String, String> env, String fastMode, String stdin, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("MOSAIC_"));
        pb.environment().putAll(env);
        pb.environment().put("MOSAIC_FAST", fastMode);
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the launcher finished").isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private void same(Map<String, String> env, String... args) throws Exception {
        Run fast = fast(env, args);
        assertThat(fast).as("mosaic %s", String.join(" ", args)).isEqualTo(java(env, args));
    }

    /** Message ids differ between two sends; everything else must not. */
    private static Run withoutIds(Run r) {
        String ids = "[0-9A-HJKMNP-TV-Z]{26}";
        return new Run(r.exit(), r.out().replaceAll(ids, "<id>").replaceAll("\"seq\":[0-9]+", "\"seq\":0")
                .replaceAll("\"(created_at|thread_id)\":\"[^\"]*\"", "\"$1\":\"<t>\""), r.err());
    }

    @Test
    void panesAndStatusPrintTheSameAsTheJavaCli() throws Exception {
        hub.send(alice.token(), bob.name(), "hi");
        // An agent state from a hook, and a lead whose name is wider than the LEAD column's title (not for Alice).
        Pane lead = hub.join("\ud835\udc9cbel-the-lead");
        assertThat(hub.api().post(alice.token(), "/api/v1/panes/" + alice.id() + "/agent-events",
                "{\"session_id\":\"s-1\",\"hook_event_name\":\"Stop\"}").status()).isEqualTo(200);
        assertThat(hub.api().put(hub.op(), "/api/v1/panes/" + bob.id() + "/lead", "{\"lead\":\"" + lead.id() + "\"}")
                .status()).isEqualTo(200);
        for (Map<String, String> env : List.of(operator(), as(alice))) {
            same(env, "panes");
            same(env, "panes", "--all");
            same(env, "panes", "--json");
            same(env, "panes", "--all", "--json");
            same(env, "status");
        }
        List<String> rows = fast(operator(), "panes").out().lines().toList();
        assertThat(rows.get(0)).contains("  AGENT           LEAD            UNREAD  ID");
        assertThat(rows).filteredOn(r -> r.startsWith(bob.name() + " ")).singleElement().asString()
                .contains("  live  ").contains("  unknown         \ud835\udc9cbel-the-lead  ");
        assertThat(rows).filteredOn(r -> r.startsWith("Alice ")).singleElement().asString()
                .contains("  idle            -              ");
    }

    @Test
    void anEmptyHubPrintsTheSame(@TempDir Path other) throws Exception {
        try (TestHub empty = new TestHub(other)) {
            Map<String, String> env = Map.of("MOSAIC_HOME", other.toString());
            same(env, "panes");
            same(env, "status");
            same(env, "inbox", "--peek");
        }
    }

    @Test
    void theInboxPrintsWhatAgentsSentAsTheJavaCliDoes() throws Exception {
        // Sent through the API, so both paths read the very same stored messages (peek leaves them queued).
        hub.send(alice.token(), bob.name(), HOSTILE);
        hub.api().post(alice.token(), "/api/v1/messages", "{\"to\":\"" + bob.id() + "\",\"subject\":\"s\\u001b[2Jub\","
                + "\"text\":\"\\u202eabc\\u0007\\u0000x\"}");
        hub.send(alice.token(), "operator", "to the human \u001b]0;x");
        for (Map<String, String> env : List.of(as(bob), operator(), as(alice))) {
            same(env, "inbox", "--peek");
            same(env, "inbox", "--peek", "--json");
            same(env, "inbox", "--peek", "--limit", "1");
            same(env, "inbox", "--limit=1", "--peek", "--all");
            same(env, "inbox", "--peek", "--wait", "0.5");
        }
        Run peeked = java(as(bob), "inbox", "--peek");
        Run read = fast(as(bob), "inbox");
        assertThat(read).as("read, they are marked so").isEqualTo(peeked);
        assertThat(read.out()).contains("red RED  clip  evil  end\tTab").doesNotContain("\u001b").doesNotContain("\u202e");
        assertThat(fast(as(bob), "inbox")).isEqualTo(java(as(bob), "inbox")).isEqualTo(new Run(0, "No new messages.\n", ""));
    }

    @Test
    void aSendPrintsTheSameAndStoresTheSame() throws Exception {
        Run fastSend = fast(as(alice), "send", bob.name(), HOSTILE, "--subject", "hello", "--idempotency-key", "k1");
        Run javaSend = java(as(alice), "send", bob.name(), HOSTILE, "--subject", "hello", "--idempotency-key", "k2");
        assertThat(fastSend.out()).matches("[0-9A-Z]{26}\t\ud835\udc9cbel\n");
        assertThat(withoutIds(fastSend)).isEqualTo(withoutIds(javaSend));
        assertThat(withoutIds(fast(as(alice), "send", "--json", "Alice, " + bob.name() + " ,", "two")))
                .isEqualTo(withoutIds(java(as(alice), "send", "--json", "Alice, " + bob.name() + " ,", "two")));
        assertThat(withoutIds(fast(operator(), "send", "--reply-to", fastSend.out().substring(0, 26), "--", "*", "-x")))
                .isEqualTo(withoutIds(java(operator(), "send", "--reply-to", fastSend.out().substring(0, 26), "--", "*",
                        "-x")));
        Run fromStdin = launcher(LAUNCHER, as(alice), "only", "line one\nline two\n", "send", bob.name(), "-");
        assertThat(fromStdin.exit()).isZero();

        JsonNode stored = hub.inbox(bob, "?peek=true&limit=100");
        List<String> texts = new ArrayList<>();
        stored.forEach(m -> texts.add(m.path("from_name").asString() + "|" + m.path("subject").asString("") + "|"
                + m.path("text").asString()));
        assertThat(texts).containsExactly("Alice|hello|" + HOSTILE, "Alice|hello|" + HOSTILE, "Alice||two",
                "Alice||two", "operator||-x", "operator||-x", "Alice||line one\nline two\n");
    }

    @Test
    void usageErrorsAndRefusalsAreWordedAndEndedAlike() throws Exception {
        same(as(alice), "inbox", "--limit", "0");
        same(as(alice), "inbox", "--limit", "101");
        same(as(alice), "inbox", "--wait", "61");
        same(as(alice), "send", " , ", "hi");
        same(as(alice), "send", "Nobody", "hi");
        same(operator(), "send", "Nobody,Alice", "hi");
        Map<String, String> wrong = new HashMap<>(as(alice));
        wrong.put("MOSAIC_TOKEN", "not-the-token");
        same(wrong, "inbox");
        same(wrong, "send", "Alice", "hi");
        same(wrong, "panes");
        assertThat(fast(as(alice), "inbox", "--wait", "61").exit()).isEqualTo(Cli.USAGE);
    }

    @Test
    void whatItDoesNotKnowGoesToTheJavaCli() throws Exception {
        for (String[] args : List.of(new String[] {"panes", "--help"}, new String[] {"send", "Bob"},
                new String[] {"inbox", "--limit", "07"}, new String[] {"send", "Bob", "hi", "--json", "--json"},
                new String[] {"status", "--json"}, new String[] {"inbox", "--frobnicate"})) {
            assertThat(fast(as(alice), args).exit()).as(String.join(" ", args)).isEqualTo(3);
        }
    }

    @Test
    void aHandOverRunsTheJavaCliWithTheSameArgumentsAndInput(@TempDir Path bin) throws Exception {
        // The real launcher would build the jar first, which the test phase has not made yet: a stand-in launcher
        // runs the fast path as ./mosaic does, and the Java CLI from this classpath when handed over (MOSAIC_FAST=0).
        Path standIn = bin.resolve("mosaic");
        Files.writeString(standIn, """
                #!/bin/sh
                if [ "$MOSAIC_FAST" = 0 ]; then exec "$JAVA" -cp "$CP" dev.mosaic.cli.Main "$@"; fi
                exec python3 -I -S "$FASTCLI" "$0" "$@"
                """);
        assertThat(standIn.toFile().setExecutable(true)).isTrue();
        Map<String, String> java = Map.of("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "CP", System.getProperty("java.class.path"), "FASTCLI", Path.of("lib/fastcli.py").toAbsolutePath()
                        .toString());
        Map<String, String> paneEnv = new HashMap<>(as(alice));
        paneEnv.putAll(java);
        // A usage error only picocli words, then a stopped hub after stdin was read.
        Run usage = launcher(standIn, paneEnv, "1", "", "send", "Bob");
        assertThat(usage).isEqualTo(java(as(alice), "send", "Bob"));
        assertThat(usage.exit()).isEqualTo(Cli.USAGE);

        int dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        Map<String, String> gone = new HashMap<>(paneEnv);
        gone.put("MOSAIC_URL", "http://127.0.0.1:" + dead);
        Run down = launcher(standIn, gone, "1", "from stdin", "send", "Bob", "-");
        assertThat(down).isEqualTo(java(gone, "send", "Bob", "x"));
        assertThat(down.exit()).isEqualTo(Cli.FAILED);
    }

    @Test
    void terminalTextIsCleanedAsTerminalTextDoes() throws Exception {
        // Random strings over the characters the two patterns care about, cleaned by both in one python run.
        String alphabet = "\u001b[]PX^_\\\u009b\u009d\u0090\u0098\u009e\u009f\u009c\u0007\n\r\u2028\u2029\u0085"
                + "\t\u0000\u007f\u202a\u202e\u2066\u2069 ;0?@~/a\u00e9";
        Random random = new Random(15);
        List<String> samples = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            StringBuilder s = new StringBuilder();
            int n = random.nextInt(12);
            for (int j = 0; j < n; j++) {
                s.append(random.nextInt(20) == 0 ? "\ud83c\udf89" : String.valueOf(alphabet.charAt(random.nextInt(alphabet.length()))));
            }
            samples.add(s.toString());
        }
        ArrayNode input = Json.MAPPER.createArrayNode();
        samples.forEach(input::add);
        ProcessBuilder pb = new ProcessBuilder(Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3"
                : "python3", "-I", "-S", "-c", "import sys, json; sys.path.insert(0, 'lib'); import fastcli; "
                + "sys.stdout.buffer.write(json.dumps([fastcli.clean(s) for s in json.loads(sys.stdin.buffer.read())])"
                + ".encode())");
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(input.toString().getBytes(StandardCharsets.UTF_8));
        }
        JsonNode cleaned = Json.MAPPER.readTree(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < samples.size(); i++) {
            assertThat(cleaned.get(i).asString()).as("sample %d: %s", i, Json.MAPPER.writeValueAsString(samples.get(i)))
                    .isEqualTo(TerminalText.clean(samples.get(i)));
        }
    }
}
