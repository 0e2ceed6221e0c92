package dev.mosaic.hub;

import dev.mosaic.testing.FakeChannel;
import dev.mosaic.testing.TestHub;
import dev.mosaic.testing.TestHub.Pane;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What survives a hub restart: messages, panes with their tokens, channel registrations, the operator token. */
class RestartTest {
    @TempDir
    Path home;

    @Test
    void aRestartKeepsEveryMessagePaneAndToken() throws Exception {
        try (TestHub hub = new TestHub(home)) {
            Pane alice = hub.join("Alice");
            Pane bob = hub.join("Bob");
            String op = hub.op();
            for (int i = 0; i < 50; i++) {
                hub.send(alice.token(), "Bob", "m" + i);
            }
            hub.inbox(bob, "?limit=10");
            hub.restart();

            assertThat(hub.op()).as("shells holding the operator token keep working").isEqualTo(op);
            assertThat(hub.pane(bob.id()).path("name").asString()).isEqualTo("Bob");
            assertThat(hub.pane(bob.id()).path("unread").asLong()).isEqualTo(40);
            JsonNode rest = hub.inbox(bob, "");
            assertThat(rest.valueStream().map(m -> m.path("text").asString()))
                    .containsExactlyElementsOf(IntStream.range(10, 50).mapToObj(i -> "m" + i).toList());
            hub.send(bob.token(), "Alice", "after restart");
            assertThat(hub.inbox(alice, "")).hasSize(1);
            long[] seqs = hub.api().get(hub.op(), "/api/v1/threads/" + rest.get(0).path("thread_id").asString())
                    .json().path("messages").valueStream().mapToLong(m -> m.path("seq").asLong()).toArray();
            assertThat(seqs).isNotEmpty();
        }
        Path hubJson = home.resolve("hub.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(hubJson))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("mosaic.db"))))
                .isEqualTo("rw-------");
    }

    @Test
    void pushResumesAfterARestartToAChannelThatStayedUp() {
        try (TestHub hub = new TestHub(home); FakeChannel ch = new FakeChannel()) {
            Pane alice = hub.join("Alice");
            Pane bob = hub.join("Bob");
            ch.register(hub, bob);
            hub.send(alice.token(), "Bob", "before");
            await().atMost(Duration.ofSeconds(20)).until(() -> ch.accepted().size() == 1);
            hub.stop();
            hub.start();
            assertThat(hub.pane(bob.id()).path("delivery").asString()).isEqualTo("push");
            hub.send(alice.token(), "Bob", "after");
            await().atMost(Duration.ofSeconds(20)).until(() -> ch.accepted().size() == 2);
            assertThat(ch.acceptedTexts()).containsExactly("before", "after");
        }
    }

    @Test
    void messagesQueuedWhileTheHubWasDownAreCaughtUpOnStart() {
        try (TestHub hub = new TestHub(home); FakeChannel ch = new FakeChannel()) {
            Pane alice = hub.join("Alice");
            Pane bob = hub.join("Bob");
            ch.mode(FakeChannel.Mode.REFUSE);
            ch.register(hub, bob);
            hub.send(alice.token(), "Bob", "q1");
            hub.send(alice.token(), "Bob", "q2");
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    hub.pane(bob.id()).path("delivery").asString().equals("poll"));
            hub.stop();
            ch.mode(FakeChannel.Mode.ACCEPT);
            hub.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> ch.accepted().size() == 2);
            assertThat(ch.acceptedTexts()).containsExactly("q1", "q2");
        }
    }

    @Test
    void aSecondHubOnTheSameHomeIsRefusedAndClosingTwiceIsHarmless() {
        TestHub first = new TestHub(home);
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TestHub(home))
                    .hasMessageContaining("another hub is already running");
            assertThat(first.pane(first.join("Bob").id()).path("status").asString()).isEqualTo("live");
        } finally {
            first.close();
            first.close();
        }
        try (TestHub second = new TestHub(home)) {
            assertThat(second.api().get(second.op(), "/api/v1/panes").json().path("panes")).hasSize(1);
        }
    }

    @Test
    void aLongPollWakesWhenAFailedPushReturnsItsMessage() throws Exception {
        try (TestHub hub = new TestHub(home); FakeChannel ch = new FakeChannel()) {
            Pane alice = hub.join("Alice");
            Pane bob = hub.join("Bob");
            ch.mode(FakeChannel.Mode.REFUSE);
            ch.register(hub, bob);
            var poll = java.util.concurrent.CompletableFuture.supplyAsync(() -> hub.inbox(bob, "?wait=30"));
            hub.send(alice.token(), "Bob", "refused, then polled");
            JsonNode got = poll.get(25, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(got.valueStream().map(m -> m.path("text").asString())).containsExactly("refused, then polled");
        }
    }
}
