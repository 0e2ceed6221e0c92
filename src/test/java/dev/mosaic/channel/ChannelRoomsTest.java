package dev.mosaic.channel;

import dev.mosaic.testing.AnswerDroppingRelay;
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
    /** Between Bob's channel and the hub: passes everything, loses an answer when told to. */
    private AnswerDroppingRelay relay;
    private Pane alice;
    private Pane bob;
    private SdkChannelClient bobChannel;
    private JsonNode room;

    @BeforeEach
    void start() throws java.io.IOException {
        hub = new TestHub(home);
        relay = new AnswerDroppingRelay(hub.url());
        alice = hub.join("Alice");
        bob = hub.join("Bob");
        hub.join("Carol");
        bobChannel = new SdkChannelClient(ChannelProcess.paneEnv(relay.url(), bob.id(), bob.token(),
                channelHome.toString()));
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(hub.pane(bob.id()).path("delivery").asString()).isEqualTo("push"));
        ApiClient.Answer created = hub.api().post(hub.op(), "/api/v1/rooms", "{\"name\":\"debate\",\"members\":"
                + "[\"Bob\",\"Carol\"],\"moderator\":\"Alice\",\"policy\":\"moderated\",\"max_turns\":10}");
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        room = created.json();
    }

    @AfterEach
    void stop() throws java.io.IOException {
        bobChannel.close();
        relay.close();
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

    @Test
    void aRoomPostWhoseAnswerWasLostIsTriedAgainWithItsKeyAndStoredOnce() {
        assertThat(hub.api().post(alice.token(), "/api/v1/rooms/debate/floor", "{\"to\":\"Bob\"}").status())
                .isEqualTo(200);
        relay.dropNextAnswerTo("POST /api/v1/rooms/");

        CallToolResult posted = bobChannel.call("room_post", Map.of("room", "debate", "text", "Spaces, once."));

        assertThat(relay.dropped()).as("the hub's first answer was lost").isEqualTo(1);
        assertThat(posted.isError()).as(SdkChannelClient.text(posted)).isFalse();
        assertThat(SdkChannelClient.text(posted)).isEqualTo("Posted to room debate (turn 1 of 10).");
        JsonNode shown = hub.api().get(hub.op(), "/api/v1/rooms/debate").json();
        assertThat(shown.path("posts")).extracting(p -> p.path("text").asString()).containsExactly("Spaces, once.");
        assertThat(shown.path("turns_used").asInt()).isEqualTo(1);
        assertThat(hub.inbox(alice, "?peek=true")).filteredOn(m -> m.path("text").asString().equals("Spaces, once."))
                .as("the moderator got it once").hasSize(1);
    }
}
