package dev.mosaic.hub;

import dev.mosaic.testing.TestHub;
import dev.mosaic.testing.TestHub.Pane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** lib/hook.sh as Claude Code runs it: a real process fed the hook's JSON on stdin, with the pane's MOSAIC_* env. */
class HookScriptTest {
    private static final Path HOOK = Path.of("lib/hook.sh").toAbsolutePath();

    @TempDir
    Path home;

    TestHub hub;
    Pane alice;

    @BeforeEach
    void start() {
        hub = new TestHub(home);
        alice = hub.join("Alice");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    /** What one run of the hook did. */
    record Run(int exit, String stdout, String stderr) {
    }

    private Run run(Map<String, String> env, String stdin) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(HOOK.toString());
        pb.environment().keySet().removeIf(k -> k.startsWith("MOSAIC_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        // A bound on "it finished", not a speed goal (BENCHMARKS.md has the figures): curl gives up after 1 s.
        boolean done = p.waitFor(15, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        assertThat(done).as("the hook finished").isTrue();
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private Map<String, String> paneEnv(String url, Pane p) {
        Map<String, String> env = new HashMap<>();
        env.put("MOSAIC_URL", url);
        env.put("MOSAIC_PANE_ID", p.id());
        env.put("MOSAIC_TOKEN", p.token());
        env.put("MOSAIC_NAME", p.name());
        return env;
    }

    private static String event(String name) {
        return "{\"session_id\":\"5a8e\",\"transcript_path\":\"/t.jsonl\",\"cwd\":\"/w\",\"hook_event_name\":\""
                + name + "\"}";
    }

    private String state() {
        return hub.pane(alice.id()).path("agent_state").asString();
    }

    @Test
    void itReportsEachEventToTheHubSilently() throws Exception {
        assertThat(Files.isExecutable(HOOK)).isTrue();
        Run working = run(paneEnv(hub.url(), alice), event("UserPromptSubmit"));
        assertThat(working).isEqualTo(new Run(0, "", ""));
        assertThat(state()).isEqualTo("working");
        run(paneEnv(hub.url() + "/", alice), event("PermissionRequest"));
        assertThat(state()).as("a trailing slash in MOSAIC_URL").isEqualTo("needs_approval");
        assertThat(run(paneEnv(hub.url(), alice), event("Stop"))).isEqualTo(new Run(0, "", ""));
        assertThat(state()).isEqualTo("idle");
    }

    @Test
    void aSocketAsStdinAsClaudeCodeGivesItIsReadToo() throws Exception {
        // Node (Claude Code) hands a child's stdin over as one end of a socketpair; python3 does the same here.
        String script = "import socket,subprocess,sys\n"
                + "a,b=socket.socketpair()\n"
                + "p=subprocess.Popen([sys.argv[1]],stdin=b)\n"
                + "b.close();a.sendall(sys.argv[2].encode());a.shutdown(socket.SHUT_WR)\n"
                + "sys.exit(p.wait())\n";
        ProcessBuilder pb = new ProcessBuilder("python3", "-c", script, HOOK.toString(), event("UserPromptSubmit"));
        pb.environment().keySet().removeIf(k -> k.startsWith("MOSAIC_"));
        pb.environment().putAll(paneEnv(hub.url(), alice));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        boolean done = p.waitFor(15, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        assertThat(done).as("the hook finished").isTrue();
        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEmpty();
        assertThat(p.exitValue()).isZero();
        assertThat(state()).isEqualTo("working");
    }

    @Test
    void whatTheHubRefusesIsStillExitZeroAndSilent() throws Exception {
        assertThat(run(paneEnv(hub.url(), alice), "not json")).isEqualTo(new Run(0, "", ""));
        Map<String, String> wrongToken = paneEnv(hub.url(), alice);
        wrongToken.put("MOSAIC_TOKEN", "not-a-token");
        assertThat(run(wrongToken, event("UserPromptSubmit"))).isEqualTo(new Run(0, "", ""));
        assertThat(state()).isEqualTo("unknown");
    }

    @Test
    void outsideAPaneItDoesNothing() throws Exception {
        assertThat(run(Map.of(), event("UserPromptSubmit"))).isEqualTo(new Run(0, "", ""));
        assertThat(state()).isEqualTo("unknown");
    }

    @Test
    void aDeadPortIsExitZeroAndSilent() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertThat(run(paneEnv("http://127.0.0.1:" + port, alice), event("Stop"))).isEqualTo(new Run(0, "", ""));
    }

    @Test
    void aHubThatNeverAnswersIsGivenUpOn() throws Exception {
        // Accepts the connection and never answers: only curl's --max-time ends the hook.
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread.ofVirtual().start(() -> {
                try {
                    silent.accept();
                } catch (IOException ignored) {
                    // closed by the test
                }
            });
            long t0 = System.nanoTime();
            Run r = run(paneEnv("http://127.0.0.1:" + silent.getLocalPort(), alice), event("Stop"));
            assertThat(r).isEqualTo(new Run(0, "", ""));
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).as("ended by --max-time 1, not a hang")
                    .isLessThan(10_000);
        }
    }

    @Test
    void aHubOnThisMachineIsReachedWithoutStartingCurl(@TempDir Path empty) throws Exception {
        // No curl (nor anything else) on PATH: the hook reaches a local hub by bash's own /dev/tcp.
        Map<String, String> env = paneEnv(hub.url(), alice);
        env.put("PATH", empty.toString());
        assertThat(run(env, event("UserPromptSubmit"))).isEqualTo(new Run(0, "", ""));
        assertThat(state()).isEqualTo("working");
        env.put("MOSAIC_URL", hub.url().replace("127.0.0.1", "localhost") + "/");
        assertThat(run(env, event("Stop"))).isEqualTo(new Run(0, "", ""));
        assertThat(state()).as("localhost, with a trailing slash").isEqualTo("idle");
    }

    @Test
    void theLengthSentIsInBytesWhateverTheLocale() throws Exception {
        // A Content-Length in characters would cut the body short: the hub would refuse it and nothing change.
        Map<String, String> env = paneEnv(hub.url(), alice);
        env.put("LANG", "C.UTF-8");
        env.put("LC_ALL", "C.UTF-8");
        String prompt = "é → 日本語 🎉 ".repeat(5_000);
        String payload = "{\"session_id\":\"5a8e\",\"hook_event_name\":\"UserPromptSubmit\",\"prompt\":\""
                + prompt + "\"}\n";
        assertThat(run(env, payload)).isEqualTo(new Run(0, "", ""));
        // The hook waits 1 s for the answer; on a loaded machine the hub may take longer, and still handle it.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(state()).isEqualTo("working"));
    }

    @Test
    void anyOtherAddressGoesThroughCurl(@TempDir Path bin) throws Exception {
        // 127.1 is 127.0.0.1 to curl, but not a form the fast path takes: a curl on PATH that leaves a mark.
        Path real = Stream.of(System.getenv("PATH").split(":")).map(d -> Path.of(d, "curl"))
                .filter(Files::isExecutable).findFirst().orElse(null);
        assumeTrue(real != null, "no curl on this machine");
        Path mark = bin.resolve("curl-ran");
        Path curl = bin.resolve("curl");
        Files.writeString(curl, "#!/bin/sh\ntouch '" + mark + "'\nexec '" + real + "' \"$@\"\n");
        assertThat(curl.toFile().setExecutable(true)).isTrue();
        Map<String, String> env = paneEnv(hub.url().replace("127.0.0.1", "127.1"), alice);
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        assertThat(run(env, event("UserPromptSubmit"))).isEqualTo(new Run(0, "", ""));
        assertThat(state()).isEqualTo("working");
        assertThat(mark).exists();
    }

    @Test
    void theTokenIsOnNoCommandLine() throws Exception {
        String script = Files.readString(HOOK);
        assertThat(script).doesNotContain("Bearer $MOSAIC_TOKEN\"").contains("--config /dev/fd/3");
    }
}
