package dev.mosaic.cli;

import dev.mosaic.hub.ClaudeAgent;
import dev.mosaic.model.Json;
import dev.mosaic.testing.ApiClient.Answer;
import dev.mosaic.testing.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.mosaic.testing.ApiClient.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code mosaic claude} and the page's {@code "agent": "claude"} start the same Claude Code: with the same environment
 * and options, the stand-in ({@code fake-claude.py}) is run with the same program, arguments, directory and
 * variables, and the same MCP entry and hooks are written. Fails if either path builds its own command again.
 */
class ClaudeLaunchParityTest {
    private static final Duration LONG = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    TestHub hub;
    Map<String, String> env;
    Path home;
    Path repo;

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createDirectories(dir.resolve("home"));
        Path fakeClaude = dir.resolve("bin").resolve("fake-claude.py");
        Files.createDirectories(fakeClaude.getParent());
        try (InputStream in = getClass().getResourceAsStream("/claude-code/fake-claude.py")) {
            Files.copy(in, fakeClaude, StandardCopyOption.REPLACE_EXISTING);
        }
        executable(fakeClaude);
        Path launcher = dir.resolve("mosaic");
        Files.writeString(launcher, "#!/bin/sh\n");
        executable(launcher);
        Path hook = Files.createDirectories(dir.resolve("lib")).resolve("hook.sh");
        Files.writeString(hook, "#!/bin/sh\nexit 0\n");
        executable(hook);
        repo = Files.createDirectories(dir.resolve("repo"));
        assertThat(new ProcessBuilder("git", "init", "-q", repo.toString()).inheritIO().start().waitFor()).isZero();

        env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("MOSAIC_CLAUDE", fakeClaude.toString());
        env.put("MOSAIC_LAUNCHER", launcher.toString());
        env.put("PATH", System.getenv("PATH"));
        env.put("MOSAIC_HOME", dir.resolve("mosaic-home").toString());
        hub = new TestHub(dir.resolve("mosaic-home"), c -> c, Clock.systemUTC(), env);
    }

    @AfterEach
    void tearDown() {
        hub.close();
    }

    private static void executable(Path p) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void theCliAndTheHubStartTheSameClaudeCodeForTheSameOptions() throws Exception {
        Path fromPage = dir.resolve("page.log");
        Answer page = hub.api().post(hub.op(), "/api/v1/panes", "{\"name\": \"Agent one\", \"agent\": \"claude\", "
                + "\"worktree\": true, \"args\": [\"--model\", \"x y\"], \"cwd\": " + q(repo.toString())
                + ", \"env\": {\"FAKE_CLAUDE_LOG\": " + q(fromPage.toString()) + "}}");
        assertThat(page.status()).as(page.toString()).isEqualTo(201);
        JsonNode pageStart = start(fromPage);
        String configAfterPage = Files.readString(home.resolve(".claude.json"));
        String settingsAfterPage = Files.readString(home.resolve(".claude/settings.json"));
        // The name is free again for the CLI's pane, which must come out the same, worktree name included.
        assertThat(hub.api().delete(hub.op(), "/api/v1/panes/" + page.json().path("id").asString(), null).status())
                .isEqualTo(204);
        Files.delete(home.resolve(".claude.json"));
        Files.delete(home.resolve(".claude/settings.json"));

        Path fromCli = dir.resolve("cli.log");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cli.build(env, new PrintWriter(out, true), new PrintWriter(err, true)).execute("claude",
                "Agent one", "--cwd", repo.toString(), "--worktree", "--env", "FAKE_CLAUDE_LOG=" + fromCli,
                "--", "--model", "x y");
        assertThat(exit).as(err.toString()).isZero();
        JsonNode cliStart = start(fromCli);

        assertThat(comparable(cliStart)).isEqualTo(comparable(pageStart));
        assertThat(pageStart.path("argv").values().stream().map(JsonNode::asString).toList()).containsExactlyElementsOf(
                List.of("--dangerously-load-development-channels", "server:mosaic-channel", "--worktree", "Agent-one",
                        "--model", "x y"));
        assertThat(pageStart.path("env").path("HOME").asString()).isEqualTo(home.toString());
        assertThat(Files.readString(home.resolve(".claude.json"))).isEqualTo(configAfterPage);
        assertThat(Files.readString(home.resolve(".claude/settings.json"))).isEqualTo(settingsAfterPage);
    }

    @Test
    void theLaunchCarriesTheHomeItsConfigurationWasWrittenTo() throws Exception {
        ClaudeAgent.Launch launch = new ClaudeAgent(env).prepare(new ClaudeAgent.Options("A", repo, false,
                List.of()), ClaudeAgent.namedLauncher(env));
        assertThat(launch.env()).containsEntry("HOME", home.toString());
        assertThat(launch.notes()).extracting(ClaudeAgent.Note::text).anyMatch(t -> t.contains(".claude.json"));
        assertThat(ClaudeAgent.namedLauncher(Map.of())).isEmpty();
    }

    /** What the agent was started with, less what differs between any two panes (their id and token). */
    private static JsonNode comparable(JsonNode start) {
        ObjectNode copy = (ObjectNode) start.deepCopy();
        copy.remove("at");
        ObjectNode envs = (ObjectNode) copy.path("env");
        envs.remove("MOSAIC_PANE_ID");
        envs.remove("MOSAIC_TOKEN");
        return copy;
    }

    private static JsonNode start(Path log) {
        return await().atMost(LONG).until(() -> event(log, "start"), Optional::isPresent).orElseThrow();
    }

    private static Optional<JsonNode> event(Path log, String name) {
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
}
