package dev.mosaic.hub;

import dev.mosaic.testing.ApiClient;
import dev.mosaic.testing.TestHub;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A member who leaves a room (its pane stopped, or its process exited) over real HTTP and real processes: the room
 * is told, a round-robin turn skips it, and a turn or floor it held moves on instead of waiting for ever.
 */
class RoomDeparturesTest extends AliceBobAndCarol {
    private void stop(TestHub.Pane p) {
        assertThat(api.delete(hub.op(), "/api/v1/panes/" + p.id(), null).status()).isEqualTo(204);
    }

    private static String whoseTurn(JsonNode room) {
        return room.path("whose_turn").path("name").asString("nobody");
    }

    @Test
    void aStoppedMemberWhoseTurnItWasPassesItToTheNextAndEveryoneIsTold() {
        rooms.create("rr", "round_robin", 20, "operator", "Alice", "Bob", "Carol");
        rooms.post(alice.token(), "rr", "A1");
        assertThat(whoseTurn(rooms.show("rr"))).isEqualTo("Bob");

        stop(bob);

        assertThat(whoseTurn(rooms.show("rr"))).as("the room does not wait for Bob").isEqualTo("Carol");
        assertThat(hub.inbox(carol, "?peek=true")).last().satisfies(m -> {
            assertThat(m.path("subject").asString()).isEqualTo("Your turn in room rr");
            assertThat(m.path("from_name").asString()).isEqualTo("room:rr");
            assertThat(m.path("text").asString()).contains("Bob left room 'rr' (its pane was stopped)",
                    "Bob's turns are skipped", "It is Carol's turn");
        });
        assertThat(hub.inbox(alice, "?peek=true")).last().satisfies(m ->
                assertThat(m.path("text").asString()).contains("Bob left room 'rr'"));
        assertThat(api.get(hub.op(), "/api/v1/panes/operator/inbox?peek=true").json().path("messages")).last()
                .satisfies(m -> assertThat(m.path("text").asString()).contains("Bob left room 'rr'"));

        assertThat(whoseTurn(rooms.post(carol.token(), "rr", "C1").path("room"))).isEqualTo("Alice");
        assertThat(whoseTurn(rooms.post(alice.token(), "rr", "A2").path("room"))).as("Bob is skipped")
                .isEqualTo("Carol");
        assertThat(rooms.show("rr").path("posts")).extracting(p -> p.path("text").asString())
                .containsExactly("A1", "C1", "A2");
    }

    @Test
    void aMemberWhoLeftOutOfTurnIsSkippedWhenItsTurnComes() {
        rooms.create("rr", "round_robin", 20, "operator", "Alice", "Bob", "Carol");
        stop(bob);
        assertThat(whoseTurn(rooms.show("rr"))).isEqualTo("Alice");
        assertThat(hub.inbox(alice, "?peek=true")).last().satisfies(m -> {
            assertThat(m.path("subject").asString()).isEqualTo("Room rr");
            assertThat(m.path("text").asString()).endsWith("Bob's turns are skipped from now on.");
        });
        JsonNode a1 = rooms.post(alice.token(), "rr", "A1");
        assertThat(whoseTurn(a1.path("room"))).isEqualTo("Carol");
        assertThat(hub.inbox(carol, "?peek=true")).last().satisfies(m ->
                assertThat(m.path("subject").asString()).as("the cue skips Bob too").isEqualTo("Your turn in room rr"));
    }

    @Test
    void whenTheLastMemberLeavesNobodyHasTheTurnAndTheModeratorIsTold() {
        rooms.create("pair", "round_robin", 20, "Alice", "Bob", "Carol");
        stop(carol);
        rooms.post(bob.token(), "pair", "B1");
        assertThat(whoseTurn(rooms.show("pair"))).as("Bob is alone: his turn again").isEqualTo("Bob");
        stop(bob);
        assertThat(whoseTurn(rooms.show("pair"))).isEqualTo("nobody");
        assertThat(hub.inbox(alice, "?peek=true")).last().satisfies(m -> assertThat(m.path("text").asString())
                .contains("No member is left to post; the moderator Alice may close the room"));
        assertThat(rooms.close(alice.token(), "pair").status()).isEqualTo(200);
    }

    @Test
    void aMemberWhoLeftWithTheFloorGivesItBackToTheModeratorAndCannotBeGivenItAgain() {
        rooms.create("panel", "moderated", 20, "Alice", "Bob", "Carol");
        rooms.floor(alice.token(), "panel", "Bob");
        stop(bob);
        assertThat(whoseTurn(rooms.show("panel"))).isEqualTo("nobody");
        assertThat(hub.inbox(alice, "?peek=true")).last().satisfies(m -> assertThat(m.path("text").asString())
                .contains("Bob left room 'panel'", "while holding the floor", "gives it to another member"));
        ApiClient.Answer again = rooms.tryFloor(alice.token(), "panel", "Bob");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.code()).isEqualTo("bad_request");
        assertThat(again.error()).contains("Bob left room 'panel'");
        rooms.floor(alice.token(), "panel", "Carol");
        rooms.post(carol.token(), "panel", "my turn after all");
    }

    @Test
    void whenTheModeratorLeavesTheMembersAndTheOperatorAreToldAndAFloorGivenStillHolds() {
        rooms.create("panel", "moderated", 20, "Alice", "Bob", "Carol");
        rooms.floor(alice.token(), "panel", "Bob");
        stop(alice);
        for (TestHub.Pane p : java.util.List.of(bob, carol)) {
            assertThat(hub.inbox(p, "?peek=true")).as("%s is told", p.name()).last().satisfies(m ->
                    assertThat(m.path("text").asString()).contains("The moderator Alice left room 'panel' (its pane "
                            + "was stopped)", "Nobody gives the floor any more", "mosaic room close panel"));
        }
        assertThat(api.get(hub.op(), "/api/v1/panes/operator/inbox?peek=true").json().path("messages")).last()
                .satisfies(m -> assertThat(m.path("from_name").asString()).isEqualTo("room:panel"));
        assertThat(whoseTurn(rooms.post(bob.token(), "panel", "still my turn").path("room"))).isEqualTo("nobody");
        assertThat(rooms.close(hub.op(), "panel").status()).isEqualTo(200);
    }

    @Test
    void aMemberWhoseProcessExitedIsSkippedToo() throws Exception {
        Path gate = home.resolve("exit-now");
        TestHub.Spawned dan = hub.spawn("Dan", "sh", "-c", "while [ ! -e '" + gate + "' ]; do sleep 0.05; done");
        rooms.create("rr", "round_robin", 20, "operator", "Dan", "Carol");
        assertThat(whoseTurn(rooms.show("rr"))).isEqualTo("Dan");

        Files.createFile(gate);

        await().atMost(Duration.ofSeconds(30)).until(() -> whoseTurn(rooms.show("rr")).equals("Carol"));
        assertThat(hub.inbox(carol, "?peek=true")).last().satisfies(m -> assertThat(m.path("text").asString())
                .contains("Dan left room 'rr' (its process exited)", "It is Carol's turn"));
        assertThat(hub.pane(dan.id()).path("status").asString()).isEqualTo("exited");
        assertThat(whoseTurn(rooms.post(carol.token(), "rr", "C1").path("room"))).as("Carol alone")
                .isEqualTo("Carol");
    }

    @Test
    void aTurnHeldByAMemberWhoseProcessDiedWithTheHubMovesOnAtStart() {
        hub.spawn("Dan", "sleep", "1000");
        rooms.create("rr", "round_robin", 20, "operator", "Dan", "Carol");
        assertThat(whoseTurn(rooms.show("rr"))).isEqualTo("Dan");

        hub.restart();

        assertThat(whoseTurn(rooms.show("rr"))).isEqualTo("Carol");
        assertThat(hub.inbox(carol, "?peek=true")).last().satisfies(m -> assertThat(m.path("text").asString())
                .contains("Dan left room 'rr'", "It is Carol's turn"));
    }
}
