package dev.mosaic.hub;

import dev.mosaic.testing.ApiClient;
import dev.mosaic.testing.TestHub;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each turn policy of DESIGN.md §11 as the hub enforces it, over real HTTP. */
class RoomPoliciesTest extends AliceBobAndCarol {
    @Test
    void inAnOpenRoomAnyonePostsInAnyOrderAndTheModeratorGetsEveryPost() {
        rooms.create("lobby", "open", 20, "operator", "Alice", "Bob", "Carol");
        rooms.post(carol.token(), "lobby", "first");
        rooms.post(carol.token(), "lobby", "second, Carol again");
        JsonNode fromBob = rooms.post(bob.token(), "lobby", "third");
        assertThat(fromBob.path("messages")).extracting(m -> m.path("to_name").asString())
                .containsExactlyInAnyOrder("operator", "Alice", "Carol");
        assertThat(fromBob.path("room").path("whose_turn").isNull()).isTrue();
        JsonNode operatorInbox = hub.api().get(hub.op(), "/api/v1/panes/operator/inbox?peek=true").json();
        assertThat(operatorInbox.path("messages")).extracting(m -> m.path("text").asString())
                .containsExactly("first", "second, Carol again", "third");
        assertThat(rooms.tryFloor(hub.op(), "lobby", "Bob").status()).as("no floor in an open room").isEqualTo(400);
    }

    @Test
    void inARoundRobinRoomMembersPostInTurnAndAnOutOfTurnPostNamesWhoseTurnItIs() {
        JsonNode room = rooms.create("rr", "round_robin", 20, "operator", "Alice", "Bob", "Carol");
        assertThat(room.path("whose_turn").path("name").asString()).isEqualTo("Alice");

        ApiClient.Answer early = rooms.tryPost(bob.token(), "rr", "me first");
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.code()).isEqualTo("not_your_turn");
        assertThat(early.error()).contains("Alice's turn");

        JsonNode a = rooms.post(alice.token(), "rr", "A1");
        assertThat(a.path("room").path("whose_turn").path("name").asString()).isEqualTo("Bob");
        assertThat(a.path("messages")).filteredOn(m -> m.path("to_name").asString().equals("Bob")).hasSize(1);
        JsonNode toBob = hub.inbox(bob, "?peek=true").get(hub.inbox(bob, "?peek=true").size() - 1);
        assertThat(toBob.path("subject").asString()).as("the post that hands Bob his turn says so")
                .isEqualTo("Your turn in room rr");

        assertThat(rooms.tryPost(carol.token(), "rr", "skip Bob").error()).contains("Bob's turn");
        JsonNode byModerator = rooms.post(hub.op(), "rr", "the moderator may always speak");
        assertThat(byModerator.path("room").path("whose_turn").path("name").asString())
                .as("a moderator's post moves nobody's turn").isEqualTo("Bob");
        assertThat(byModerator.path("room").path("turns_used").asInt()).as("but counts as a turn").isEqualTo(2);
        rooms.post(bob.token(), "rr", "B1");
        rooms.post(carol.token(), "rr", "C1");
        JsonNode wrapped = rooms.post(alice.token(), "rr", "A2");
        assertThat(wrapped.path("room").path("whose_turn").path("name").asString()).as("back to the first")
                .isEqualTo("Bob");

        rooms.floor(hub.op(), "rr", "Carol");
        assertThat(rooms.tryPost(bob.token(), "rr", "B2").error()).contains("Carol's turn");
        rooms.post(carol.token(), "rr", "C2");
        assertThat(rooms.show("rr").path("posts")).extracting(p -> p.path("from_name").asString())
                .containsExactly("Alice", "operator", "Bob", "Carol", "Alice", "Carol");
    }

    @Test
    void inAModeratedRoomOnlyTheMemberWithTheFloorPostsOnceAndTheModeratorAnyTime() {
        rooms.create("panel", "moderated", 20, "Alice", "Bob", "Carol");
        ApiClient.Answer noFloor = rooms.tryPost(bob.token(), "panel", "may I?");
        assertThat(noFloor.code()).isEqualTo("not_your_turn");
        assertThat(noFloor.error()).contains("nobody has the floor", "Alice");
        rooms.post(alice.token(), "panel", "welcome");
        rooms.post(alice.token(), "panel", "and welcome again");

        JsonNode given = rooms.floor(alice.token(), "panel", "Bob");
        assertThat(given.path("whose_turn").path("name").asString()).isEqualTo("Bob");
        assertThat(hub.inbox(bob, "?peek=true")).last().satisfies(m -> {
            assertThat(m.path("subject").asString()).isEqualTo("Your turn in room panel");
            assertThat(m.path("text").asString()).contains("Alice gave you the floor", "room_post");
            assertThat(m.path("from_name").asString()).isEqualTo("room:panel");
        });
        assertThat(rooms.tryPost(carol.token(), "panel", "me too").error()).contains("Bob has the floor");
        rooms.post(bob.token(), "panel", "thanks");
        assertThat(rooms.tryPost(bob.token(), "panel", "and more").code()).isEqualTo("not_your_turn");
        assertThat(rooms.show("panel").path("turns_used").asInt()).isEqualTo(3);
    }

    @Test
    void reachingMaxTurnsClosesTheRoomTellsEveryoneAndFreesItsName() {
        JsonNode room = rooms.create("short", "open", 2, "Alice", "Bob", "Carol");
        rooms.post(bob.token(), "short", "one");
        JsonNode last = rooms.post(carol.token(), "short", "two");
        assertThat(last.path("room").path("status").asString()).isEqualTo("closed");
        assertThat(last.path("room").path("closed_at").asString()).isNotEmpty();
        for (TestHub.Pane p : List.of(alice, bob, carol)) {
            assertThat(hub.inbox(p, "?peek=true")).as("%s is told", p.name()).last().satisfies(m -> {
                assertThat(m.path("text").asString()).contains("is closed", "limit of 2 turns");
                assertThat(m.path("room_id").asString()).isEqualTo(room.path("id").asString());
            });
        }
        ApiClient.Answer late = rooms.tryPost(alice.token(), "short", "three");
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.code()).isEqualTo("room_closed");
        assertThat(rooms.tryFloor(alice.token(), "short", "Bob").code()).isEqualTo("room_closed");
        assertThat(rooms.show("short").path("posts")).hasSize(2);

        JsonNode again = rooms.create("short", "open", 5, "Alice", "Bob");
        assertThat(rooms.show("short").path("id").asString()).as("the open room wins the name")
                .isEqualTo(again.path("id").asString());
        assertThat(rooms.show(room.path("id").asString()).path("status").asString()).isEqualTo("closed");
        assertThat(rooms.list(hub.op())).hasSize(2);
    }

    @Test
    void theModeratorOrTheOperatorClosesARoomAndEveryoneElseIsTold() {
        rooms.create("chat", "open", 10, "Alice", "Bob", "Carol");
        assertThat(rooms.close(bob.token(), "chat").status()).as("a member does not close").isEqualTo(403);
        ApiClient.Answer closed = rooms.close(alice.token(), "chat");
        assertThat(closed.status()).isEqualTo(200);
        assertThat(closed.json().path("status").asString()).isEqualTo("closed");
        assertThat(hub.inbox(bob, "?peek=true")).last().satisfies(m ->
                assertThat(m.path("text").asString()).contains("Alice closed it"));
        assertThat(rooms.close(hub.op(), "chat").status()).as("closing again changes nothing").isEqualTo(200);
        assertThat(rooms.tryPost(bob.token(), "chat", "hello?").code()).isEqualTo("room_closed");
    }

    @Test
    void aPaneSeesOnlyItsOwnRooms() {
        rooms.create("ab", "open", 10, "Alice", "Bob");
        rooms.create("ac", "open", 10, "Alice", "Carol");
        assertThat(rooms.list(bob.token())).extracting(r -> r.path("name").asString()).containsExactly("ab");
        assertThat(rooms.list(alice.token())).hasSize(2);
        assertThat(hub.api().get(bob.token(), "/api/v1/rooms/ac").status()).isEqualTo(403);
        assertThat(rooms.tryPost(bob.token(), "ac", "let me in").status()).isEqualTo(403);
        assertThat(hub.api().get(carol.token(), "/api/v1/rooms/ac").json().path("posts")).isEmpty();
    }

    @Test
    void postsRacingForTheLastTurnsUseEachTurnOnceAndTheRestFindTheRoomClosed() throws Exception {
        rooms.create("race", "open", 10, "operator", "Alice", "Bob", "Carol");
        List<TestHub.Pane> posters = List.of(alice, bob, carol);
        List<java.util.concurrent.Future<ApiClient.Answer>> answers = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 24; i++) {
                TestHub.Pane p = posters.get(i % 3);
                String text = "post " + i;
                answers.add(pool.submit(() -> rooms.tryPost(p.token(), "race", text)));
            }
        }
        List<Integer> statuses = new java.util.ArrayList<>();
        for (var a : answers) {
            statuses.add(a.get().status());
        }
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(10);
        assertThat(statuses).filteredOn(s -> s != 201).containsOnly(409);
        JsonNode shown = rooms.show("race");
        assertThat(shown.path("posts")).extracting(p -> p.path("turn").asInt())
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(rooms.thread(shown)).filteredOn(m -> m.path("text").asString().startsWith("post "))
                .as("each post reached the two other members and the operator, once").hasSize(30);
    }

    @Test
    void aReplyToARoomNoticeSaysToPostInTheRoom() {
        rooms.create("quiet", "moderated", 5, "Alice", "Bob");
        rooms.floor(alice.token(), "quiet", "Bob");
        String notice = hub.inbox(bob, "?peek=true").get(1).path("id").asString();
        ApiClient.Answer reply = hub.api().post(bob.token(), "/api/v1/messages",
                "{\"reply_to\":" + ApiClient.q(notice) + ",\"text\":\"ok\"}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.error()).contains("room 'quiet'", "room_post");
    }
}
