package dev.mosaic.hub;

import dev.mosaic.testing.AliceAndBob;
import dev.mosaic.testing.EventLog;
import dev.mosaic.testing.TestHub;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The seed's scenario (issue #18): Alice moderates Bob and Carol for two rounds and a wrap-up in a moderated room of
 * ten turns, over real HTTP and a real SQLite file.
 */
class RoomDebateTest extends AliceAndBob {

    @Test
    void aliceModeratesBobAndCarolAndTheTranscriptHoldsTheTenPostsInOrder() throws Exception {
        TestHub.Pane carol = hub.join("Carol");
        RoomCalls rooms = new RoomCalls(hub);
        try (EventLog events = new EventLog(hub)) {
            JsonNode room = rooms.create("debate", "moderated", 10, "Alice", "Bob", "Carol");
            assertThat(room.path("status").asString()).isEqualTo("open");
            assertThat(room.path("whose_turn").isNull()).as("nobody has the floor yet").isTrue();

            List<String> expected = new ArrayList<>();
            String[][] rounds = {{"Round 1: tabs or spaces?", "Tabs: one byte each.", "Spaces: the same everywhere."},
                    {"Round 2: rebuttals.", "Spaces break nothing? Alignment does.", "Tabs render differently."},
                    {"Round 3: closing words.", "Tabs, for accessibility.", "Spaces, for sanity."}};
            for (String[] round : rounds) {
                rooms.post(alice.token(), "debate", round[0]);
                assertThat(rooms.tryPost(bob.token(), "debate", "out of turn").code()).isEqualTo("not_your_turn");
                rooms.floor(alice.token(), "debate", "Bob");
                rooms.post(bob.token(), "debate", round[1]);
                assertThat(rooms.tryPost(bob.token(), "debate", "again").code()).as("a floor is good for one post")
                        .isEqualTo("not_your_turn");
                rooms.floor(alice.token(), "debate", "carol");
                rooms.post(carol.token(), "debate", round[2]);
                expected.addAll(List.of(round));
            }
            JsonNode last = rooms.post(alice.token(), "debate", "Wrap-up: both sides argued well.");
            expected.add("Wrap-up: both sides argued well.");
            assertThat(last.path("room").path("status").asString()).as("the tenth turn closes it").isEqualTo("closed");
            assertThat(last.path("post").path("turn").asInt()).isEqualTo(10);

            JsonNode shown = rooms.show("debate");
            assertThat(shown.path("turns_used").asInt()).isEqualTo(10);
            List<String> transcript = new ArrayList<>();
            List<Integer> turns = new ArrayList<>();
            shown.path("posts").forEach(p -> {
                transcript.add(p.path("text").asString());
                turns.add(p.path("turn").asInt());
            });
            assertThat(transcript).containsExactlyElementsOf(expected);
            assertThat(turns).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);

            List<JsonNode> thread = rooms.thread(room);
            assertThat(from(thread, alice.id())).as("Alice's 4 posts reach both debaters").hasSize(8)
                    .extracting(m -> m.path("to_name").asString()).containsOnly("Bob", "Carol");
            assertThat(from(thread, bob.id())).as("every reply of Bob's reaches Alice and Carol").hasSize(6)
                    .extracting(m -> m.path("to_name").asString()).containsOnly("Alice", "Carol");
            assertThat(from(thread, carol.id())).hasSize(6)
                    .extracting(m -> m.path("to_name").asString()).containsOnly("Alice", "Bob");
            assertThat(thread).allSatisfy(m -> assertThat(m.path("room_name").asString()).isEqualTo("debate"));

            List<JsonNode> notices = from(thread, room.path("id").asString());
            assertThat(notices.stream().filter(m -> m.path("text").asString().contains("is closed")))
                    .as("the limit closes the room and tells everyone in it")
                    .extracting(m -> m.path("to_name").asString()).containsExactlyInAnyOrder("Alice", "Bob", "Carol");
            assertThat(notices.stream().filter(m -> m.path("subject").asString().startsWith("Your turn")))
                    .as("each floor given is told to its member").hasSize(6);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(events.of("room")).last()
                        .satisfies(r -> assertThat(r.path("status").asString()).isEqualTo("closed"));
                assertThat(events.of("message")).filteredOn(m -> m.path("room_id").asString()
                        .equals(room.path("id").asString())).hasSize(thread.size());
            });
        }
    }

    @Test
    void aRoomAndItsTranscriptOutliveAHubRestart() {
        TestHub.Pane carol = hub.join("Carol");
        RoomCalls rooms = new RoomCalls(hub);
        rooms.create("debate", "round_robin", 5, "Alice", "Bob", "Carol");
        rooms.post(bob.token(), "debate", "before the restart");
        hub.restart();
        rooms = new RoomCalls(hub);
        assertThat(rooms.tryPost(bob.token(), "debate", "again").code()).as("still Carol's turn")
                .isEqualTo("not_your_turn");
        JsonNode after = rooms.post(carol.token(), "debate", "after the restart");
        assertThat(after.path("post").path("turn").asInt()).isEqualTo(2);
        assertThat(rooms.show("debate").path("posts")).extracting(p -> p.path("text").asString())
                .containsExactly("before the restart", "after the restart");
    }

    private static List<JsonNode> from(List<JsonNode> thread, String fromId) {
        return thread.stream().filter(m -> m.path("from_id").asString().equals(fromId)).toList();
    }
}
