package dev.mosaic.hub;

import dev.mosaic.testing.AliceAndBob;
import dev.mosaic.testing.ApiClient.Answer;
import dev.mosaic.testing.EventLog;
import dev.mosaic.testing.TestHub.Pane;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;

import static dev.mosaic.testing.ApiClient.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A pane's lead over real HTTP (DESIGN.md §10): pane JSON shows it, and the lead is told, by a message from the
 * operator, of each approval of that pane it can answer.
 */
class LeadNoticesTest extends AliceAndBob {
    private Answer relay(Pane p, String requestId, String tool) {
        return api.post(p.token(), "/api/v1/panes/" + p.id() + "/approvals", "{\"request_id\":" + q(requestId)
                + ",\"tool_name\":" + q(tool) + ",\"description\":\"Run the requested command\","
                + "\"input_preview\":\"{ \\\"command\\\": \\\"touch x\\\" }\"}");
    }

    private void lead(Pane p, String lead) {
        Answer a = api.put(hub.op(), "/api/v1/panes/" + p.id() + "/lead", "{\"lead\":" + (lead == null ? "null"
                : q(lead)) + "}");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
    }

    private void hook(Pane p, String event, String extra) {
        Answer a = api.post(p.token(), "/api/v1/panes/" + p.id() + "/agent-events",
                "{\"session_id\":\"s1\",\"hook_event_name\":\"" + event + "\"" + extra + "}");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
    }

    @Test
    void paneJsonShowsTheLeadAndAPaneEventTellsOfAChange() throws Exception {
        assertThat(hub.pane(alice.id()).has("lead")).as("no lead: absent").isFalse();
        try (EventLog events = new EventLog(hub)) {
            lead(alice, "Bob");
            JsonNode a = hub.pane(alice.id());
            assertThat(a.path("lead").path("id").asString()).isEqualTo(bob.id());
            assertThat(a.path("lead").path("name").asString()).isEqualTo("Bob");
            JsonNode listed = api.get(hub.op(), "/api/v1/panes").json().path("panes");
            for (JsonNode p : listed) {
                if (p.path("id").asString().equals(alice.id())) {
                    assertThat(p.path("lead").path("name").asString()).isEqualTo("Bob");
                } else {
                    assertThat(p.has("lead")).as(p.toString()).isFalse();
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> events.of("pane").stream()
                    .anyMatch(e -> e.path("id").asString().equals(alice.id())
                            && e.path("lead").path("id").asString().equals(bob.id())));

            lead(alice, null);
            assertThat(hub.pane(alice.id()).has("lead")).isFalse();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                var of = events.of("pane").stream().filter(e -> e.path("id").asString().equals(alice.id())).toList();
                return !of.isEmpty() && !of.getLast().has("lead");
            });
        }
        Answer joined = api.post(hub.op(), "/api/v1/panes", "{\"name\":\"Dave\",\"lead\":\"Alice\"}");
        assertThat(joined.status()).isEqualTo(201);
        assertThat(hub.pane(joined.json().path("id").asString()).path("lead").path("name").asString())
                .as("named at join").isEqualTo("Alice");
    }

    @Test
    void theLeadIsToldOfARelayedApprovalOnceAndAnswersItWithWhatTheNoticeSays() {
        lead(alice, "Bob");
        Answer relayed = relay(alice, "jhkze", "Bash");
        assertThat(relayed.status()).isEqualTo(201);
        String id = relayed.json().path("id").asString();
        assertThat(relay(alice, "jhkze", "Bash").status()).as("the channel's retry").isEqualTo(200);

        JsonNode inbox = hub.inbox(bob, "");
        assertThat(inbox).as("one notice, the retry adds none").hasSize(1);
        JsonNode notice = inbox.get(0);
        assertThat(notice.path("from_id").asString()).isEqualTo("operator");
        assertThat(notice.path("subject").asString()).isEqualTo("approval waiting: Alice, Bash");
        assertThat(notice.path("text").asString())
                .contains("Alice waits for an approval to run Bash")
                .contains("approval: " + id)
                .contains("pane: Alice (" + alice.id() + ")")
                .contains("tool: Bash")
                .contains("request_id: jhkze")
                .contains("touch x")
                .contains("mosaic approve " + id)
                .contains("POST /api/v1/approvals/" + id);
        assertThat(hub.inbox(alice, "")).as("the asking pane gets nothing").isEmpty();

        Answer answered = api.post(bob.token(), "/api/v1/approvals/" + id, "{\"behavior\":\"allow\"}");
        assertThat(answered.status()).as(answered.toString()).isEqualTo(200);
        assertThat(answered.json().path("answered_by").asString()).isEqualTo("Bob");
    }

    @Test
    void aPromptKnownFromTheHookIsToldOnlyOnceTheRelayMakesItAnswerable() {
        lead(alice, "Bob");
        hook(alice, "PermissionRequest", ",\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"touch x\"}");
        assertThat(hub.inbox(bob, "?peek=true")).as("only the terminal can answer it yet").isEmpty();
        Answer merged = relay(alice, "fghij", "Bash");
        assertThat(merged.status()).isEqualTo(201);
        hook(alice, "PermissionRequest", ",\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"touch x\"}");
        JsonNode inbox = hub.inbox(bob, "");
        assertThat(inbox).hasSize(1);
        assertThat(inbox.get(0).path("text").asString()).contains("approval: " + merged.json().path("id").asString());
    }

    @Test
    void noLeadNoNoticeAndALeadGoneNeverFailsTheRelay() {
        assertThat(relay(alice, "aaaaa", "Bash").status()).isEqualTo(201);
        assertThat(hub.inbox(bob, "?peek=true")).isEmpty();
        assertThat(api.get(hub.op(), "/api/v1/panes/operator/inbox?peek=true").json().path("messages"))
                .as("nor to the operator").isEmpty();

        Pane carol = hub.join("Carol");
        lead(alice, "Carol");
        assertThat(api.delete(hub.op(), "/api/v1/panes/" + carol.id(), "").status()).isIn(200, 204);
        Answer relayed = relay(alice, "bbbbb", "Bash");
        assertThat(relayed.status()).as("the lead stopped: the relay is recorded all the same").isEqualTo(201);
        assertThat(api.get(hub.op(), "/api/v1/approvals?status=pending").json().path("approvals")).hasSize(2);
    }
}
