package dev.mosaic.hub;

import dev.mosaic.model.Json;
import dev.mosaic.testing.ApiClient.Answer;
import dev.mosaic.testing.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.mosaic.testing.ApiClient.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code "agent": "claude"} in a spawn (the page's dialog): the hub starts its own Claude Code (here the stand-in
 * {@code fake-claude.py}) with the channel, makes sure of the MCP entry and hooks in its HOME, and answers the
 * development-channels warning, as {@code mosaic claude} does.
 */
class ClaudeAgentSpawnTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    Path home;
    Path launcher;
    Path hook;
    Path log;
    Map<String, String> env;
    TestHub hub;

    @BeforeEach
    void setUp() throws IOException {
        home = Files.createDirectories(dir.resolve("home"));
        Path fakeClaude = dir.resolve("fake-claude.py");
        try (InputStream in = getClass().getResourceAsStream("/claude-code/fake-claude.py")) {
            Files.copy(in, fakeClaude, StandardCopyOption.REPLACE_EXISTING);
        }
        executable(fakeClaude);
        launcher = dir.resolve("mosaic");
        Files.writeString(launcher, "#!/bin/sh\n");
        executable(launcher);
        hook = Files.createDirectories(dir.resolve("lib")).resolve("hook.sh");
        Files.writeString(hook, "#!/bin/sh\nexit 0\n");
        executable(hook);
        log = dir.resolve("fake-claude.log");
        env = new HashMap<>(System.getenv());
        env.put("HOME", home.toString());
        env.put("MOSAIC_CLAUDE", fakeClaude.toString());
        env.put("MOSAIC_LAUNCHER", launcher.toString());
    }

    @AfterEach
    void tearDown() {
        if (hub != null) {
            hub.close();
        }
    }

    private static void executable(Path p) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Answer spawn(String fields) {
        if (hub == null) {
            hub = new TestHub(dir.resolve("hub"), c -> c, Clock.systemUTC(), env);
        }
        return hub.api().post(hub.op(), "/api/v1/panes", "{" + fields + ", \"env\": {\"FAKE_CLAUDE_LOG\": "
                + q(log.toString()) + ", \"FAKE_CLAUDE_DELAY\": \"0.5\"}}");
    }

    private Optional<JsonNode> event(String name) {
        try {
            if (!Files.exists(log)) {
                return Optional.empty();
            }
            for (String line : Files.readAllLines(log)) {
                JsonNode e = Json.MAPPER.readTree(line);
                if (e.path("event").asString().equals(name)) {
                    return Optional.of(e);
                }
            }
        } catch (IOException | RuntimeException e) {
            // a line being written: read again
        }
        return Optional.empty();
    }

    private List<String> argv() {
        JsonNode start = await().atMost(LONG).until(() -> event("start"), Optional::isPresent).orElseThrow();
        List<String> argv = new ArrayList<>();
        start.path("argv").values().forEach(a -> argv.add(a.asString()));
        return argv;
    }

    @Test
    void theHubStartsClaudeCodeWithTheChannelAndAnswersItsWarning() throws IOException {
        Answer a = spawn("\"name\": \"Agent one\", \"agent\": \"claude\", \"args\": [\"--model\", \"x\"], \"cwd\": "
                + q(dir.toString()));
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        assertThat(a.json().path("kind").asString()).isEqualTo("spawned");

        assertThat(argv()).containsExactly("--dangerously-load-development-channels", "server:mosaic-channel",
                "--model", "x");
        await().atMost(LONG).until(() -> event("key").isPresent());
        assertThat(event("early_key")).as("a key before the warning was on screen").isEmpty();

        JsonNode entry = Json.MAPPER.readTree(Files.readString(home.resolve(".claude.json")))
                .path("mcpServers").path("mosaic-channel");
        assertThat(entry.path("command").asString()).isEqualTo(launcher.toString());
        JsonNode hooks = Json.MAPPER.readTree(Files.readString(home.resolve(".claude/settings.json"))).path("hooks");
        assertThat(hooks.path("Stop").get(0).path("hooks").get(0).path("command").asString())
                .isEqualTo(hook.toString());
    }

    @Test
    void aWorktreeNeedsAGitRepositoryAndIsNamedAfterThePane() throws Exception {
        Answer outside = spawn("\"name\": \"Agent two\", \"agent\": \"claude\", \"worktree\": true, \"cwd\": "
                + q(dir.toString()));
        assertThat(outside.status()).as(outside.toString()).isEqualTo(400);
        assertThat(outside.code()).isEqualTo("bad_cwd");
        assertThat(outside.error()).contains("git repository");

        Path repo = Files.createDirectories(dir.resolve("repo"));
        Process git = new ProcessBuilder("git", "init", "-q", repo.toString()).inheritIO().start();
        assertThat(git.waitFor()).isZero();
        Answer inside = spawn("\"name\": \"Agent two\", \"agent\": \"claude\", \"worktree\": true, \"cwd\": "
                + q(repo.toString()));
        assertThat(inside.status()).as(inside.toString()).isEqualTo(201);
        assertThat(argv()).containsExactly("--dangerously-load-development-channels", "server:mosaic-channel",
                "--worktree", "Agent-two");
    }

    @Test
    void aSpawnTheHubCannotMakeIsRefusedSayingWhy() {
        env.remove("MOSAIC_CLAUDE");
        env.put("PATH", dir.toString()); // no claude there
        Answer none = spawn("\"name\": \"A\", \"agent\": \"claude\"");
        assertThat(none.status()).as(none.toString()).isEqualTo(400);
        assertThat(none.code()).isEqualTo("bad_command");
        assertThat(none.error()).contains("Claude Code is not installed").contains("MOSAIC_CLAUDE");

        for (String bad : List.of("\"agent\": \"codex\"", "\"agent\": \"claude\", \"command\": [\"bash\"]",
                "\"command\": [\"bash\"], \"worktree\": true", "\"agent\": \"claude\", \"worktree\": \"yes\"")) {
            Answer a = spawn("\"name\": \"B\", " + bad);
            assertThat(a.status()).as(bad + ": " + a).isEqualTo(400);
            assertThat(a.code()).as(bad).isEqualTo("bad_request");
        }
        assertThat(hub.api().get(hub.op(), "/api/v1/panes?all=true").json().path("panes")).isEmpty();
    }
}
