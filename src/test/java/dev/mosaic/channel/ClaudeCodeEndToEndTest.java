package dev.mosaic.channel;

import dev.mosaic.model.Json;
import dev.mosaic.testing.TestHub;
import dev.mosaic.testing.TestHub.Pane;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Opt-in (set MOSAIC_CLAUDE_BIN to a `claude` executable, e.g. from `npm install @anthropic-ai/claude-code@2.1.330`;
 * needs tmux): a real, interactive Claude Code loads the channel as a development channel, shows a pushed
 * message to the model (a local fake of the API), and the model's reply tool call reaches the sender's inbox.
 * Claude Code's channel support is a research preview and this leans on its internals (shared/CLAUDE-CODE.md),
 * so it stays out of the default run.
 */
@EnabledIfEnvironmentVariable(named = "MOSAIC_CLAUDE_BIN", matches = ".+")
class ClaudeCodeEndToEndTest {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final String KEY = "sk-ant-api03-mosaic-test-key-0123456789abcdefghij";

    @TempDir
    Path dir;

    @Test
    void aRealClaudeCodeSeesThePushedMessageAndRepliesThroughTheChannel() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path project = Files.createDirectories(dir.resolve("project"));
        Path debugLog = dir.resolve("claude-debug.log");
        String session = "mosaic-e2e-" + UUID.randomUUID().toString().substring(0, 8);
        try (TestHub hub = new TestHub(Files.createDirectories(dir.resolve("hub")));
             FakeModel model = new FakeModel("Got it, thanks.")) {
            Pane bob = hub.join("Bob");
            seedClaudeHome(home, project);
            // `mosaic install` points Claude Code at a launcher; here one that runs this build's classes.
            Path launcher = dir.resolve("mosaic");
            Files.writeString(launcher, "#!/bin/sh\nexec '" + ChannelProcess.java() + "' -cp '"
                    + System.getProperty("java.class.path") + "' dev.mosaic.cli.Main \"$@\"\n");
            Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
            ClaudeConfigInstaller.install(home.resolve(".claude.json"), launcher);

            Path script = dir.resolve("run-claude.sh");
            Files.writeString(script, String.join("\n", "#!/bin/sh", "cd '" + project + "'",
                    "export HOME='" + home + "' ANTHROPIC_BASE_URL='" + model.url() + "' ANTHROPIC_API_KEY='" + KEY
                            + "'",
                    "export CLAUDE_CODE_GB_DISK_CACHE_WHEN_TELEMETRY_OFF=1 DISABLE_TELEMETRY=1 "
                            + "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 DISABLE_AUTOUPDATER=1 "
                            + "ENABLE_TOOL_SEARCH=false",
                    "export MOSAIC_URL='" + hub.url() + "' MOSAIC_PANE_ID='" + bob.id() + "' MOSAIC_TOKEN='"
                            + bob.token() + "' MOSAIC_HOME='" + dir.resolve("channel-home") + "'",
                    "exec '" + System.getenv("MOSAIC_CLAUDE_BIN") + "' --dangerously-load-development-channels "
                            + "server:mosaic-channel --debug-file '" + debugLog + "'", ""));
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
            run("tmux", "new-session", "-d", "-s", session, "-x", "200", "-y", "50", script.toString());
            long claudePid = Long.parseLong(output("tmux", "display-message", "-p", "-t", session, "#{pane_pid}")
                    .strip());
            try {
                await().atMost(PATIENCE)
                        .until(() -> screen(session).contains("I am using this for local development"));
                run("tmux", "send-keys", "-t", session, "Enter");
                await().atMost(PATIENCE).until(() -> Files.exists(debugLog) && Files.readString(debugLog)
                        .contains("\"mosaic-channel\": Channel notifications registered"));
                await().atMost(PATIENCE).until(() -> hub.pane(bob.id()).path("delivery").asString().equals("push"));

                String id = hub.send(hub.op(), "Bob", "Hello Bob, please confirm.").get(0).path("id").asString();

                await().atMost(PATIENCE).until(() -> model.requests.stream().anyMatch(r ->
                        r.contains("<channel source=\\\"mosaic-channel\\\"") && r.contains(id)
                                && r.contains("Hello Bob, please confirm.")));
                await().atMost(PATIENCE).until(() -> model.requests.stream().anyMatch(r ->
                        r.contains("Reply sent to operator.")));
                JsonNode inbox = hub.api().get(hub.op(), "/api/v1/panes/operator/inbox").json().path("messages");
                assertThat(inbox).hasSize(1);
                assertThat(inbox.get(0).path("from_name").asString()).isEqualTo("Bob");
                assertThat(inbox.get(0).path("text").asString()).isEqualTo("Got it, thanks.");
                assertThat(inbox.get(0).path("in_reply_to").asString()).isEqualTo(id);
                System.out.println("Claude Code made " + model.requests.size() + " model requests; the reply is in");
            } finally {
                run("tmux", "kill-session", "-t", session);
                // Claude Code and the channel it started finish writing into the temporary home before it goes.
                await().atMost(PATIENCE).until(() -> ProcessHandle.of(claudePid).map(p -> !p.isAlive()).orElse(true));
                await().atMost(PATIENCE).until(() -> hub.pane(bob.id()).path("delivery").asString().equals("poll"));
            }
        }
    }

    private static void seedClaudeHome(Path home, Path project) throws IOException {
        ObjectNode config = Json.MAPPER.createObjectNode().put("hasCompletedOnboarding", true)
                .put("hasSeenAutoDefaultNudge", true).put("theme", "dark");
        ObjectNode keys = config.putObject("customApiKeyResponses");
        keys.putArray("approved").add(KEY.substring(KEY.length() - 20));
        keys.putArray("rejected");
        config.putObject("projects").putObject(project.toString()).put("hasTrustDialogAccepted", true);
        config.putObject("cachedGrowthBookFeatures").put("tengu_harbor", true);
        Files.writeString(home.resolve(".claude.json"), config.toString());
        ObjectNode settings = Json.MAPPER.createObjectNode();
        ObjectNode permissions = settings.putObject("permissions").put("defaultMode", "default");
        List.of("reply", "send", "list_agents", "read_inbox").forEach(t ->
                permissions.withArray("allow").add("mcp__mosaic-channel__" + t));
        Files.createDirectories(home.resolve(".claude"));
        Files.writeString(home.resolve(".claude/settings.json"), settings.toString());
    }

    private static String screen(String session) throws IOException, InterruptedException {
        return output("tmux", "capture-pane", "-t", session, "-p");
    }

    private static String output(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return text;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertThat(p.waitFor()).as(String.join(" ", command)).isZero();
    }
}
