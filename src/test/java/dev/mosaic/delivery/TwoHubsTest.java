package dev.mosaic.delivery;

import dev.mosaic.client.HubAddress;
import dev.mosaic.testing.AgentChannel;
import dev.mosaic.testing.EventLog;
import dev.mosaic.testing.ApiClient;
import dev.mosaic.testing.HubProcess;
import dev.mosaic.testing.Ports;
import dev.mosaic.testing.PostgresServer;
import dev.mosaic.testing.SharedPostgres;
import dev.mosaic.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two hubs as real processes on two ports, one PostgreSQL database (DESIGN.md §6): Alice's channel is registered
 * with hub A, Bob's with hub B, each a real `mosaic channel` process. Messages cross both ways, pushed in order;
 * when hub B dies (kill -9) Bob shows offline on A, in its listing and as a pane event on its stream, and his messages
 * wait; B back, they arrive in order, once each.
 */
@ExtendWith(SharedPostgres.class)
class TwoHubsTest {
    @TempDir
    Path dir;

    private final PostgresServer server;

    TwoHubsTest(PostgresServer server) {
        this.server = server;
    }

    private record Party(String id, String token) {
    }

    private static Party join(ApiClient api, String operatorToken, String name) {
        ApiClient.Answer a = api.post(operatorToken, "/api/v1/panes", "{\"name\":" + ApiClient.q(name) + "}");
        assertThat(a.status()).as("join %s: %s", name, a).isEqualTo(201);
        return new Party(a.json().path("id").asString(), a.json().path("token").asString());
    }

    private static void send(ApiClient api, Party from, String to, String text) {
        ApiClient.Answer a = api.post(from.token(), "/api/v1/messages",
                "{\"to\":" + ApiClient.q(to) + ",\"text\":" + ApiClient.q(text) + "}");
        assertThat(a.status()).as("send %s: %s", text, a).isEqualTo(201);
    }

    private static String delivery(ApiClient api, String operatorToken, Party p) {
        return api.get(operatorToken, "/api/v1/panes/" + p.id()).json().path("delivery").asString();
    }

    private static List<String> paneDeliveries(EventLog events, Party p) {
        return events.of("pane").stream().filter(v -> v.path("id").asString().equals(p.id()))
                .map(v -> v.path("delivery").asString()).toList();
    }

    private static List<String> texts(AgentChannel channel) {
        return channel.seen().stream().map(AgentChannel.Seen::text).toList();
    }

    @Test
    void messagesCrossHubsInOrderAndADeadHubsPaneWaitsOfflineThenCatchesUp() throws Exception {
        String url = server.url(server.newDatabase());
        Path password = dir.resolve("pgpass");
        Files.writeString(password, PostgresServer.PASSWORD);
        Path homeA = dir.resolve("a");
        Path homeB = dir.resolve("b");
        Files.createDirectories(homeA);
        Files.createDirectories(homeB);
        try (HubProcess hubA = new HubProcess(homeA, Ports.free(), dir.resolve("a.log"), "--db", url,
                "--db-password-file", password.toString()).start();
             HubProcess hubB = new HubProcess(homeB, Ports.free(), dir.resolve("b.log"), "--db", url,
                     "--db-password-file", password.toString()).start()) {
            ApiClient a = new ApiClient(hubA.url());
            ApiClient b = new ApiClient(hubB.url());
            String opA = HubAddress.operator(homeA).token();
            String opB = HubAddress.operator(homeB).token();
            Party alice = join(a, opA, "Alice");
            Party bob = join(b, opB, "Bob");
            assertThat(a.post(opA, "/api/v1/panes", "{\"name\":\"bob\"}").code()).as("names are unique across hubs")
                    .isEqualTo("name_taken");

            try (AgentChannel aliceChannel = new AgentChannel(AgentChannel.paneEnv(hubA.url(),
                    new TestHub.Pane(alice.id(), "Alice", alice.token()), dir.resolve("ca")), dir.resolve("ca.log"));
                 AgentChannel bobChannel = new AgentChannel(AgentChannel.paneEnv(hubB.url(),
                         new TestHub.Pane(bob.id(), "Bob", bob.token()), dir.resolve("cb")), dir.resolve("cb.log"));
                 EventLog eventsOnA = new EventLog(hubA.url(), opA)) {
                await().atMost(Duration.ofSeconds(90)).until(() -> delivery(a, opA, alice).equals("push")
                        && delivery(b, opB, bob).equals("push"));
                assertThat(delivery(a, opA, bob)).as("hub A sees Bob's channel on hub B").isEqualTo("push");

                // Both ways, each stored by one hub and pushed by the other.
                List<String> toBob = new ArrayList<>(IntStream.rangeClosed(1, 5).mapToObj(i -> "to Bob " + i).toList());
                List<String> toAlice = IntStream.rangeClosed(1, 5).mapToObj(i -> "to Alice " + i).toList();
                for (int i = 0; i < 5; i++) {
                    send(a, alice, "Bob", toBob.get(i));
                    send(b, bob, "Alice", toAlice.get(i));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> texts(bobChannel).size() >= 5
                        && texts(aliceChannel).size() >= 5);
                assertThat(texts(bobChannel)).containsExactlyElementsOf(toBob);
                assertThat(texts(aliceChannel)).containsExactlyElementsOf(toAlice);

                // Hub B dies: Bob goes offline everywhere after 15 s, and his messages wait queued.
                hubB.kill9();
                for (int i = 6; i <= 8; i++) {
                    toBob.add("to Bob " + i);
                    send(a, alice, "Bob", "to Bob " + i);
                }
                await().atMost(Duration.ofSeconds(40)).until(() -> delivery(a, opA, bob).equals("offline"));
                // The page of hub A learns it as it happens: a pane event, though nothing on hub A changed.
                await().atMost(Duration.ofSeconds(15)).until(() -> paneDeliveries(eventsOnA, bob).contains("offline"));
                assertThat(texts(bobChannel)).as("nobody pushes for a dead hub").hasSize(5);
                assertThat(a.get(opA, "/api/v1/panes/" + bob.id()).json().path("unread").asLong()).isEqualTo(8);

                // Hub B back on its home: catch-up in order, nothing lost, nothing twice.
                hubB.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> texts(bobChannel).size() >= 8);
                assertThat(texts(bobChannel)).containsExactlyElementsOf(toBob);
                assertThat(bobChannel.seen().stream().map(AgentChannel.Seen::messageId).distinct()).hasSize(8);
                await().atMost(Duration.ofSeconds(30)).until(() -> delivery(a, opA, bob).equals("push"));
                await().atMost(Duration.ofSeconds(15)).until(() -> paneDeliveries(eventsOnA, bob).getLast()
                        .equals("push"));
                assertThat(texts(aliceChannel)).containsExactlyElementsOf(toAlice);
                assertThat(hubA.logText() + hubB.logText()).doesNotContain(PostgresServer.PASSWORD);
            }
        }
    }
}
