package dev.mosaic.hub;

import dev.mosaic.delivery.SeenPolicy;
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

import java.nio.file.Path;
import java.time.Duration;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Seen receipts and unseen pushes (DESIGN.md §10), over HTTP against a real hub: Claude Code's UserPromptSubmit hook
 * carries the channel tags the agent took in; a push an idle agent never took in goes back to the queue. The 30 s
 * are the real ones, on a clock the test moves; the sweep runs every 20 ms.
 */
class SeenReceiptsTest {
    private static final Duration NOT_SEEN_AFTER = Duration.ofSeconds(30);
    private static final Duration PAST_IT = NOT_SEEN_AFTER.plusSeconds(1);

    @TempDir
    Path home;

    final AheadClock clock = new AheadClock();
    TestHub hub;
    ApiClient api;
    Pane alice;
    Pane bob;
    FakeChannel bobsChannel;
    EventLog events;

    @BeforeEach
    void start() throws Exception {
        hub = new TestHub(home, c -> c.withSeen(new SeenPolicy(NOT_SEEN_AFTER, Duration.ofMillis(20))), clock);
        api = hub.api();
        alice = hub.join("Alice");
        bob = hub.join("Bob");
        bobsChannel = new FakeChannel();
        bobsChannel.register(hub, bob);
        events = new EventLog(hub);
    }

    @AfterEach
    void stop() throws Exception {
        events.close();
        bobsChannel.close();
        hub.close();
    }

    private Answer hook(Pane p, String event, String extra) {
        return api.post(p.token(), "/api/v1/panes/" + p.id() + "/agent-events", "{\"session_id\":\"s-1\","
                + "\"transcript_path\":\"/t.jsonl\",\"cwd\":\"/w\",\"hook_event_name\":\"" + event + "\"" + extra + "}");
    }

    /** The UserPromptSubmit hook Claude Code runs when it takes this prompt in. */
    private Answer prompt(Pane p, String prompt) {
        return hook(p, "UserPromptSubmit", ",\"prompt\":" + ApiClient.q(prompt));
    }

    /** The block Claude Code shows the model for a pushed message, with its attributes in Claude Code's order. */
    private static String block(JsonNode m) {
        return "<channel source=\"mosaic-channel\" from_name=\"" + m.path("from_name").asString() + "\" from_id=\""
                + m.path("from_id").asString() + "\" message_id=\"" + m.path("id").asString() + "\" thread_id=\""
                + m.path("thread_id").asString() + "\" sent_at=\"" + m.path("created_at").asString() + "\">\n"
                + m.path("text").asString() + "\n</channel>";
    }

    private JsonNode message(String id) {
        Answer a = api.get(hub.op(), "/api/v1/messages/" + id);
        assertThat(a.status()).as("message %s: %s", id, a).isEqualTo(200);
        return a.json();
    }

    /** Sends from Alice to the pane and waits until the push went through. */
    private JsonNode pushed(Pane to, String text) {
        String id = hub.send(alice.token(), to.id(), text).get(0).path("id").asString();
        await().atMost(Duration.ofSeconds(10)).until(() -> message(id).path("status").asString().equals("pushed"));
        return message(id);
    }

    private String delivery(Pane p) {
        return hub.pane(p.id()).path("delivery").asString();
    }

    @Test
    void aPromptHoldingPushedMessagesMarksThemSeenAndEmitsADeliveryEvent() {
        JsonNode first = pushed(bob, "first");
        JsonNode second = pushed(bob, "second <b>&</b>");
        assertThat(first.path("seen_at").isNull()).as("not seen yet, and shown as such").isTrue();
        // Attributes in another order, single quotes, an escaped value: what matters is the message_id.
        String reordered = "<channel message_id='" + second.path("id").asString() + "' subject=\"a &quot;quoted&quot;"
                + " subject\" source=\"mosaic-channel\">\nsecond\n</channel>";
        Answer a = prompt(bob, block(first) + "\n" + reordered);
        assertThat(a.status()).as("%s", a).isEqualTo(200);
        assertThat(a.json().path("seen").valueStream().map(JsonNode::asString).toList())
                .containsExactly(first.path("id").asString(), second.path("id").asString());

        JsonNode now = message(first.path("id").asString());
        assertThat(now.path("seen_at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(now.path("status").asString()).isEqualTo("pushed");
        assertThat(now.path("delivered_via").asString()).isEqualTo("push");
        await().atMost(Duration.ofSeconds(5)).until(() -> events.of("delivery").stream()
                .filter(d -> d.path("seen").asBoolean(false)).count() == 2);
        JsonNode event = events.of("delivery").stream().filter(d -> d.path("seen").asBoolean(false)).findFirst()
                .orElseThrow();
        assertThat(event.path("message_id").asString()).isEqualTo(first.path("id").asString());
        assertThat(event.path("to_id").asString()).isEqualTo(bob.id());
        assertThat(event.path("seen_at").asString()).isEqualTo(now.path("seen_at").asString());

        assertThat(prompt(bob, block(first)).json().path("seen").isEmpty()).as("seen once").isTrue();
        assertThat(message(first.path("id").asString()).path("seen_at").asString())
                .isEqualTo(now.path("seen_at").asString());
    }

    @Test
    void aBlockNamingAnotherPanesMessageIsIgnored() {
        Pane carol = hub.join("Carol");
        try (FakeChannel carols = new FakeChannel()) {
            carols.register(hub, carol);
            JsonNode toCarol = pushed(carol, "for Carol only");
            Answer a = prompt(bob, block(toCarol));
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.json().path("seen").isEmpty()).isTrue();
            assertThat(message(toCarol.path("id").asString()).path("seen_at").isNull())
                    .as("a receipt from Bob says nothing about Carol's message").isTrue();
            String queuedForBob = hub.send(alice.token(), "operator", "not pushed").get(0).path("id").asString();
            assertThat(prompt(bob, "<channel source=\"mosaic-channel\" message_id=\"" + queuedForBob + "\">x</channel>")
                    .json().path("seen").isEmpty()).as("never pushed to Bob").isTrue();
            assertThat(events.of("delivery")).noneMatch(d -> d.path("seen").asBoolean(false));
        }
    }

    @Test
    void aMalformedReportIsRefusedAndRecordsNothing() {
        JsonNode m = pushed(bob, "hello");
        hook(bob, "Stop", "");
        String id = m.path("id").asString();
        for (String body : List.of("{\"session_id\":\"s-1\",\"hook_event_name\":\"UserPromptSubmit\",\"prompt\":7}",
                "{\"session_id\":\"s-1\",\"hook_event_name\":\"UserPromptSubmit\",\"prompt\":[\"" + id + "\"]}",
                "{\"hook_event_name\":\"UserPromptSubmit\",\"prompt\":" + ApiClient.q(block(m)) + "}",
                "{\"session_id\":\"s-1\",\"hook_event_name\":\"UserPromptSubmit\",\"prompt\":"
                        + ApiClient.q(block(m)))) {
            Answer a = api.post(bob.token(), "/api/v1/panes/" + bob.id() + "/agent-events", body);
            assertThat(a.status()).as(body).isEqualTo(400);
            assertThat(a.code()).isEqualTo("bad_request");
        }
        assertThat(message(id).path("seen_at").isNull()).isTrue();
        assertThat(hub.pane(bob.id()).path("agent_state").asString()).as("the state is untouched too")
                .isEqualTo("idle");
        assertThat(events.of("delivery")).noneMatch(d -> d.path("seen").asBoolean(false));
    }

    @Test
    void anUnseenPushToAnIdleAgentIsAlertedRequeuedAndThePaneFallsBackToPollUntilAPushIsSeen() {
        hook(bob, "Stop", "");
        JsonNode lost = pushed(bob, "into the void");
        String id = lost.path("id").asString();
        assertThat(delivery(bob)).isEqualTo("push");

        clock.advance(PAST_IT);
        await().atMost(Duration.ofSeconds(10)).until(() -> message(id).path("status").asString().equals("queued"));
        clock.advance(PAST_IT.negated()); // back to now: pushes from here on are young
        JsonNode back = message(id);
        assertThat(back.path("redelivered").asBoolean()).isTrue();
        assertThat(back.path("delivered_via").isNull()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> !events.of("alert").isEmpty());
        JsonNode alert = events.of("alert").getFirst();
        assertThat(alert.path("code").asString()).isEqualTo("not_seen");
        assertThat(alert.path("pane_id").asString()).isEqualTo(bob.id());
        assertThat(alert.path("message_id").asString()).isEqualTo(id);
        assertThat(events.of("delivery")).anyMatch(d -> d.path("message_id").asString().equals(id)
                && d.path("status").asString().equals("queued") && d.path("redelivered").asBoolean(false));
        await().atMost(Duration.ofSeconds(5)).until(() -> delivery(bob).equals("poll"));
        await().atMost(Duration.ofSeconds(5)).until(() -> events.of("pane").stream()
                .anyMatch(p -> p.path("id").asString().equals(bob.id()) && p.path("delivery").asString().equals("poll")));

        // Not pushed into the void again: it waits for a poll, and so does what comes after it.
        String waiting = hub.send(alice.token(), bob.id(), "behind it").get(0).path("id").asString();
        int pushes = bobsChannel.accepted().size();
        JsonNode polled = hub.inbox(bob, "");
        assertThat(polled.valueStream().map(n -> n.path("id").asString()).toList()).containsExactly(id, waiting);
        assertThat(polled.get(0).path("redelivered").asBoolean()).isTrue();
        assertThat(bobsChannel.accepted()).hasSize(pushes);

        // A later push goes out as a probe; once it is seen, push is back.
        JsonNode probe = pushed(bob, "a probe");
        assertThat(delivery(bob)).as("pushed is not seen").isEqualTo("poll");
        assertThat(prompt(bob, block(probe)).json().path("seen").size()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> delivery(bob).equals("push"));
        JsonNode after = pushed(bob, "after");
        assertThat(after.path("status").asString()).isEqualTo("pushed");
    }

    @Test
    void thePollFallbackOutlivesAHubRestartUntilAPushIsSeen() throws Exception {
        hook(bob, "Stop", "");
        String id = pushed(bob, "into the void").path("id").asString();
        clock.advance(PAST_IT);
        await().atMost(Duration.ofSeconds(10)).until(() -> delivery(bob).equals("poll"));
        clock.advance(PAST_IT.negated());
        events.close();
        hub.restart();
        api = hub.api();
        events = new EventLog(hub);
        assertThat(delivery(bob)).as("the mark is kept with the registration").isEqualTo("poll");
        assertThat(hub.inbox(bob, "").valueStream().map(n -> n.path("id").asString()).toList()).containsExactly(id);
        JsonNode probe = pushed(bob, "a probe after the restart");
        assertThat(delivery(bob)).isEqualTo("poll");
        prompt(bob, block(probe));
        await().atMost(Duration.ofSeconds(5)).until(() -> delivery(bob).equals("push"));
    }

    @Test
    void aPaneWhoseAgentStateIsUnknownIsNeverRequeued() {
        Pane plain = hub.join("Plain");
        try (FakeChannel plains = new FakeChannel()) {
            plains.register(hub, plain);
            hook(bob, "Stop", "");
            JsonNode toPlain = pushed(plain, "a shell agent has no hooks");
            JsonNode toBob = pushed(bob, "Bob idles");
            clock.advance(PAST_IT);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> message(toBob.path("id").asString()).path("status").asString().equals("queued"));
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                    .until(() -> message(toPlain.path("id").asString()).path("status").asString().equals("pushed"));
            // A live channel's health check (every 5 s, DESIGN §4) keeps its lease across the 31 s the clock moved.
            assertThat(api.get(plain.token(), "/api/v1/health").status()).isEqualTo(200);
            assertThat(delivery(plain)).isEqualTo("push");
            assertThat(events.of("alert")).noneMatch(a -> a.path("pane_id").asString().equals(plain.id()));
        }
    }

    @Test
    void aWorkingAgentsPushIsNotRequeued() {
        hook(bob, "UserPromptSubmit", ",\"prompt\":\"typed by the human\"");
        JsonNode m = pushed(bob, "taken in when the turn ends");
        clock.advance(PAST_IT);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                .until(() -> message(m.path("id").asString()).path("status").asString().equals("pushed"));
    }

    @Test
    void aSeenThatArrivesBeforeTheSweepPreventsTheRequeue() {
        hook(bob, "Stop", "");
        JsonNode seen = pushed(bob, "taken in");
        assertThat(prompt(bob, block(seen)).json().path("seen").size()).isEqualTo(1);
        hook(bob, "Stop", "");
        JsonNode unseen = pushed(bob, "not taken in");
        clock.advance(PAST_IT);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> message(unseen.path("id").asString()).path("status").asString().equals("queued"));
        JsonNode kept = message(seen.path("id").asString());
        assertThat(kept.path("status").asString()).isEqualTo("pushed");
        assertThat(kept.path("redelivered").asBoolean(false)).isFalse();
        assertThat(events.of("alert")).extracting(a -> a.path("message_id").asString())
                .containsExactly(unseen.path("id").asString());
    }

    /** The real time, put ahead by hand: the hub's cut-offs jump while the store's own times stay real. */
    static final class AheadClock extends Clock {
        private final AtomicReference<Duration> ahead = new AtomicReference<>(Duration.ZERO);

        void advance(Duration d) {
            ahead.updateAndGet(a -> a.plus(d));
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(ahead.get());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
