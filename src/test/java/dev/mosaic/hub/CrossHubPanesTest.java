package dev.mosaic.hub;

import dev.mosaic.testing.AgentChannel;
import dev.mosaic.testing.EventLog;
import dev.mosaic.testing.PostgresServer;
import dev.mosaic.testing.SharedPostgres;
import dev.mosaic.testing.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two hubs on one PostgreSQL database (DESIGN.md §6), in this JVM, with real `mosaic channel` processes: what one hub
 * knows of a pane that the other must not miss: a channel that moved to the other hub (no push to its old port), and
 * a channel that went quiet there (poll on both, with a pane event).
 */
@ExtendWith(SharedPostgres.class)
class CrossHubPanesTest {
    @TempDir
    Path dir;

    private final PostgresServer server;
    private TestHub a;
    private TestHub b;

    CrossHubPanesTest(PostgresServer server) {
        this.server = server;
    }

    @BeforeEach
    void start() throws Exception {
        String url = server.url(server.newDatabase());
        Path password = dir.resolve("pgpass");
        Files.writeString(password, PostgresServer.PASSWORD);
        a = new TestHub(dir.resolve("a"), c -> c.withDatabase(url).withDatabasePasswordFile(password));
        b = new TestHub(dir.resolve("b"), c -> c.withDatabase(url).withDatabasePasswordFile(password));
    }

    @AfterEach
    void stop() {
        b.close();
        a.close();
    }

    private static List<String> texts(AgentChannel channel) {
        return channel.seen().stream().map(AgentChannel.Seen::text).toList();
    }

    private static String delivery(TestHub hub, TestHub.Pane p) {
        return hub.pane(p.id()).path("delivery").asString();
    }

    /**
     * Bob's channel registered with hub A, then a new one with hub B (latest wins) while the first still runs: every
     * later message, sent through either hub, reaches the new channel only, in order, once; the old one gets none,
     * though hub A had an idle lane to it that a send through A would have claimed for.
     */
    @Test
    void aChannelThatMovedToAnotherHubIsPushedThereOnlyInOrderOnce() throws Exception {
        TestHub.Pane bob = a.join("Bob");
        try (AgentChannel old = new AgentChannel(AgentChannel.paneEnv(a.url(), bob, dir.resolve("c1")),
                dir.resolve("c1.log"))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> delivery(a, bob).equals("push"));
            a.send(a.op(), "Bob", "before the move");
            await().atMost(Duration.ofSeconds(20)).until(() -> texts(old).equals(List.of("before the move")));

            try (AgentChannel moved = new AgentChannel(AgentChannel.paneEnv(b.url(), bob, dir.resolve("c2")),
                    dir.resolve("c2.log"))) {
                // Hub B shows push either way (the registration says so): the channel's own log tells it registered.
                await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(dir.resolve("c2.log"))
                        .contains("registered with the hub at " + b.url()));
                List<String> sent = new ArrayList<>();
                for (int i = 1; i <= 6; i++) {
                    String text = "after the move " + i;
                    (i % 2 == 1 ? a : b).send((i % 2 == 1 ? a : b).op(), "Bob", text);
                    sent.add(text);
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> texts(moved).size() >= 6);
                assertThat(texts(moved)).as("in order, once each").containsExactlyElementsOf(sent);
                assertThat(texts(old)).as("nothing to the old port").containsExactly("before the move");
                assertThat(delivery(a, bob)).isEqualTo("push");
                assertThat(a.inbox(bob, "?peek=true").path("messages")).as("nothing waits").isEmpty();
            }
        }
    }

    /**
     * Bob's channel on hub B is killed: B's lease lapses at once (its presence stream closed), and hub A, which holds
     * no lease for it, shows Bob poll too, with a pane event on its stream; a new channel brings push back on both.
     */
    @Test
    void aChannelGoneQuietOnItsHubShowsPollOnEveryHubWithAPaneEvent() throws Exception {
        TestHub.Pane bob = b.join("Bob");
        try (EventLog eventsOnA = new EventLog(a)) {
            AgentChannel channel = new AgentChannel(AgentChannel.paneEnv(b.url(), bob, dir.resolve("c1")),
                    dir.resolve("c1.log"));
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> delivery(b, bob).equals("push")
                        && delivery(a, bob).equals("push"));
                channel.kill9();
                await().atMost(Duration.ofSeconds(20)).until(() -> delivery(b, bob).equals("poll"));
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    assertThat(delivery(a, bob)).as("hub A sees hub B's lapse").isEqualTo("poll");
                    assertThat(paneEvents(eventsOnA, bob)).as("hub A's stream tells").contains("poll");
                });
            } finally {
                channel.close();
            }
            try (AgentChannel again = new AgentChannel(AgentChannel.paneEnv(b.url(), bob, dir.resolve("c2")),
                    dir.resolve("c2.log"))) {
                await().atMost(Duration.ofSeconds(60)).until(() -> delivery(a, bob).equals("push"));
                b.send(b.op(), "Bob", "back");
                await().atMost(Duration.ofSeconds(20)).until(() -> texts(again).equals(List.of("back")));
            }
        }
    }

    /** A long poll on hub B is answered by a message stored through hub A (DESIGN §3: it arrives, it is answered). */
    @Test
    void aLongPollOnOneHubIsAnsweredByAMessageStoredThroughTheOther() throws Exception {
        TestHub.Pane carol = b.join("Carol");
        var waiting = java.util.concurrent.CompletableFuture.supplyAsync(() -> b.inbox(carol, "?wait=30"));
        // Still waiting 2 s on: the poll found nothing and holds, so only a wake-up can answer it with the message.
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> !waiting.isDone());
        a.send(a.op(), "Carol", "through hub A");
        assertThat(waiting.get(40, java.util.concurrent.TimeUnit.SECONDS).findValuesAsString("text"))
                .containsExactly("through hub A");
    }

    private static List<String> paneEvents(EventLog events, TestHub.Pane pane) {
        return events.of("pane").stream().filter(p -> p.path("id").asString().equals(pane.id()))
                .map(p -> p.path("delivery").asString()).toList();
    }
}
