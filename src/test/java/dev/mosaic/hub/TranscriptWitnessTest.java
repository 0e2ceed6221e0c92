package dev.mosaic.hub;

import dev.mosaic.delivery.SeenPolicy;
import dev.mosaic.model.Json;
import dev.mosaic.testing.ApiClient;
import dev.mosaic.testing.ApiClient.Answer;
import dev.mosaic.testing.EventLog;
import dev.mosaic.testing.FakeChannel;
import dev.mosaic.testing.TestHub;
import dev.mosaic.testing.TestHub.Pane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The session transcript as the second witness of seen (DESIGN.md §10), over HTTP against a real hub: a hook names
 * the transcript, Claude Code's lines are appended to a real file as it writes them, and the sweep (every 20 ms here,
 * on a clock the test moves past the 30 s) reads it before it decides a push went unseen.
 */
class TranscriptWitnessTest {
    private static final Duration PAST_IT = Duration.ofSeconds(31);
    private static final String SESSION = "5a8e0c1e-0000-4000-8000-000000000001";

    @TempDir
    Path home;

    final SeenReceiptsTest.AheadClock clock = new SeenReceiptsTest.AheadClock();
    TestHub hub;
    ApiClient api;
    Pane alice;
    Pane bob;
    FakeChannel bobsChannel;
    EventLog events;
    Path transcript;

    @BeforeEach
    void start() throws Exception {
        hub = new TestHub(home, c -> c.withSeen(new SeenPolicy(Duration.ofSeconds(30), Duration.ofMillis(20))),
                clock);
        api = hub.api();
        alice = hub.join("Alice");
        bob = hub.join("Bob");
        bobsChannel = new FakeChannel();
        bobsChannel.register(hub, bob);
        events = new EventLog(hub);
        transcript = Files.createDirectories(home.resolve("claude-home/.claude/projects/-work-bob"))
                .resolve(SESSION + ".jsonl");
    }

    @AfterEach
    void stop() throws Exception {
        events.close();
        bobsChannel.close();
        hub.close();
    }

    private Answer hook(Pane p, String event, String transcriptPath) {
        return api.post(p.token(), "/api/v1/panes/" + p.id() + "/agent-events", "{\"session_id\":\"" + SESSION
                + "\",\"transcript_path\":" + ApiClient.q(transcriptPath) + ",\"cwd\":\"/work/bob\","
                + "\"hook_event_name\":\"" + event + "\"}");
    }

    /** Bob's agent idles, and its hooks name the transcript. */
    private void idleWith(String transcriptPath) {
        Answer a = hook(bob, "Stop", transcriptPath);
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
    }

    private static String block(JsonNode m) {
        return "<channel source=\"mosaic-channel\" from_name=\"Alice\" message_id=\"" + m.path("id").asString()
                + "\" thread_id=\"" + m.path("thread_id").asString() + "\">\n" + m.path("text").asString()
                + "\n</channel>";
    }

    /** The line Claude Code writes when a turn starts with the message. */
    private static String userLine(String content) {
        ObjectNode line = Json.MAPPER.createObjectNode().put("type", "user").put("isMeta", true);
        line.putObject("message").put("role", "user").put("content", content);
        line.putObject("origin").put("kind", "channel").put("server", "mosaic-channel");
        return Json.MAPPER.writeValueAsString(line);
    }

    /** The line Claude Code writes when it takes the message in mid-turn. */
    private static String queuedCommand(String prompt) {
        ObjectNode line = Json.MAPPER.createObjectNode().put("type", "attachment");
        line.putObject("attachment").put("type", "queued_command").put("prompt", prompt);
        return Json.MAPPER.writeValueAsString(line);
    }

    /** The line Claude Code writes on arrival, before the model took anything in. */
    private static String queueOperation(String content) {
        return Json.MAPPER.writeValueAsString(Json.MAPPER.createObjectNode().put("type", "queue-operation")
                .put("operation", "enqueue").put("content", content));
    }

    private void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private JsonNode message(String id) {
        return api.get(hub.op(), "/api/v1/messages/" + id).json();
    }

    private JsonNode pushed(Pane to, String text) {
        String id = hub.send(alice.token(), to.id(), text).get(0).path("id").asString();
        await().atMost(Duration.ofSeconds(10)).until(() -> message(id).path("status").asString().equals("pushed"));
        return message(id);
    }

    private boolean seen(JsonNode m) {
        return !message(m.path("id").asString()).path("seen_at").isNull();
    }

    private String status(JsonNode m) {
        return message(m.path("id").asString()).path("status").asString();
    }

    /** Moves the clock past the 30 s, waits for the sweep to requeue {@code unseen}, and moves it back. */
    private void sweepPast(JsonNode unseen) {
        clock.advance(PAST_IT);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> status(unseen).equals("queued"));
        } finally {
            clock.advance(PAST_IT.negated());
        }
    }

    @Test
    void aUserLineMarksAPushSeenThatNoHookReportedAndItIsNotSentAgain() throws Exception {
        idleWith(transcript.toString());
        JsonNode m = pushed(bob, "taken in, but the hook's report was lost");
        append(transcript, queueOperation(block(m)) + "\n" + userLine(block(m)) + "\n");

        await().atMost(Duration.ofSeconds(10)).until(() -> seen(m));
        await().atMost(Duration.ofSeconds(5)).until(() -> events.of("delivery").stream().anyMatch(d ->
                d.path("message_id").asString().equals(m.path("id").asString()) && d.path("seen").asBoolean(false)));
        JsonNode control = pushed(bob, "never taken in");
        sweepPast(control);
        assertThat(status(m)).as("seen: not requeued").isEqualTo("pushed");
        assertThat(message(m.path("id").asString()).path("redelivered").asBoolean(false)).isFalse();
        assertThat(events.of("alert")).extracting(a -> a.path("message_id").asString())
                .containsExactly(control.path("id").asString());
    }

    @Test
    void aQueuedCommandCountsAndAQueueOperationLineAloneDoesNot() throws Exception {
        idleWith(transcript.toString());
        JsonNode waiting = pushed(bob, "arrived while a permission prompt waited");
        JsonNode midTurn = pushed(bob, "taken in mid-turn");
        append(transcript, queueOperation(block(waiting)) + "\n" + queueOperation(block(midTurn)) + "\n"
                + queuedCommand(block(midTurn)) + "\n");

        await().atMost(Duration.ofSeconds(10)).until(() -> seen(midTurn));
        sweepPast(waiting);
        assertThat(seen(waiting)).as("only queued on arrival: not seen").isFalse();
        assertThat(message(waiting.path("id").asString()).path("redelivered").asBoolean()).isTrue();
        assertThat(status(midTurn)).isEqualTo("pushed");
    }

    @Test
    void malformedLinesHugeLinesToolOutputAndAnotherPanesIdsNeverMakeASeen() throws Exception {
        Pane carol = hub.join("Carol");
        try (FakeChannel carols = new FakeChannel()) {
            carols.register(hub, carol);
            idleWith(transcript.toString());
            JsonNode m = pushed(bob, "must stay unseen");
            JsonNode carolsOwn = pushed(carol, "Carol's");
            String id = m.path("id").asString();
            ObjectNode toolResult = Json.MAPPER.createObjectNode().put("type", "user");
            toolResult.putObject("message").put("role", "user").putArray("content").addObject()
                    .put("type", "tool_result").put("tool_use_id", "toolu_1").put("content", block(m));
            ObjectNode assistant = Json.MAPPER.createObjectNode().put("type", "assistant");
            assistant.putObject("message").put("role", "assistant").putArray("content").addObject()
                    .put("type", "text").put("text", block(m));
            String huge = userLine(block(m) + "x".repeat(TranscriptFile.MAX_LINE));
            append(transcript, String.join("\n", List.of(
                    "not json " + block(m),
                    "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"<channel message_id=\\\"" + id,
                    "{\"type\":\"user\",\"message\":7,\"message_id\":\"" + id + "\"}",
                    "[\"message_id\",\"" + id + "\"]",
                    "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":{\"message_id\":\"" + id + "\"}}}",
                    "{\"type\":[\"user\"],\"message\":{\"role\":\"user\",\"content\":" + ApiClient.q(block(m)) + "}}",
                    Json.MAPPER.writeValueAsString(toolResult),
                    Json.MAPPER.writeValueAsString(assistant),
                    "{\"type\":\"api-request-blob\",\"text\":" + ApiClient.q(block(m)) + "}",
                    huge,
                    userLine(block(carolsOwn)))) + "\n");
            Files.write(transcript, new byte[]{(byte) 0xff, (byte) 0xfe, 0, 'm', 'e', 's', 's', 'a', 'g', 'e', '_',
                    'i', 'd', '\n'}, StandardOpenOption.APPEND); // no UTF-8
            JsonNode sentinel = pushed(bob, "a sentinel, well formed");
            append(transcript, userLine(block(sentinel)) + "\n");

            await().atMost(Duration.ofSeconds(20)).until(() -> seen(sentinel));
            assertThat(seen(m)).isFalse();
            assertThat(seen(carolsOwn)).as("Bob's transcript says nothing about Carol's message").isFalse();
            sweepPast(m);
            assertThat(message(id).path("redelivered").asBoolean()).isTrue();
        }
    }

    @Test
    void aTranscriptMissingUnreadableOrNotClaudeCodesIsNoErrorAndChangesNothing() throws Exception {
        JsonNode m = pushed(bob, "unseen");
        Path elsewhere = Files.createDirectories(home.resolve("elsewhere")).resolve(SESSION + ".jsonl");
        append(elsewhere, userLine(block(m)) + "\n");
        Path dir = transcript.getParent();
        Path link = Files.createDirectories(home.resolve("claude-home/.claude/projects/-link"))
                .resolve(SESSION + ".jsonl");
        Files.createSymbolicLink(link, elsewhere);
        Path fifo = Files.createDirectories(home.resolve("claude-home/.claude/projects/-fifo")).resolve(SESSION
                + ".jsonl");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        Path directory = Files.createDirectories(home.resolve("claude-home/.claude/projects/-dir")
                .resolve(SESSION + ".jsonl"));
        for (String path : List.of(transcript.toString(), // not written yet
                elsewhere.toString(), // not in a projects folder
                link.toString(), // a symbolic link: not followed
                fifo.toString(), // would block a reader forever
                directory.toString(),
                dir.resolve("..").resolve("-work-bob").resolve(SESSION + ".jsonl").toString(),
                "relative/projects/x/" + SESSION + ".jsonl",
                dir.resolve("another-session.jsonl").toString(),
                "", "/", "\u0000")) {
            Answer a = hook(bob, "Stop", path);
            assertThat(a.status()).as("%s: %s", path, a).isEqualTo(200);
        }
        Answer notAString = api.post(bob.token(), "/api/v1/panes/" + bob.id() + "/agent-events", "{\"session_id\":\""
                + SESSION + "\",\"transcript_path\":7,\"hook_event_name\":\"Stop\"}");
        assertThat(notAString.status()).isEqualTo(400);
        assertThat(notAString.code()).isEqualTo("bad_request");

        sweepPast(m);
        assertThat(seen(m)).isFalse();
        assertThat(hub.pane(bob.id()).path("agent_state").asString()).isEqualTo("idle");

        assertThat(hub.inbox(bob, "").get(0).path("id").asString()).as("back in the inbox")
                .isEqualTo(m.path("id").asString());
        assertThat(hub.pane(bob.id()).path("delivery").asString()).isEqualTo("poll");

        // The transcript that was missing appears: read from then on, and a probe it shows seen brings push back.
        idleWith(transcript.toString());
        JsonNode probe = pushed(bob, "a probe");
        append(transcript, userLine(block(probe)) + "\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> seen(probe));
        await().atMost(Duration.ofSeconds(5)).until(() -> hub.pane(bob.id()).path("delivery").asString()
                .equals("push"));
    }

    @Test
    void anUnreadableTranscriptIsSkippedUntilItReadsAgain() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse("root".equals(System.getProperty("user.name")),
                "root reads a file whatever its mode");
        append(transcript, "");
        idleWith(transcript.toString());
        JsonNode m = pushed(bob, "behind a closed file");
        append(transcript, userLine(block(m)) + "\n");
        Files.setPosixFilePermissions(transcript, java.util.Set.of());
        try {
            JsonNode control = pushed(bob, "control");
            sweepPast(control);
            assertThat(seen(m)).isFalse();
        } finally {
            Files.setPosixFilePermissions(transcript,
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> seen(m));
    }

    @Test
    void aLineIsReadOnceWholeAndARotatedTranscriptFromItsStart() throws Exception {
        idleWith(transcript.toString());
        JsonNode first = pushed(bob, "first");
        String line = userLine(block(first));
        append(transcript, line.substring(0, line.length() / 2));
        JsonNode marker = pushed(bob, "marker");
        // The half line stays unread while the sweep passes; a later line in another transcript proves passes ran.
        Path other = transcript.resolveSibling("5a8e0c1e-0000-4000-8000-000000000002.jsonl");
        Answer a = api.post(bob.token(), "/api/v1/panes/" + bob.id() + "/agent-events", "{\"session_id\":"
                + "\"5a8e0c1e-0000-4000-8000-000000000002\",\"transcript_path\":" + ApiClient.q(other.toString())
                + ",\"hook_event_name\":\"Notification\"}");
        assertThat(a.status()).isEqualTo(200);
        append(other, userLine(block(marker)) + "\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> seen(marker));
        assertThat(seen(first)).as("half a line is no line").isFalse();
        append(transcript, line.substring(line.length() / 2) + "\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> seen(first));

        // Rotated: a new file in its place (another inode), shorter than what was read.
        JsonNode second = pushed(bob, "second");
        Path next = transcript.resolveSibling("next");
        Files.writeString(next, userLine(block(second)) + "\n");
        Files.move(next, transcript, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        await().atMost(Duration.ofSeconds(10)).until(() -> seen(second));
        // Rewritten in place (same inode), longer than what was read: told by the bytes before the read end.
        JsonNode third = pushed(bob, "third, and longer than the second");
        Files.writeString(transcript, userLine(block(third)) + "\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> seen(third));
    }
}
