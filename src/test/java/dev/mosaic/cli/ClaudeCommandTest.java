package dev.mosaic.cli;

import dev.mosaic.client.HubAddress;
import dev.mosaic.client.HubClient;
import dev.mosaic.client.TerminalConnection;
import dev.mosaic.client.TerminalListener;
import dev.mosaic.model.Json;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code mosaic claude} against a stand-in for Claude Code ({@code fake-claude.py}) that draws the
 * development-channels warning after a delay, in pieces with escape sequences, and logs when each key arrived.
 */
class ClaudeCommandTest {
    private static final Duration LONG = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    TestHub hub;
    Path home;
    Path fakeClaude;
    Path log;
    Path launcher;

    @BeforeEach
    void setUp() throws IOException {
        hub = new TestHub(dir.resolve("mosaic-home"));
        home = Files.createDirectories(dir.resolve("home"));
        fakeClaude = dir.resolve("fake-claude.py");
        try (InputStream in = getClass().getResourceAsStream("/claude-code/fake-claude.py")) {
            Files.copy(in, fakeClaude, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(fakeClaude, PosixFilePermissions.fromString("rwxr-xr-x"));
        launcher = dir.resolve("mosaic");
        Files.writeString(launcher, "#!/bin/sh\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        log = dir.resolve("fake-claude.log");
    }

    @AfterEach
    void tearDown() {
        hub.stop();
    }


    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("MOSAIC_HOME", hub.home().toString());
        env.put("HOME", home.toString());
        env.put("MOSAIC_CLAUDE", fakeClaude.toString());
        env.put("MOSAIC_LAUNCHER", launcher.toString());
        env.put("PATH", System.getenv("PATH"));
        return env;
    }

    private CliRun mosaic(Map<String, String> env, String... args) {
        return CliRun.of(env, args);
    }

    private CliRun claude(String name, String... more) {
        List<String> args = new ArrayList<>(List.of("claude", name, "--cwd", dir.toString(),
                "--env", "FAKE_CLAUDE_LOG=" + log, "--env", "FAKE_CLAUDE_DELAY=1.5"));
        args.addAll(List.of(more));
        return mosaic(env(), args.toArray(String[]::new));
    }

    /** The stand-in's log: one JSON object per event. */
    private List<JsonNode> events() {
        try {
            if (!Files.exists(log)) {
                return List.of();
            }
            List<JsonNode> events = new ArrayList<>();
            for (String line : Files.readAllLines(log)) {
                events.add(Json.MAPPER.readTree(line));
            }
            return events;
        } catch (IOException e) {
            return List.of();
        }
    }

    private Optional<JsonNode> event(String name) {
        return events().stream().filter(e -> e.path("event").asString().equals(name)).findFirst();
    }

    @Test
    void answersTheWarningOnceItIsOnScreenAndTheAgentReachesItsPrompt() throws IOException {
        CliRun run = claude("Alice");

        assertThat(run.exit()).as(run.err()).isZero();
        String[] printed = run.out().strip().split("\t");
        assertThat(printed).hasSize(2);
        assertThat(printed[1]).isEqualTo("Alice");

        await().atMost(LONG).until(() -> event("prompt_shown").isPresent() || event("early_key").isPresent());
        assertThat(event("early_key")).as("a key arrived before the warning was on screen").isEmpty();
        JsonNode shown = event("warning_shown").orElseThrow();
        JsonNode key = event("key").orElseThrow();
        assertThat(key.path("bytes").asString()).as("Enter, once").isEqualTo("0d");
        assertThat(key.path("at").asLong()).isGreaterThanOrEqualTo(shown.path("at").asLong());

        JsonNode start = event("start").orElseThrow();
        assertThat(start.path("argv").values().stream().map(JsonNode::asString).toList())
                .startsWith("--dangerously-load-development-channels", "server:mosaic-channel");
        assertThat(start.path("env").path("MOSAIC_PANE_ID").asString()).isEqualTo(printed[0]);

        HubClient operator = new HubClient(HubAddress.operator(HubAddress.home(env())));
        await().atMost(LONG).until(() -> new String(operator.output(printed[0], 4096)).contains("? for shortcuts"));

        JsonNode entry = Json.MAPPER.readTree(Files.readString(home.resolve(".claude.json")))
                .path("mcpServers").path("mosaic-channel");
        assertThat(entry.path("command").asString()).isEqualTo(launcher.toString());
        assertThat(entry.path("args").get(0).asString()).isEqualTo("channel");
    }

    @Test
    void itEnsuresMosaicsHooksInTheUsersSettings() throws IOException {
        Path hook = Files.createDirectories(dir.resolve("lib")).resolve("hook.sh");
        Files.writeString(hook, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));

        CliRun run = claude("Dana");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode hooks = Json.MAPPER.readTree(Files.readString(home.resolve(".claude/settings.json"))).path("hooks");
        for (String event : dev.mosaic.channel.ClaudeHooksInstaller.EVENTS) {
            assertThat(hooks.path(event).get(0).path("hooks").get(0).path("command").asString()).as(event)
                    .isEqualTo(hook.toString());
        }
    }

    @Test
    void withNoAutoConfirmNothingIsTypedAndTheHumanAnswers() throws Exception {
        CliRun run = claude("Bob", "--no-auto-confirm", "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode pane = Json.MAPPER.readTree(run.out());
        assertThat(pane.path("name").asString()).isEqualTo("Bob");
        assertThat(pane.path("status").asString()).isEqualTo("live");

        await().atMost(LONG).until(() -> event("warning_shown").isPresent());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> event("key").isEmpty() && event("early_key").isEmpty());

        HubClient operator = new HubClient(HubAddress.operator(HubAddress.home(env())));
        try (TerminalConnection terminal = operator.terminal(pane.path("id").asString(), bytes -> { })) {
            terminal.sendInput(new byte[]{'\r'});
            await().atMost(LONG).until(() -> event("prompt_shown").isPresent());
        }
    }

    @Test
    void worktreeUsesClaudeCodesOwnOptionAndNeedsAGitRepository() throws Exception {
        Path notARepo = Files.createDirectories(dir.resolve("plain"));
        CliRun refused = mosaic(env(), "claude", "Carol", "--cwd", notARepo.toString(), "--worktree");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("--worktree needs a git repository");
        assertThat(events()).isEmpty();

        Path repo = Files.createDirectories(dir.resolve("repo"));
        assertThat(new ProcessBuilder("git", "init", "-q", repo.toString()).inheritIO().start().waitFor()).isZero();
        CliRun run = mosaic(env(), "claude", "Carol Two", "--cwd", repo.toString(), "--worktree",
                "--env", "FAKE_CLAUDE_LOG=" + log, "--", "--model", "x");

        assertThat(run.exit()).as(run.err()).isZero();
        await().atMost(LONG).until(() -> event("start").isPresent());
        assertThat(event("start").orElseThrow().path("argv").values().stream().map(JsonNode::asString).toList())
                .containsExactly("--dangerously-load-development-channels", "server:mosaic-channel",
                        "--worktree", "Carol-Two", "--model", "x");
    }

    @Test
    void aSpawnAskingToConfirmAnUnknownPromptIsRefusedAndStoresNothing() {
        var answer = hub.api().post(hub.op(), "/api/v1/panes", "{\"name\": \"Zed\", \"command\": [\""
                + fakeClaude + "\"], \"auto_confirm\": \"everything\"}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("code").asString()).isEqualTo("bad_request");
        assertThat(answer.json().path("error").asString()).contains("dev_channels_warning");
        assertThat(hub.api().get(hub.op(), "/api/v1/panes").json().path("panes")).isEmpty();
        assertThat(events()).isEmpty();
    }

    @Test
    void withoutClaudeCodeItSaysHowToGetIt() {
        Map<String, String> env = env();
        env.remove("MOSAIC_CLAUDE");
        env.put("PATH", dir.resolve("empty").toString());

        CliRun run = mosaic(env, "claude", "Dave");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("Claude Code is not installed").contains("MOSAIC_CLAUDE");
        assertThat(run.err().lines()).hasSize(1);
    }
}
