package dev.mosaic.hub;

import dev.mosaic.testing.AliceAndBob;
import dev.mosaic.testing.ApiClient.Answer;
import dev.mosaic.testing.EventLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the workstation page reads as the operator: the newest messages ({@code GET /api/v1/messages}) for the history
 * before it opened, and the delivery events that keep its timeline and unread counts right.
 */
class OperatorReadsTest extends AliceAndBob {
    EventLog events;

    @AfterEach
    void stop() throws Exception {
        if (events != null) {
            events.close();
        }
    }

    @Test
    void theNewestMessagesComeOldestFirstWithTheirStatusForTheOperatorOnly() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(hub.send(alice.token(), "Bob", "m" + i).get(0).path("id").asString());
        }
        ids.add(hub.send(hub.op(), "Alice", "from the operator").get(0).path("id").asString());
        hub.inbox(bob, "?limit=1");

        JsonNode all = recent("");
        assertThat(all).hasSize(6);
        assertThat(all.get(0).path("id").asString()).isEqualTo(ids.get(0));
        assertThat(all.get(0).path("status").asString()).isEqualTo("read");
        assertThat(all.get(0).path("delivered_via").asString()).isEqualTo("poll");
        assertThat(all.get(1).path("status").asString()).isEqualTo("queued");
        assertThat(all.get(5).path("from_id").asString()).isEqualTo("operator");

        JsonNode last2 = recent("?limit=2");
        assertThat(last2).hasSize(2);
        assertThat(last2.get(0).path("id").asString()).isEqualTo(ids.get(4));
        assertThat(last2.get(1).path("id").asString()).isEqualTo(ids.get(5));

        Answer byPane = api.get(alice.token(), "/api/v1/messages");
        assertThat(byPane.status()).isEqualTo(403);
        assertThat(byPane.code()).isEqualTo("forbidden");
        for (String bad : List.of("0", "1001", "x")) {
            Answer a = api.get(hub.op(), "/api/v1/messages?limit=" + bad);
            assertThat(a.status()).as(bad).isEqualTo(400);
            assertThat(a.code()).isEqualTo("bad_request");
        }
    }

    @Test
    void aReplyThatReadsTheMessageItAnswersSaysSoWithADeliveryEvent() throws Exception {
        String asked = hub.send(alice.token(), "operator", "may I?").get(0).path("id").asString();
        events = new EventLog(hub);

        Answer reply = api.post(hub.op(), "/api/v1/messages", "{\"reply_to\":\"" + asked + "\",\"text\":\"yes\"}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(deliveries())
                .anySatisfy(d -> assertThat(d).contains("\"message_id\":\"" + asked + "\"")
                        .contains("\"status\":\"read\"")));
        assertThat(api.get(hub.op(), "/api/v1/messages/" + asked).json().path("status").asString()).isEqualTo("read");
    }

    @Test
    void readingTheOperatorsInboxSaysSoWithDeliveryEvents() throws Exception {
        String first = hub.send(alice.token(), "operator", "one").get(0).path("id").asString();
        String second = hub.send(bob.token(), "operator", "two").get(0).path("id").asString();
        events = new EventLog(hub);

        Answer inbox = api.get(hub.op(), "/api/v1/panes/operator/inbox");
        assertThat(inbox.json().path("messages")).hasSize(2);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(deliveries()).anySatisfy(d -> assertThat(d).contains(first).contains("\"status\":\"read\""));
            assertThat(deliveries()).anySatisfy(d -> assertThat(d).contains(second).contains("\"status\":\"read\""));
        });
    }

    private JsonNode recent(String query) {
        Answer a = api.get(hub.op(), "/api/v1/messages" + query);
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        return a.json().path("messages");
    }

    /** The delivery events so far, each as its JSON text. */
    private List<String> deliveries() {
        return events.of("delivery").stream().map(JsonNode::toString).toList();
    }
}
