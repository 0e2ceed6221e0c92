package dev.mosaic.proof;

import dev.mosaic.testing.AgentChannel;
import dev.mosaic.testing.ApiClient;
import dev.mosaic.testing.Ledger;
import dev.mosaic.testing.TestHub;
import dev.mosaic.testing.TestHub.Pane;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.mosaic.testing.ApiClient.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * RELIABILITY.md row 1: a real channel process is killed with SIGKILL while four senders stream messages to its
 * agent; a new channel for the same pane takes over. The agent must see every message, none twice without the
 * redelivered mark, each sender's in order. -Dmosaic.proof.messages=10000 runs the long form (CI: 1,000).
 */
class ChannelKillProofTest {
    private static final int SENDERS = 4;

    @TempDir
    Path home;
    @TempDir
    Path channelHome;

    private final List<AutoCloseable> running = new ArrayList<>();

    @AfterEach
    void killEverything() throws Exception {
        for (AutoCloseable c : running.reversed()) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T keep(T c) {
        running.add(c);
        return c;
    }

    @Test
    void killingTheChannelMidStreamLosesNothingDoublesNothingAndKeepsEachSendersOrder() throws Exception {
        int total = Integer.getInteger("mosaic.proof.messages", 1000);
        int perSender = total / SENDERS;
        // Rate limits are not under test here; they would only slow the stream down.
        TestHub hub = keep(new TestHub(home, c -> c.withSendRate(1_000_000, 1_000_000)));
        Pane bob = hub.join("Bob");
        List<Pane> senders = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            senders.add(hub.join("Sender" + s));
        }
        Path channelLog = channelHome.resolve("channel.stderr");
        AgentChannel first = keep(new AgentChannel(AgentChannel.paneEnv(hub.url(), bob, channelHome), channelLog));
        awaitDelivery(hub, bob, "push");

        Ledger ledger = new Ledger();
        CountDownLatch killed = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
        List<Future<?>> sending = new ArrayList<>();
        for (Pane sender : senders) {
            sending.add(pool.submit(() -> {
                for (int i = 0; i < perSender; i++) {
                    if (i == perSender / 2) {
                        killed.await(); // the second half goes out while the pane has no live channel
                    }
                    ApiClient.Answer a = hub.api().post(sender.token(), "/api/v1/messages",
                            "{\"to\":\"Bob\",\"text\":" + q(sender.name() + " #" + i) + "}");
                    assertThat(a.status()).as("send %s", a).isEqualTo(201);
                    ledger.sent(sender.name(), a.json().path("messages").get(0).path("id").asString());
                }
                return null;
            }));
        }
        pool.shutdown();

        // Kill while pushes are in flight: the first channel has shown a quarter of the stream.
        await().atMost(Duration.ofMinutes(5)).until(() -> first.seen().size() >= total / 4);
        first.kill9();
        killed.countDown();
        AgentChannel second = keep(new AgentChannel(AgentChannel.paneEnv(hub.url(), bob, channelHome), channelLog));
        for (Future<?> f : sending) {
            f.get();
        }

        try {
            await().atMost(Duration.ofMinutes(Math.max(2, total / 1000))).until(() ->
                    distinct(first, second) >= total);
        } catch (ConditionTimeoutException e) {
            // The figures below say what is missing.
        }
        first.seen().forEach(s -> ledger.saw(s.messageId(), s.redelivered()));
        second.seen().forEach(s -> ledger.saw(s.messageId(), s.redelivered()));
        // Whatever the channels did not show, the agent could still read from its inbox.
        JsonNode polled;
        while ((polled = hub.inbox(bob, "?limit=100")).size() > 0) {
            polled.forEach(m -> ledger.saw(m.path("id").asString(), m.path("redelivered").asBoolean(false)));
        }

        Ledger.Figures f = ledger.figures();
        System.out.println("FIGURE " + f.line("channel kill -9 mid-stream") + "; lines cut by the kill "
                + first.unreadableLines().size());
        assertThat(f.sent()).isEqualTo(perSender * SENDERS);
        assertThat(f.firstProblems()).as("problems, with each lost message as the store holds it: %s; the pane: %s",
                lostAsStored(hub, f), hub.pane(bob.id())).isEmpty();
        assertThat(f.lost()).isZero();
        assertThat(f.doubled()).isZero();
        assertThat(f.sendersInOrder()).isEqualTo(SENDERS);
        assertThat(second.seen()).as("the new channel took over pushing").isNotEmpty();
    }

    /** What the store says of each lost message: its status, route and times tell where it stopped. */
    private static List<String> lostAsStored(TestHub hub, Ledger.Figures f) {
        return f.firstProblems().stream().filter(p -> p.startsWith("lost: "))
                .map(p -> p.substring("lost: ".length()).split(" ")[0])
                .map(id -> hub.api().get(hub.op(), "/api/v1/messages/" + id).json().toString()).toList();
    }

    private static int distinct(AgentChannel a, AgentChannel b) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        a.seen().forEach(s -> ids.add(s.messageId()));
        b.seen().forEach(s -> ids.add(s.messageId()));
        return ids.size();
    }

    private static void awaitDelivery(TestHub hub, Pane p, String delivery) {
        await().atMost(Duration.ofSeconds(60)).until(() ->
                hub.pane(p.id()).path("delivery").asString().equals(delivery));
    }
}
