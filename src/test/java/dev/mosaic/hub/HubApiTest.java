package dev.mosaic.hub;

import dev.mosaic.testing.AliceAndBob;
import dev.mosaic.testing.ApiClient.Answer;
import dev.mosaic.testing.TestHub.Pane;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.mosaic.testing.ApiClient.q;
import static org.assertj.core.api.Assertions.assertThat;

class HubApiTest extends AliceAndBob {
    private Answer send(String token, String body) {
        return api.post(token, "/api/v1/messages", body);
    }

    private long storedMessages() {
        return api.get(hub.op(), "/api/v1/panes").json().path("panes").valueStream()
                .mapToLong(p -> p.path("unread").asLong()).sum()
                + api.get(hub.op(), "/api/v1/panes/operator/inbox?peek=true").json().path("messages").size();
    }

    @Test
    void healthAnswersWithoutAToken() {
        Answer a = api.get(null, "/api/v1/health");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().path("status").asString()).isEqualTo("ok");
        assertThat(a.json().path("version").asString()).isNotBlank();
    }

    @Test
    void everyOtherEndpointNeedsAKnownToken() {
        assertThat(api.get(null, "/api/v1/panes").status()).isEqualTo(401);
        Answer wrong = api.get("not-a-token", "/api/v1/panes");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.code()).isEqualTo("unauthorized");
        assertThat(wrong.error()).isNotBlank();
        assertThat(send(null, "{\"to\":\"Bob\",\"text\":\"x\"}").status()).isEqualTo(401);
        assertThat(api.get(null, "/api/v1/events").status()).isEqualTo(401);
    }

    @Test
    void joinShowsTheTokenOnceAndListingsNever() {
        Answer a = api.post(hub.op(), "/api/v1/panes", "{\"name\":\"Carol\"}");
        assertThat(a.status()).isEqualTo(201);
        assertThat(a.json().path("token").asString()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(a.json().path("status").asString()).isEqualTo("live");
        String listing = api.get(hub.op(), "/api/v1/panes").raw().body();
        assertThat(listing).contains("Carol").doesNotContain(a.json().path("token").asString())
                .doesNotContain("token");
        JsonNode carol = hub.pane(a.json().path("id").asString());
        assertThat(carol.path("delivery").asString()).isEqualTo("poll");
        assertThat(carol.path("unread").asLong()).isZero();
    }

    @Test
    void namesAreValidatedAndUniqueIgnoringCase() {
        for (String bad : List.of("", "a/b", "x".repeat(65), "tab\there", " lead")) {
            Answer a = api.post(hub.op(), "/api/v1/panes", "{\"name\":" + q(bad) + "}");
            assertThat(a.status()).as(bad).isEqualTo(400);
            assertThat(a.code()).as(bad).isEqualTo("invalid_name");
        }
        Answer dup = api.post(hub.op(), "/api/v1/panes", "{\"name\":\"bob\"}");
        assertThat(dup.status()).isEqualTo(409);
        assertThat(dup.code()).isEqualTo("name_taken");
        Answer reserved = api.post(hub.op(), "/api/v1/panes", "{\"name\":\"Operator\"}");
        assertThat(reserved.status()).isEqualTo(409);
        assertThat(reserved.code()).isEqualTo("name_taken");
        assertThat(hub.join("Dr. Who_2-b").name()).isEqualTo("Dr. Who_2-b");
    }

    @Test
    void onlyTheOperatorAddsPanes() {
        assertThat(api.post(bob.token(), "/api/v1/panes", "{\"name\":\"Eve\"}").status()).isEqualTo(403);
        Answer spawn = api.post(bob.token(), "/api/v1/panes", "{\"name\":\"Eve\",\"command\":[\"true\"]}");
        assertThat(spawn.status()).isEqualTo(403);
        assertThat(spawn.code()).isEqualTo("forbidden");
    }

    @Test
    void aSendIsStoredStampedWithTheSenderAndReadByPoll() {
        Answer a = send(alice.token(), "{\"to\":\"bob\",\"text\":\"Hey Bob\",\"subject\":\"Task\","
                + "\"from_name\":\"Mallory\"}");
        assertThat(a.status()).isEqualTo(201);
        JsonNode sent = a.json().path("messages").get(0);
        assertThat(sent.path("to_id").asString()).isEqualTo(bob.id());
        assertThat(sent.path("to_name").asString()).isEqualTo("Bob");
        assertThat(sent.path("thread_id").asString()).isEqualTo(sent.path("id").asString());
        assertThat(sent.path("status").asString()).isEqualTo("queued");
        assertThat(hub.pane(bob.id()).path("unread").asLong()).isEqualTo(1);

        JsonNode inbox = hub.inbox(bob, "");
        assertThat(inbox).hasSize(1);
        JsonNode m = inbox.get(0);
        assertThat(m.path("from_name").asString()).isEqualTo("Alice");
        assertThat(m.path("from_id").asString()).isEqualTo(alice.id());
        assertThat(m.path("text").asString()).isEqualTo("Hey Bob");
        assertThat(m.path("subject").asString()).isEqualTo("Task");
        assertThat(m.path("status").asString()).isEqualTo("read");
        assertThat(m.path("delivered_via").asString()).isEqualTo("poll");
        assertThat(m.path("created_at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(hub.inbox(bob, "")).isEmpty();
        assertThat(hub.pane(bob.id()).path("unread").asLong()).isZero();
    }

    @Test
    void sendsByIdByListAndToEveryone() {
        Pane carol = hub.join("Carol");
        assertThat(hub.send(alice.token(), bob.id(), "by id").get(0).path("to_name").asString()).isEqualTo("Bob");
        Answer list = send(alice.token(), "{\"to\":[\"Bob\",\"carol\",\"BOB\"],\"text\":\"both\"}");
        assertThat(list.status()).isEqualTo(201);
        JsonNode msgs = list.json().path("messages");
        assertThat(msgs).hasSize(2);
        assertThat(msgs.get(0).path("thread_id").asString()).isEqualTo(msgs.get(1).path("thread_id").asString());
        JsonNode all = hub.send(alice.token(), "*", "everyone");
        assertThat(all.valueStream().map(m -> m.path("to_name").asString())).containsExactly("Bob", "Carol");
        assertThat(hub.inbox(carol, "").valueStream().map(m -> m.path("text").asString()))
                .containsExactly("both", "everyone");
    }

    @Test
    void unknownRecipientsAreRefusedAndNothingIsStored() {
        Answer a = send(alice.token(), "{\"to\":[\"Bob\",\"Zed\"],\"text\":\"hi\"}");
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.code()).isEqualTo("unknown_recipient");
        assertThat(a.error()).contains("Zed").contains("Bob");
        assertThat(hub.inbox(bob, "?peek=true")).isEmpty();
    }

    @Test
    void aNameThatIsAlsoAnotherPanesIdIsAmbiguous() {
        Pane impostor = hub.join(bob.id().substring(0, 36));
        Answer a = send(alice.token(), "{\"to\":" + q(bob.id()) + ",\"text\":\"who?\"}");
        assertThat(a.status()).isEqualTo(409);
        assertThat(a.code()).isEqualTo("ambiguous_recipient");
        assertThat(a.error()).contains("Bob").contains(impostor.id());
    }

    @Test
    void badBodiesAreFourHundredsAndStoreNothing() {
        List<String> bodies = List.of("", "{not json", "[1,2]", "{\"to\":\"Bob\"}", "{\"text\":\"x\"}",
                "{\"to\":5,\"text\":\"x\"}", "{\"to\":\"Bob\",\"text\":42}", "{\"to\":[\"Bob\",3],\"text\":\"x\"}",
                "{\"to\":\"Bob\",\"text\":\"   \"}", "{\"to\":\"\",\"text\":\"x\"}",
                "{\"to\":\"Bob\",\"text\":\"x\",\"subject\":[]}",
                "{\"to\":\"Bob\",\"text\":\"x\",\"idempotency_key\":\"" + "k".repeat(129) + "\"}");
        for (String body : bodies) {
            Answer a = send(alice.token(), body);
            assertThat(a.status()).as(body).isEqualTo(400);
            assertThat(a.code()).as(body).isEqualTo("bad_request");
            assertThat(a.error()).as(body).isNotBlank();
        }
        assertThat(storedMessages()).isZero();
    }

    /** Chunked: no Content-Length, so the hub reads the body without knowing its size, with the same limit. */
    private int sendChunked(String token, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(hub.url() + "/api/v1/messages"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
                .build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    @Test
    void aBodySentWithoutALengthIsReadWithTheSameLimit() throws Exception {
        assertThat(sendChunked(alice.token(), "{\"to\":\"Bob\",\"text\":\"chunked\"}")).isEqualTo(201);
        assertThat(sendChunked(alice.token(), "{\"to\":\"Bob\",\"text\":" + q("x".repeat(2 * 1024 * 1024))
                + "}")).isEqualTo(413);
        assertThat(hub.inbox(bob, "").valueStream().map(m -> m.path("text").asString()))
                .containsExactly("chunked");
    }

    @Test
    void aBodyThatEndsBeforeItsDeclaredLengthIsRefusedAndStoresNothing() throws IOException {
        URI uri = URI.create(hub.url());
        try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/v1/messages HTTP/1.1\r\nHost: " + uri.getAuthority() + "\r\nAuthorization: Bearer "
                    + alice.token() + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
                    + "{\"to\":\"Bob\",\"text\":\"cut\"}").getBytes(StandardCharsets.UTF_8));
            out.flush();
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400").contains("\"code\":\"bad_request\"");
        }
        assertThat(storedMessages()).isZero();
    }

    @Test
    void textOverSixtyFourKibibytesIsTooLarge() {
        Answer big = send(alice.token(), "{\"to\":\"Bob\",\"text\":" + q("é".repeat(32 * 1024 + 1)) + "}");
        assertThat(big.status()).isEqualTo(413);
        assertThat(big.code()).isEqualTo("too_large");
        Answer huge = send(alice.token(), "{\"to\":\"Bob\",\"text\":" + q("x".repeat(2 * 1024 * 1024)) + "}");
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.code()).isEqualTo("too_large");
        assertThat(send(alice.token(), "{\"to\":\"Bob\",\"text\":" + q("x".repeat(64 * 1024)) + "}").status())
                .isEqualTo(201);
        assertThat(storedMessages()).isEqualTo(1);
    }

    @Test
    void repliesThreadToTheOtherPartyAndMarkTheOriginalRead() {
        String first = hub.send(alice.token(), "Bob", "question").get(0).path("id").asString();
        Answer reply = send(bob.token(), "{\"reply_to\":" + q(first) + ",\"text\":\"answer\"}");
        assertThat(reply.status()).isEqualTo(201);
        JsonNode r = reply.json().path("messages").get(0);
        assertThat(r.path("to_name").asString()).isEqualTo("Alice");
        assertThat(r.path("thread_id").asString()).isEqualTo(first);
        assertThat(api.get(bob.token(), "/api/v1/messages/" + first).json().path("status").asString())
                .isEqualTo("read");
        String third = hub.inbox(alice, "").get(0).path("id").asString();
        assertThat(send(alice.token(), "{\"reply_to\":" + q(third) + ",\"text\":\"thanks\"}").status())
                .isEqualTo(201);

        JsonNode thread = api.get(hub.op(), "/api/v1/threads/" + first).json().path("messages");
        assertThat(thread.valueStream().map(m -> m.path("text").asString()))
                .containsExactly("question", "answer", "thanks");
        assertThat(thread.get(1).path("in_reply_to").asString()).isEqualTo(first);

        Pane eve = hub.join("Eve");
        assertThat(send(eve.token(), "{\"reply_to\":" + q(first) + ",\"text\":\"butting in\"}").status())
                .isEqualTo(403);
        assertThat(api.get(eve.token(), "/api/v1/threads/" + first).status()).isEqualTo(403);
        assertThat(send(eve.token(), "{\"reply_to\":\"nope\",\"text\":\"x\"}").code()).isEqualTo("not_found");
    }

    @Test
    void inboxKeepsOrderHonoursLimitAndPeek() {
        for (int i = 0; i < 5; i++) {
            hub.send(alice.token(), "Bob", "m" + i);
        }
        assertThat(hub.inbox(bob, "?peek=true").valueStream().map(m -> m.path("text").asString()))
                .containsExactly("m0", "m1", "m2", "m3", "m4");
        assertThat(hub.inbox(bob, "?peek=true").get(0).path("status").asString()).isEqualTo("queued");
        assertThat(hub.inbox(bob, "?limit=2").valueStream().map(m -> m.path("text").asString()))
                .containsExactly("m0", "m1");
        assertThat(hub.inbox(bob, "").valueStream().map(m -> m.path("text").asString()))
                .containsExactly("m2", "m3", "m4");
        for (String q : List.of("?limit=0", "?limit=101", "?limit=x", "?wait=61", "?wait=-1", "?peek=maybe")) {
            Answer a = api.get(bob.token(), "/api/v1/panes/" + bob.id() + "/inbox" + q);
            assertThat(a.status()).as(q).isEqualTo(400);
            assertThat(a.code()).as(q).isEqualTo("bad_request");
        }
    }

    @Test
    void aPaneTokenActsOnlyForItsPane() {
        hub.send(alice.token(), "Bob", "private");
        assertThat(api.get(alice.token(), "/api/v1/panes/" + bob.id() + "/inbox").status()).isEqualTo(403);
        assertThat(api.get(alice.token(), "/api/v1/panes/operator/inbox").status()).isEqualTo(403);
        assertThat(api.get(alice.token(), "/api/v1/panes/" + bob.id()).status()).isEqualTo(403);
        assertThat(api.delete(alice.token(), "/api/v1/panes/" + bob.id(), null).status()).isEqualTo(403);
        assertThat(api.put(alice.token(), "/api/v1/panes/" + bob.id() + "/channel",
                "{\"port\":1234,\"secret\":\"0123456789abcdef\"}").status()).isEqualTo(403);
        assertThat(api.get(alice.token(), "/api/v1/events").status()).isEqualTo(403);
        assertThat(api.get(alice.token(), "/api/v1/panes/nope/inbox").status()).isEqualTo(404);
        assertThat(hub.inbox(bob, "?peek=true")).hasSize(1);
        // the operator may read (and so drain) a pane's inbox
        assertThat(api.get(hub.op(), "/api/v1/panes/" + bob.id() + "/inbox?peek=true").json().path("messages"))
                .hasSize(1);
    }

    @Test
    void messageReadsAreForThePartiesAndTheOperator() {
        String id = hub.send(alice.token(), "Bob", "x").get(0).path("id").asString();
        Pane eve = hub.join("Eve");
        assertThat(api.get(alice.token(), "/api/v1/messages/" + id).status()).isEqualTo(200);
        assertThat(api.get(bob.token(), "/api/v1/messages/" + id).status()).isEqualTo(200);
        assertThat(api.get(hub.op(), "/api/v1/messages/" + id).status()).isEqualTo(200);
        assertThat(api.get(eve.token(), "/api/v1/messages/" + id).status()).isEqualTo(403);
        Answer missing = api.get(hub.op(), "/api/v1/messages/nope");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.code()).isEqualTo("not_found");
        assertThat(api.get(hub.op(), "/api/v1/threads/nope").status()).isEqualTo(404);
        assertThat(api.get(hub.op(), "/api/v1/nothing-here").code()).isEqualTo("not_found");
    }

    @Test
    void ackIsTheRecipientsAndMarksRead() {
        String id = hub.send(alice.token(), "Bob", "ack me").get(0).path("id").asString();
        assertThat(api.post(alice.token(), "/api/v1/messages/" + id + "/ack", null).status()).isEqualTo(403);
        Answer ack = api.post(bob.token(), "/api/v1/messages/" + id + "/ack", null);
        assertThat(ack.status()).isEqualTo(200);
        assertThat(ack.json().path("status").asString()).isEqualTo("read");
        assertThat(ack.json().path("read_at").isNull()).isFalse();
        assertThat(api.post(bob.token(), "/api/v1/messages/" + id + "/ack", null).status()).isEqualTo(200);
        assertThat(hub.inbox(bob, "")).isEmpty();
        assertThat(api.post(bob.token(), "/api/v1/messages/nope/ack", null).status()).isEqualTo(404);
    }

    @Test
    void theOperatorIsAPartyWithAnInbox() {
        hub.send(bob.token(), "operator", "for the human");
        JsonNode inbox = api.get(hub.op(), "/api/v1/panes/operator/inbox").json().path("messages");
        assertThat(inbox).hasSize(1);
        assertThat(inbox.get(0).path("to_id").asString()).isEqualTo("operator");
        String reply = hub.send(hub.op(), "Bob", "noted").get(0).path("id").asString();
        JsonNode m = api.get(bob.token(), "/api/v1/messages/" + reply).json();
        assertThat(m.path("from_id").asString()).isEqualTo("operator");
        assertThat(m.path("from_name").asString()).isEqualTo("operator");
    }

    @Test
    void aLongPollReturnsAsSoonAsAMessageArrives() throws Exception {
        CompletableFuture<JsonNode> waiting = CompletableFuture.supplyAsync(() -> hub.inbox(bob, "?wait=30"));
        Thread.sleep(300); // let the poll reach the hub and start waiting
        assertThat(waiting).isNotDone();
        hub.send(alice.token(), "Bob", "wake up");
        JsonNode got = waiting.get(10, TimeUnit.SECONDS);
        assertThat(got).hasSize(1);
        assertThat(got.get(0).path("text").asString()).isEqualTo("wake up");
        assertThat(hub.inbox(bob, "?wait=0.2")).isEmpty();
    }

    @Test
    void anIdempotentSendIsStoredOnce() {
        String body = "{\"to\":\"Bob\",\"text\":\"once\",\"idempotency_key\":\"k-1\"}";
        Answer first = send(alice.token(), body);
        Answer again = send(alice.token(), body);
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(send(bob.token(), "{\"to\":\"Alice\",\"text\":\"mine\",\"idempotency_key\":\"k-1\"}").status())
                .as("keys are per sender").isEqualTo(201);
        assertThat(hub.inbox(bob, "")).hasSize(1);
    }

    @Test
    void aStoppedPaneLosesItsTokenAndNameButKeepsItsMessages() {
        hub.send(alice.token(), "Bob", "before stop");
        assertThat(api.delete(bob.token(), "/api/v1/panes/" + bob.id(), null).status()).isEqualTo(204);
        assertThat(hub.pane(bob.id()).path("status").asString()).isEqualTo("stopped");
        assertThat(hub.pane(bob.id()).path("delivery").asString()).isEqualTo("offline");
        assertThat(api.get(bob.token(), "/api/v1/panes").status()).isEqualTo(401);
        assertThat(send(alice.token(), "{\"to\":\"Bob\",\"text\":\"x\"}").code()).isEqualTo("unknown_recipient");
        assertThat(api.get(hub.op(), "/api/v1/panes/" + bob.id() + "/inbox?peek=true").json().path("messages"))
                .hasSize(1);
        Pane bob2 = hub.join("Bob");
        assertThat(bob2.id()).isNotEqualTo(bob.id());
        assertThat(api.delete(hub.op(), "/api/v1/panes/" + bob2.id(), null).status()).isEqualTo(204);
        assertThat(api.delete(hub.op(), "/api/v1/panes/nope", null).status()).isEqualTo(404);
    }

    @Test
    void channelRegistrationIsValidated() {
        String path = "/api/v1/panes/" + bob.id() + "/channel";
        for (String body : List.of("{}", "{\"port\":0,\"secret\":\"0123456789abcdef\"}",
                "{\"port\":70000,\"secret\":\"0123456789abcdef\"}", "{\"port\":\"80\",\"secret\":\"0123456789abcdef\"}",
                "{\"port\":8080,\"secret\":\"short\"}", "{\"port\":8080}",
                "{\"port\":8080,\"secret\":\"0123456789abcdef\",\"socket\":\"yes\"}")) {
            assertThat(api.put(bob.token(), path, body).status()).as(body).isEqualTo(400);
        }
        assertThat(api.put(hub.op(), path, "{\"port\":8080,\"secret\":\"0123456789abcdef\"}").status())
                .as("the operator has no channel").isEqualTo(403);
        assertThat(api.put(bob.token(), path, "{\"port\":8080,\"secret\":\"0123456789abcdef\"}").status())
                .isEqualTo(204);
        assertThat(hub.pane(bob.id()).path("delivery").asString()).isEqualTo("push");
        assertThat(api.delete(bob.token(), path, "{\"port\":8080}").status()).isEqualTo(204);
        assertThat(hub.pane(bob.id()).path("delivery").asString()).isEqualTo("poll");
        assertThat(api.put(bob.token(), path, "{\"port\":8081,\"secret\":\"0123456789abcdef\",\"socket\":true}")
                .status()).as("a channel that can use Claude Code's messaging socket").isEqualTo(204);
    }

    @Test
    void theEventStreamShowsMessagesAndPanes() throws Exception {
        List<String> lines = new ArrayList<>();
        var events = new dev.mosaic.client.HubClient(new dev.mosaic.client.HubAddress(hub.url(), hub.op(), null))
                .events();
        Thread reader = Thread.ofVirtual().start(() -> events.body().forEach(l -> {
            synchronized (lines) {
                lines.add(l);
            }
        }));
        Thread.sleep(200);
        hub.join("Dave");
        hub.send(alice.token(), "Bob", "watched");
        hub.inbox(bob, "");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> {
            synchronized (lines) {
                assertThat(lines).contains("event: pane", "event: message", "event: delivery");
                assertThat(lines).anyMatch(l -> l.startsWith("data:") && l.contains("watched"));
                assertThat(lines).anyMatch(l -> l.startsWith("data:") && l.contains("\"delivered_via\":\"poll\""));
            }
        });
        reader.interrupt();
    }
}
