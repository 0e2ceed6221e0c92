package dev.mosaic.delivery;

import dev.mosaic.testing.FakeChannel;
import dev.mosaic.testing.FakeChannel.Mode;
import dev.mosaic.testing.TestHub;
import dev.mosaic.testing.TestHub.Pane;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A hub stopped while a push hangs stops anyway, and the message waits for the next start. */
class ShutdownWhilePushingTest {
    @TempDir
    Path home;

    @Test
    void theHubStopsWhileAPushHangsAndTheMessageIsRedeliveredAfterTheRestart() {
        TestHub hub = new TestHub(home);
        try (FakeChannel hanging = new FakeChannel(); FakeChannel fresh = new FakeChannel()) {
            Pane alice = hub.join("Alice");
            Pane bob = hub.join("Bob");
            hanging.mode(Mode.HANG);
            hanging.register(hub, bob);
            hub.send(alice.token(), "Bob", "in flight at shutdown");
            await().atMost(Duration.ofSeconds(10)).until(() -> hanging.attempts() >= 1);

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(hub::stop);
            await().atMost(Duration.ofSeconds(15)).until(stopping::isDone);
            assertThat(stopping).as("the hub stopped").isCompleted();

            hanging.close(); // the channel went away with the hub
            hub.start();
            fresh.register(hub, bob);
            await().atMost(Duration.ofSeconds(20)).until(() -> fresh.accepted().size() == 1);
            assertThat(fresh.acceptedTexts()).containsExactly("in flight at shutdown");
            assertThat(fresh.accepted().getFirst().path("redelivered").asBoolean(false))
                    .as("the hung push may have been shown").isTrue();
        } finally {
            hub.close();
        }
    }
}
