package dev.mosaic.cli;

import dev.mosaic.model.Json;
import dev.mosaic.testing.TestHub;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The command line against a real hub: what a person types, what they read, which exit code a script sees. */
class CliTest {
    @TempDir
    Path home;

    TestHub hub;
    Map<String, String> operatorEnv;

    @BeforeEach
    void start() {
        hub = new TestHub(home);
        operatorEnv = Map.of("MOSAIC_HOME", home.toString());
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    CliRun run(Map<String, String> env, String... args) {
        return CliRun.of(env, args);
    }

    /** The environment `eval "$(mosaic join NAME)"` leaves in a shell. */
    Map<String, String> join(String name) {
        CliRun r = run(operatorEnv, "join", name);
        assertThat(r.exit()).as(r.err()).isZero();
        Map<String, String> env = new HashMap<>(operatorEnv);
        Matcher m = Pattern.compile("(MOSAIC_\\w+)='([^']*)'").matcher(r.out());
        while (m.find()) {
            env.put(m.group(1), m.group(2));
        }
        assertThat(env).containsKeys("MOSAIC_URL", "MOSAIC_PANE_ID", "MOSAIC_TOKEN");
        return env;
    }

    @Test
    void loginPrintsAFreshOneTimeLinkEvenFromAPanesShell() throws Exception {
        Map<String, String> bob = join("Bob");
        CliRun first = run(bob, "login");
        CliRun second = run(operatorEnv, "login");

        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).matches("\\Q" + hub.url() + "/login?code=\\E[A-Za-z0-9_-]{22}\\R");
        assertThat(second.out()).isNotEqualTo(first.out());
        var http = java.net.http.HttpClient.newHttpClient();
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(first.out().strip())).build();
        assertThat(http.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode())
                .isEqualTo(303);
        assertThat(http.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode())
                .isEqualTo(401);
    }

    @Test
    void inboxAllShowsAPushedMessageNotYetReadAndMarksItRead() {
        Map<String, String> bob = join("Bob");
        TestHub.Pane pane = new TestHub.Pane(bob.get("MOSAIC_PANE_ID"), "Bob", bob.get("MOSAIC_TOKEN"));
        try (dev.mosaic.testing.FakeChannel channel = new dev.mosaic.testing.FakeChannel()) {
            channel.register(hub, pane);
            run(operatorEnv, "send", "Bob", "pushed, maybe missed");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> channel.accepted().size() == 1);
            assertThat(run(bob, "inbox").out()).as("a pushed message is no queued one").contains("No new messages.");
            CliRun all = run(bob, "inbox", "--all", "--peek");
            assertThat(all.exit()).as(all.err()).isZero();
            assertThat(all.out()).contains("    pushed, maybe missed");
            assertThat(run(bob, "inbox", "--all").out()).contains("    pushed, maybe missed");
            assertThat(run(bob, "inbox", "--all").out()).contains("No new messages.");
        }
    }

    @Test
    void theReadmeWalkThrough() {
        Map<String, String> bob = join("Bob");
        CliRun sent = run(operatorEnv, "send", "Bob", "hi");
        assertThat(sent.exit()).isZero();
        assertThat(sent.out()).matches("[0-9A-Z]{26}\tBob\\R");

        CliRun inbox = run(bob, "inbox");
        assertThat(inbox.exit()).isZero();
        assertThat(inbox.out()).contains("operator → Bob").contains("    hi");
        assertThat(run(bob, "inbox").out()).contains("No new messages.");

        CliRun panes = run(operatorEnv, "panes");
        assertThat(panes.out()).contains("NAME").contains("Bob").contains("poll");
        CliRun status = run(bob, "status");
        assertThat(status.out()).contains("is up").contains("You are pane " + bob.get("MOSAIC_PANE_ID"));
    }

    @Test
    void aReplyThreadsAndJsonShowsTheApisAnswer() {
        Map<String, String> bob = join("Bob");
        String id = run(operatorEnv, "send", "Bob", "question", "--subject", "Q").out().split("\t")[0];
        CliRun reply = run(bob, "send", "operator", "answer", "--reply-to", id, "--json");
        assertThat(reply.exit()).isZero();
        JsonNode answer = Json.MAPPER.readTree(reply.out());
        assertThat(answer.path("messages").get(0).path("thread_id").asString()).isEqualTo(id);

        CliRun thread = run(operatorEnv, "thread", id, "--json");
        JsonNode messages = Json.MAPPER.readTree(thread.out()).path("messages");
        assertThat(messages.valueStream().map(m -> m.path("text").asString())).containsExactly("question", "answer");
        assertThat(run(operatorEnv, "inbox", "--peek").out()).contains("Bob → operator").contains("answer");
    }

    @Test
    void badInputExitsTwoAndAnUnreachableHubExitsOne() {
        CliRun unknown = run(operatorEnv, "send", "Nobody", "hi");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("no live pane is named").contains("Nobody");
        assertThat(unknown.out()).isEmpty();

        CliRun badOption = run(operatorEnv, "inbox", "--wait", "soon");
        assertThat(badOption.exit()).isEqualTo(2);
        assertThat(badOption.err()).contains("--wait");

        CliRun taken = run(operatorEnv, "join", "operator");
        assertThat(taken.exit()).isEqualTo(2);

        CliRun noHub = run(Map.of("MOSAIC_HOME", home.resolve("elsewhere").toString()), "panes");
        assertThat(noHub.exit()).isEqualTo(1);
        assertThat(noHub.err()).contains("no hub found").contains("mosaic up");

        hub.stop();
        CliRun down = run(operatorEnv, "panes");
        assertThat(down.exit()).isEqualTo(1);
        assertThat(down.err()).contains("cannot reach the hub");
        hub.start();
    }

    /** Text an agent might send to take over the operator's terminal: clipboard write, clear screen, title, bell. */
    static final String HOSTILE = "before\u001b]52;c;cm0gLXJmIH4=\u0007 \u001b[2J\u001b[31mred\u001b[0m \u0007bell "
            + "\u001bPdcs\u001b\\ \u009b6n c1 \u007fdel \rcarriage\ttab\u001b]0;title\nsecond line\u001b";
    /** Any character a terminal may act on, other than newline and tab. */
    static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f]");

    @Test
    void terminalControlSequencesInMessagesNeverReachTheTerminal() {
        Map<String, String> bob = join("Bob");
        String thread = hub.send(hub.op(), "Bob", HOSTILE).get(0).path("thread_id").asString();
        hub.api().post(hub.op(), "/api/v1/messages", "{\"to\":\"Bob\",\"text\":\"x\",\"subject\":"
                + Json.MAPPER.writeValueAsString("\u001b[2Jsubject\u0007") + "}");

        for (CliRun r : new CliRun[] {run(bob, "inbox", "--peek"), run(operatorEnv, "thread", thread)}) {
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(CONTROL.matcher(r.out()).find()).as("control characters in %s", Json.MAPPER
                    .writeValueAsString(r.out())).isFalse();
            assertThat(r.out()).contains("    before red bell   c1 del carriage\ttab", "    second line");
        }
        assertThat(run(bob, "inbox").out()).contains("(subject)");
    }

    @Test
    void tailStripsTerminalControlSequencesToo() {
        join("Bob");
        StringWriter out = new StringWriter();
        Thread tail = Thread.ofVirtual().start(() ->
                Cli.build(operatorEnv, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true))
                        .execute("tail"));
        try {
            // The stream shows only what is sent after it connected: send until the tail has shown one.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!out.toString().contains("second line")) {
                    hub.send(hub.op(), "Bob", HOSTILE);
                }
                return out.toString().contains("second line");
            });
            assertThat(CONTROL.matcher(out.toString()).find()).as("control characters in %s", Json.MAPPER
                    .writeValueAsString(out.toString())).isFalse();
            assertThat(out.toString()).contains("    before red bell");
        } finally {
            tail.interrupt();
        }
    }

    @Test
    void tailShowsASeenReceipt() {
        Map<String, String> bob = join("Bob");
        TestHub.Pane pane = new TestHub.Pane(bob.get("MOSAIC_PANE_ID"), "Bob", bob.get("MOSAIC_TOKEN"));
        StringWriter out = new StringWriter();
        try (dev.mosaic.testing.FakeChannel channel = new dev.mosaic.testing.FakeChannel()) {
            channel.register(hub, pane);
            Thread tail = Thread.ofVirtual().start(() ->
                    Cli.build(operatorEnv, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true))
                            .execute("tail"));
            try {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    if (!out.toString().contains("pushed (push)")) {
                        hub.send(hub.op(), "Bob", "see me");
                    }
                    return out.toString().contains("pushed (push)");
                });
                String id = channel.accepted().getFirst().path("id").asString();
                assertThat(hub.api().post(pane.token(), "/api/v1/panes/" + pane.id() + "/agent-events",
                        "{\"session_id\":\"s\",\"hook_event_name\":\"UserPromptSubmit\",\"prompt\":"
                                + dev.mosaic.testing.ApiClient.q("<channel source=\"mosaic-channel\" message_id=\""
                                + id + "\">see me</channel>") + "}").status()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(10)).until(() -> out.toString().contains(id + " → Bob: seen (push)"));
            } finally {
                tail.interrupt();
            }
        }
    }

    @Test
    void helpReadsWell() {
        CliRun help = run(operatorEnv, "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("up", "join", "send", "inbox", "thread", "tail", "Exit codes");
        CliRun sendHelp = run(operatorEnv, "send", "--help");
        assertThat(sendHelp.out()).contains("--reply-to", "--subject", "TO", "TEXT");
    }
}
