package dev.mosaic.hub;

import dev.mosaic.testing.ApiClient;
import dev.mosaic.testing.FakeChannel;
import dev.mosaic.testing.PostgresServer;
import dev.mosaic.testing.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A hub on PostgreSQL while the database goes away mid-run: 503 store_unavailable, then it reconnects by itself. */
class PostgresOutageTest {
    @TempDir
    Path home;

    @Test
    void sendsAnswer503WhileTheDatabaseIsAwayAndTheHubReconnectsByItselfAndANulIsA400() throws Exception {
        // Durable: the test server's asynchronous commits lost Bob's join to the stop now and then ("no live pane").
        try (PostgresServer server = PostgresServer.start(true)) {
            Path file = home.resolve("pgpass");
            Files.writeString(file, PostgresServer.PASSWORD);
            String db = server.newDatabase();
            try (TestHub hub = new TestHub(home.resolve("hub"),
                    c -> c.withDatabase(server.url(db)).withDatabasePasswordFile(file))) {
                TestHub.Pane bob = hub.join("Bob");
                hub.send(hub.op(), "Bob", "before the outage");

                ApiClient.Answer nul = hub.api().post(hub.op(), "/api/v1/messages",
                        "{\"to\":\"Bob\",\"text\":\"a \\u0000 in it\"}");
                assertThat(nul.status()).as("PostgreSQL stores no NUL: bad input, not an outage: %s", nul)
                        .isEqualTo(400);
                assertThat(nul.code()).isEqualTo("bad_request");

                // Several pooled connections, all of which the outage will leave dead.
                try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
                    for (int i = 0; i < 32; i++) {
                        pool.submit(() -> hub.api().get(hub.op(), "/api/v1/panes"));
                    }
                }

                server.stop();
                ApiClient.Answer away = hub.api().post(hub.op(), "/api/v1/messages",
                        "{\"to\":\"Bob\",\"text\":\"during the outage\"}");
                assertThat(away.status()).as("%s", away).isEqualTo(503);
                assertThat(away.code()).isEqualTo("store_unavailable");
                assertThat(away.error()).contains("127.0.0.1:" + server.port()).doesNotContain(PostgresServer.PASSWORD);

                server.restart();
                server.connect("postgres").close(); // the server is back
                for (int i = 1; i <= 10; i++) {
                    ApiClient.Answer back = hub.api().post(hub.op(), "/api/v1/messages",
                            "{\"to\":\"Bob\",\"text\":\"after the outage " + i + "\"}");
                    assertThat(back.status()).as("send %d once the server is back: %s", i, back).isEqualTo(201);
                }
                assertThat(hub.inbox(bob, "").findValuesAsString("text")).hasSize(11)
                        .startsWith("before the outage", "after the outage 1");
            }
        }
    }

    /**
     * Two hubs while the database goes away and comes back: each reconnects by itself, including hub B's listener
     * and heartbeat, so a message stored through hub A after the outage is pushed by hub B to Bob's channel, once,
     * and hub A never lists Bob offline.
     */
    @Test
    void afterAnOutageTheOtherHubPushesWhatOneStoredAndItsPanesStayOnline() throws Exception {
        // Durable, as a deployment is: the test server's asynchronous commits would lose the last rows to the crash.
        try (PostgresServer server = PostgresServer.start(true)) {
            Path file = home.resolve("pgpass");
            Files.writeString(file, PostgresServer.PASSWORD);
            String url = server.url(server.newDatabase());
            try (TestHub a = new TestHub(home.resolve("a"), c -> c.withDatabase(url).withDatabasePasswordFile(file));
                 TestHub b = new TestHub(home.resolve("b"), c -> c.withDatabase(url).withDatabasePasswordFile(file));
                 FakeChannel channel = new FakeChannel()) {
                TestHub.Pane bob = b.join("Bob");
                channel.register(b, bob);
                a.send(a.op(), "Bob", "before the outage");
                await().atMost(Duration.ofSeconds(20)).until(() -> channel.acceptedTexts().contains("before the outage"));

                server.stop();
                assertThat(a.api().post(a.op(), "/api/v1/messages", "{\"to\":\"Bob\",\"text\":\"lost\"}")
                        .status()).isEqualTo(503);
                server.restart();
                server.connect("postgres").close();

                a.send(a.op(), "Bob", "after the outage");
                await().atMost(Duration.ofSeconds(60)).until(() -> channel.acceptedTexts().contains("after the outage"));
                assertThat(channel.acceptedTexts()).containsExactly("before the outage", "after the outage");
                assertThat(a.pane(bob.id()).path("delivery").asString()).isNotEqualTo("offline");
            }
        }
    }
}
