package dev.mosaic.channel;

import dev.mosaic.testing.ApiClient;
import dev.mosaic.testing.TestHub;
import dev.mosaic.testing.TestHub.Pane;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static dev.mosaic.testing.ApiClient.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Rooms through a real `mosaic channel` child process against a real hub: the meta, room_post and pass_floor. */
class ChannelRoomsTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path home;
    @TempDir
    Path channelHome;

    private TestHub hub;
    private Pane alice;
    private Pane bob;
    private SdkChannelClient bobChannel;
    private JsonNode room;

    @BeforeEach
    void start() {
        hub = new TestHub(home);
        alice = hub.join("Alice");
        bob = hub.join("Bob");
        hub.join("Carol");
        bobChannel = new SdkChannelClient(ChannelProcess.paneEnv(hub.url(), bob.id(), bob.token(),
                channelHome.toString()));
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(hub.pane(bob.id()).path("delivery").asString()).isEqualTo("push"));
        ApiClient.Answer created = hub.api().post(hub.op(), "/api/v1/rooms", "{\"name\":\"debate\",\"members\":"
                + "[\"Bob\",\"Carol\"],\"moderator\":\"Alice\",\"policy\":\"moderated\",\"max_turns\":10}");
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        room = created.json();
    }

    @AfterEach
    void stop() {
        bobChannel.close();
        hub.close();
    }

    @Test
    void aPushedRoomPostCarriesRoomAndRoomIdAndTheFloorSaysItIsYourTurn() {
        ApiClient.Answer post = hub.api().post(alice.token(), "/api/v1/rooms/debate/posts",
                "{\"text\":" + q("Round 1: tabs or spaces?") + "}");
        assertThat(post.status()).isEqualTo(201);
        Map<String, String> meta = await().atMost(PATIENCE).until(() -> bobChannel.notifications.stream()
                .filter(n -> "Round 1: tabs or spaces?".equals(n.get("content"))).map(SdkChannelClient::meta)
                .findFirst(), java.util.Optional::isPresent).orElseThrow();
        assertThat(meta).containsEntry("room", "debate").containsEntry("room_id", room.path("id").asString())
                .containsEntry("from_name", "Alice").containsEntry("thread_id", room.path("thread_id").asString());

        CallToolResult early = bobChannel.call("room_post", Map.of("room", "debate", "text", "Tabs!"));
        assertThat(early.isError()).isTrue();
        assertThat(SdkChannelClient.text(early)).contains("nobody has the floor", "Do not post again");

        ApiClient.Answer floor = hub.api().post(alice.token(), "/api/v1/rooms/debate/floor", "{\"to\":\"Bob\"}");
        assertThat(floor.status()).isEqualTo(200);
        await().atMost(PATIENCE).until(() -> bobChannel.notifications.stream().map(SdkChannelClient::meta)
                .anyMatch(m -> "Your turn in room debate".equals(m.get("subject")) && "debate".equals(m.get("room"))));

        CallToolResult posted = bobChannel.call("room_post", Map.of("room", "debate", "text", "Tabs!"));
        assertThat(posted.isError()).as(SdkChannelClient.text(posted)).isFalse();
        assertThat(SdkChannelClient.text(posted)).isEqualTo("Posted to room debate (turn 2 of 10).");
        assertThat(hub.api().get(hub.op(), "/api/v1/rooms/debate").json().path("posts"))
                .extracting(p -> p.path("from_name").asString()).containsExactly("Alice", "Bob");

        CallToolResult notModerator = bobChannel.call("pass_floor", Map.of("room", "debate", "to", "Carol"));
        assertThat(notModerator.isError()).isTrue();
        assertThat(SdkChannelClient.text(notModerator)).contains("only the moderator Alice");
    }
}
