package dev.mosaic.cli;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.WinSize;
import dev.mosaic.client.HubAddress;
import dev.mosaic.client.HubClient;
import dev.mosaic.testing.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code mosaic attach} as a user runs it: a real {@code mosaic} JVM in a real pseudo-terminal (pty4j), started by a
 * shell that saves {@code stty -g} before and after, so the test sees what the user's terminal would.
 */
class AttachCommandTest {
    private static final Duration LONG = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    TestHub hub;
    HubClient operator;
    PtyProcess user;
    final StringBuffer screen = new StringBuffer();

    @BeforeEach
    void setUp() {
        hub = new TestHub(dir.resolve("mosaic-home"));
        operator = new HubClient(HubAddress.operator(HubAddress.home(Map.of("MOSAIC_HOME", hub.home().toString()))));
    }

    @AfterEach
    void tearDown() {
        if (user != null) {
            user.destroyForcibly();
        }
        hub.stop();
    }

    /** A pane whose terminal is raw and echoes what it gets visibly (Ctrl-C as ^C). */
    private String spawnEcho(String name) {
        return operator.spawn(name, List.of("sh", "-c", "stty raw -echo; echo ready; exec cat -v"),
                dir.toString(), Map.of(), null, null).path("id").asString();
    }

    /** The user's terminal: a shell that records its settings, runs `mosaic attach NAME`, and records them again. */
    private void attachInATerminal(String name) throws IOException {
        runInATerminal(Map.of(), "attach", name);
    }

    /** The same shell running `mosaic ARGS…`. */
    private void runInATerminal(Map<String, String> extraEnv, String... args) throws IOException {
        Path script = dir.resolve("user.sh");
        Files.writeString(script, """
                stty -g > "$DIR/before"
                sh -c 'echo "attach-pid=$$"; exec "$@"' sh "$JAVA" --enable-native-access=ALL-UNNAMED \
                    -cp "$CP" dev.mosaic.cli.Main "$@"
                echo "attach-exit=$?"
                stty -g > "$DIR/after"
                """);
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("PATH", System.getenv("PATH"));
        env.put("HOME", dir.toString());
        env.put("TERM", "xterm-256color");
        env.put("MOSAIC_HOME", hub.home().toString());
        env.put("DIR", dir.toString());
        env.put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        env.put("CP", System.getProperty("java.class.path"));
        List<String> command = new java.util.ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        user = new PtyProcessBuilder(command.toArray(String[]::new)).setEnvironment(env)
                .setDirectory(dir.toString()).setInitialColumns(100).setInitialRows(30).start();
        InputStream in = user.getInputStream();
        Thread.ofPlatform().daemon().start(() -> {
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    screen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // the terminal closed
            }
        });
    }

    private void type(byte... bytes) throws IOException {
        user.getOutputStream().write(bytes);
        user.getOutputStream().flush();
    }

    private String paneOutput(String id) {
        return new String(operator.output(id, 65536), StandardCharsets.UTF_8);
    }

    private int paneSize(String id, String field) {
        return operator.pane(id).path(field).asInt();
    }

    /** The user's terminal has the settings it had before mosaic started. */
    private void assertRestored() throws IOException {
        assertThat(settings("after")).as("terminal settings; the screen was:%n%s", screen).isEqualTo(settings("before"));
    }

    private String settings(String file) throws IOException {
        return Files.readString(dir.resolve(file)).strip();
    }

    @Test
    void keysReachThePaneItsOutputShowsAndCtrlBracketDetachesWithTheTerminalRestored() throws Exception {
        String id = spawnEcho("Bob");
        attachInATerminal("Bob");

        await().atMost(LONG).until(() -> screen.toString().contains("ready"));
        await().atMost(LONG).until(() -> paneSize(id, "cols") == 100 && paneSize(id, "rows") == 30);

        type("hello".getBytes(StandardCharsets.UTF_8));
        await().atMost(LONG).until(() -> paneOutput(id).matches("(?s).*ready\r?\nhello.*"));
        await().atMost(LONG).until(() -> screen.toString().contains("hello"));
        type((byte) 0x03); // Ctrl-C goes to the agent, it does not stop attach
        await().atMost(LONG).until(() -> paneOutput(id).contains("hello^C"));
        await().atMost(LONG).until(() -> screen.toString().contains("hello^C")); // no local echo in between
        assertThat(screen.toString()).doesNotContain("attach-exit=");

        user.setWinSize(new WinSize(90, 25));
        await().atMost(LONG).until(() -> paneSize(id, "cols") == 90 && paneSize(id, "rows") == 25);

        type((byte) 0x1d); // Ctrl-]
        await().atMost(LONG).until(() -> screen.toString().contains("attach-exit="));
        assertThat(screen.toString()).contains("detached from Bob").contains("attach-exit=0");
        await().atMost(LONG).until(() -> Files.exists(dir.resolve("after")));
        assertRestored();
        assertThat(operator.pane(id).path("status").asString()).isEqualTo("live");
        assertThat(screen.toString()).doesNotContain("^]");
        assertThat(screen.toString()).as("attach asks the user's terminal nothing").doesNotContain("\u001b[c");
    }

    @Test
    void whenThePaneExitsAttachExitsWithItsCodeAndRestoresTheTerminal() throws Exception {
        operator.spawn("Eve", List.of("sh", "-c", "echo ready; read line; exit 7"), dir.toString(), Map.of(),
                null, null);
        attachInATerminal("Eve");
        await().atMost(LONG).until(() -> screen.toString().contains("ready"));

        type("bye\r".getBytes(StandardCharsets.UTF_8));

        await().atMost(LONG).until(() -> screen.toString().contains("attach-exit="));
        assertThat(screen.toString()).contains("Eve exited with code 7").contains("attach-exit=7");
        await().atMost(LONG).until(() -> Files.exists(dir.resolve("after")));
        assertRestored();
    }

    @Test
    void claudeWithAttachShowsTheAgentPastItsWarningAndTakesKeys() throws Exception {
        Path fakeClaude = dir.resolve("fake-claude.py");
        try (InputStream in = getClass().getResourceAsStream("/claude-code/fake-claude.py")) {
            Files.copy(in, fakeClaude);
        }
        Files.setPosixFilePermissions(fakeClaude, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path log = dir.resolve("fake-claude.log");

        runInATerminal(Map.of("MOSAIC_CLAUDE", fakeClaude.toString(), "MOSAIC_LAUNCHER", fakeClaude.toString()),
                "claude", "Alice", "--attach", "--cwd", dir.toString(), "--env", "FAKE_CLAUDE_LOG=" + log,
                "--env", "FAKE_CLAUDE_DELAY=1");

        await().atMost(LONG).until(() -> screen.toString().contains("? for shortcuts"));
        assertThat(Files.readString(log)).doesNotContain("early_key");
        type("x".getBytes(StandardCharsets.UTF_8));
        await().atMost(LONG).until(() -> Files.readString(log).contains("\"input\", \"at\""));
        assertThat(Files.readString(log)).contains("\"bytes\": \"78\"");

        type((byte) 0x1d);
        await().atMost(LONG).until(() -> screen.toString().contains("attach-exit="));
        assertThat(screen.toString()).contains("detached from Alice").contains("attach-exit=0");
        await().atMost(LONG).until(() -> Files.exists(dir.resolve("after")));
        assertRestored();
    }

    @Test
    void spawnWithAttachShowsTheNewPaneAtOnce() throws Exception {
        runInATerminal(Map.of(), "spawn", "Hal", "--attach", "--", "sh", "-c", "echo hal-ready; read x; exit 3");

        await().atMost(LONG).until(() -> screen.toString().contains("hal-ready"));
        type("x\r".getBytes(StandardCharsets.UTF_8));

        await().atMost(LONG).until(() -> screen.toString().contains("attach-exit="));
        assertThat(screen.toString()).contains("Hal exited with code 3").contains("attach-exit=3");
        await().atMost(LONG).until(() -> Files.exists(dir.resolve("after")));
        assertRestored();
    }

    @Test
    void whenTheHubStopsAttachEndsAndRestoresTheTerminal() throws Exception {
        spawnEcho("Gus");
        attachInATerminal("Gus");
        await().atMost(LONG).until(() -> screen.toString().contains("ready"));

        hub.stop();

        await().atMost(LONG).until(() -> screen.toString().contains("attach-exit="));
        assertThat(screen.toString()).containsAnyOf("Gus exited with code", "lost Gus's terminal");
        assertThat(screen.toString()).doesNotContain("attach-exit=0");
        await().atMost(LONG).until(() -> Files.exists(dir.resolve("after")));
        assertRestored();
    }

    @Test
    void sigtermRestoresTheTerminal() throws Exception {
        spawnEcho("Fay");
        attachInATerminal("Fay");
        await().atMost(LONG).until(() -> screen.toString().contains("ready"));
        Matcher pid = Pattern.compile("attach-pid=(\\d+)").matcher(screen.toString());
        assertThat(pid.find()).isTrue();

        assertThat(new ProcessBuilder("kill", "-TERM", pid.group(1)).start().waitFor()).isZero();

        await().atMost(LONG).until(() -> screen.toString().contains("attach-exit="));
        await().atMost(LONG).until(() -> Files.exists(dir.resolve("after")));
        assertRestored();
    }
}
