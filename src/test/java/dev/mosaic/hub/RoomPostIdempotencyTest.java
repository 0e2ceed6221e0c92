package dev.mosaic.hub;

import dev.mosaic.testing.ApiClient;
import dev.mosaic.testing.MovableClock;
import dev.mosaic.testing.TestHub;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.mosaic.testing.ApiClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A room post's idempotency key over real HTTP, as a send's (DESIGN.md §2): a retry after a lost answer is answered
 * with the first post's answer (200) and stores nothing, even once the turn moved on or the room closed.
 */
class RoomPostIdempotencyTest extends AliceBobAndCarol {
    private ApiClient.Answer post(String token, String room, String text, String key) {
        return api.post(token, "/api/v1/rooms/" + room + "/posts", "{\"text\":" + q(text) + ",\"idempotency_key\":"
                + q(key) + "}");
    }

    @Test
    void aRetriedPostIsStoredOnceAndAnsweredAsTheFirstTimeThoughTheTurnMovedOn() {
        rooms.create("rr", "round_robin", 10, "operator", "Alice", "Bob", "Carol");
        ApiClient.Answer first = post(alice.token(), "rr", "A1", "alice-1");
        assertThat(first.status()).isEqualTo(201);
        ApiClient.Answer retry = post(alice.token(), "rr", "A1", "alice-1");
        assertThat(retry.status()).as("%s", retry).isEqualTo(200);
        assertThat(retry.json()).isEqualTo(first.json());
        assertThat(retry.json().path("room").path("whose_turn").path("name").asString()).isEqualTo("Bob");

        assertThat(rooms.show("rr").path("posts")).extracting(p -> p.path("text").asString()).containsExactly("A1");
        assertThat(rooms.show("rr").path("turns_used").asInt()).isEqualTo(1);
        assertThat(hub.inbox(bob, "?peek=true")).filteredOn(m -> m.path("text").asString().equals("A1"))
                .as("Bob got the post once").hasSize(1);
        assertThat(api.get(hub.op(), "/api/v1/panes/operator/inbox?peek=true").json().path("messages"))
                .filteredOn(m -> m.path("text").asString().equals("A1")).hasSize(1);

        assertThat(post(bob.token(), "rr", "B1", "alice-1").status()).as("keys are per sender").isEqualTo(201);
        assertThat(post(alice.token(), "rr", "A2", "alice-1").json()).as("a reused key answers as the first post, "
                + "whatever the text (as a send's)").isEqualTo(first.json());
        assertThat(rooms.show("rr").path("posts")).extracting(p -> p.path("text").asString())
                .containsExactly("A1", "B1");
    }

    @Test
    void theRetryOfAPostThatClosedTheRoomIsAnsweredNotRefused() {
        rooms.create("short", "moderated", 2, "Alice", "Bob", "Carol");
        rooms.post(alice.token(), "short", "opening");
        ApiClient.Answer last = post(alice.token(), "short", "closing", "k-last");
        assertThat(last.status()).isEqualTo(201);
        assertThat(last.json().path("room").path("status").asString()).isEqualTo("closed");
        ApiClient.Answer retry = post(alice.token(), "short", "closing", "k-last");
        assertThat(retry.status()).as("%s", retry).isEqualTo(200);
        assertThat(retry.json()).isEqualTo(last.json());
        assertThat(hub.inbox(bob, "?peek=true")).filteredOn(m -> m.path("text").asString().contains("is closed"))
                .as("the close was told once").hasSize(1);
    }

    @Test
    void aRoomPostsKeyAndASendsKeyNeverAnswerForEachOther() {
        rooms.create("lobby", "open", 10, "Alice", "Bob", "Carol");
        ApiClient.Answer sent = api.post(bob.token(), "/api/v1/messages",
                "{\"to\":\"Carol\",\"text\":\"direct\",\"idempotency_key\":\"shared\"}");
        assertThat(sent.status()).isEqualTo(201);
        ApiClient.Answer posted = post(bob.token(), "lobby", "in the room", "shared");
        assertThat(posted.status()).as("%s", posted).isEqualTo(201);
        assertThat(posted.json().path("post").path("text").asString()).isEqualTo("in the room");
        ApiClient.Answer sentAgain = api.post(bob.token(), "/api/v1/messages",
                "{\"to\":\"Carol\",\"text\":\"direct\",\"idempotency_key\":\"shared\"}");
        assertThat(sentAgain.status()).isEqualTo(200);
        assertThat(sentAgain.json()).isEqualTo(sent.json());
    }

    @Test
    void aBadKeyIsRefusedAndNothingIsPosted() {
        rooms.create("lobby", "open", 10, "Alice", "Bob", "Carol");
        for (String body : List.of("{\"text\":\"x\",\"idempotency_key\":\"\"}",
                "{\"text\":\"x\",\"idempotency_key\":" + q("k".repeat(129)) + "}",
                "{\"text\":\"x\",\"idempotency_key\":7}")) {
            ApiClient.Answer a = api.post(bob.token(), "/api/v1/rooms/lobby/posts", body);
            assertThat(a.status()).as(body).isEqualTo(400);
            assertThat(a.code()).isEqualTo("bad_request");
        }
        assertThat(post(bob.token(), "lobby", "x", "k".repeat(128)).status()).isEqualTo(201);
        assertThat(rooms.show("lobby").path("posts")).hasSize(1);
    }

    @Test
    void theSamePostSentManyTimesAtOnceIsStoredOnce() throws Exception {
        rooms.create("race", "open", 50, "operator", "Alice", "Bob", "Carol");
        List<Future<ApiClient.Answer>> answers = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 12; i++) {
                answers.add(pool.submit(() -> post(carol.token(), "race", "only once", "same")));
            }
        }
        List<Integer> statuses = new ArrayList<>();
        JsonNode firstAnswer = null;
        for (var a : answers) {
            statuses.add(a.get().status());
            if (a.get().status() == 201) {
                firstAnswer = a.get().json();
            }
        }
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(statuses).filteredOn(s -> s != 201).containsOnly(200);
        for (var a : answers) {
            assertThat(a.get().json()).isEqualTo(firstAnswer);
        }
        assertThat(rooms.show("race").path("posts")).hasSize(1);
    }

    @Test
    void aKeyAnswersForADayThenPostsAnew(@org.junit.jupiter.api.io.TempDir Path other) {
        MovableClock clock = new MovableClock(Instant.parse("2026-11-24T10:00:00Z"));
        try (TestHub timed = new TestHub(other, c -> c, clock)) {
            TestHub.Pane ann = timed.join("Ann");
            timed.join("Ben");
            RoomCalls calls = new RoomCalls(timed);
            calls.create("day", "open", 10, "operator", "Ann", "Ben");
            String body = "{\"text\":\"hello\",\"idempotency_key\":\"d1\"}";
            ApiClient.Answer first = timed.api().post(ann.token(), "/api/v1/rooms/day/posts", body);
            assertThat(first.status()).isEqualTo(201);
            clock.advance(Duration.ofHours(23));
            assertThat(timed.api().post(ann.token(), "/api/v1/rooms/day/posts", body).status()).isEqualTo(200);
            clock.advance(Duration.ofHours(2));
            ApiClient.Answer late = timed.api().post(ann.token(), "/api/v1/rooms/day/posts", body);
            assertThat(late.status()).as("the key expired after 24 h").isEqualTo(201);
            assertThat(late.json().path("post").path("turn").asInt()).isEqualTo(2);
        }
    }
}
