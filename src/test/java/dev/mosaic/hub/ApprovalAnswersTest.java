package dev.mosaic.hub;

import dev.mosaic.client.HubAddress;
import dev.mosaic.client.HubClient;
import dev.mosaic.testing.AliceAndBob;
import dev.mosaic.testing.ApiClient.Answer;
import dev.mosaic.testing.TestHub.Pane;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.mosaic.testing.ApiClient.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The hub's side of the permission relay over real HTTP (DESIGN.md §10): a pane's relayed requests, answers by the
 * operator or the pane's lead, the first answer winning, and the merge with the PermissionRequest hook. No channel
 * here: the answers stay on their way ({@code relay_state: sending}); PermissionRelayTest has the channel.
 */
class ApprovalAnswersTest extends AliceAndBob {
    private Answer relay(Pane p, String body) {
        return api.post(p.token(), "/api/v1/panes/" + p.id() + "/approvals", body);
    }

    private JsonNode relayed(Pane p, String requestId, String tool) {
        Answer a = relay(p, "{\"request_id\":" + q(requestId) + ",\"tool_name\":" + q(tool)
                + ",\"description\":\"Run the requested command\","
                + "\"input_preview\":\"{ \\\"command\\\": \\\"touch x\\\" }\"}");
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return a.json();
    }

    private Answer answer(String token, String id, String behavior) {
        return api.post(token, "/api/v1/approvals/" + id, "{\"behavior\":" + q(behavior) + "}");
    }

    private void hook(Pane p, String event, String extra) {
        Answer a = api.post(p.token(), "/api/v1/panes/" + p.id() + "/agent-events",
                "{\"session_id\":\"s1\",\"hook_event_name\":\"" + event + "\"" + extra + "}");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
    }

    private JsonNode approvals(String query) {
        Answer a = api.get(hub.op(), "/api/v1/approvals" + query);
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        return a.json().path("approvals");
    }

    @Test
    void aRelayedRequestIsAPendingApprovalAndThePaneNeedsApproval() {
        JsonNode a = relayed(alice, "jhkze", "Bash");
        assertThat(a.path("pane_id").asString()).isEqualTo(alice.id());
        assertThat(a.path("pane_name").asString()).isEqualTo("Alice");
        assertThat(a.path("tool_name").asString()).isEqualTo("Bash");
        assertThat(a.path("request_id").asString()).isEqualTo("jhkze");
        assertThat(a.path("description").asString()).isEqualTo("Run the requested command");
        assertThat(a.path("input_preview").asString()).contains("touch x");
        assertThat(a.path("relayed").asBoolean()).isTrue();
        assertThat(a.path("status").asString()).isEqualTo("pending");
        assertThat(a.has("answered_at")).isFalse();
        assertThat(a.has("behavior")).isFalse();

        assertThat(approvals("?status=pending")).hasSize(1);
        assertThat(hub.pane(alice.id()).path("agent_state").asString()).isEqualTo("needs_approval");

        Answer again = relay(alice, "{\"request_id\":\"jhkze\",\"tool_name\":\"Bash\"}");
        assertThat(again.status()).as("a channel's retry is the same request: %s", again).isEqualTo(200);
        assertThat(again.json().path("id").asString()).isEqualTo(a.path("id").asString());
        assertThat(approvals("")).hasSize(1);
    }

    @Test
    void theOperatorAnswersOnceAndTheAnswerIsKept() {
        String id = relayed(alice, "abcde", "Bash").path("id").asString();

        Answer allowed = answer(hub.op(), id, "allow");
        assertThat(allowed.status()).as(allowed.toString()).isEqualTo(200);
        JsonNode a = allowed.json();
        assertThat(a.path("status").asString()).isEqualTo("answered");
        assertThat(a.path("behavior").asString()).isEqualTo("allow");
        assertThat(a.path("answered_by").asString()).isEqualTo("operator");
        assertThat(a.path("answered_by_id").asString()).isEqualTo("operator");
        assertThat(a.path("answered_at").asString()).isNotBlank();
        assertThat(a.path("relay_state").asString()).as("no channel: kept, retried").isEqualTo("sending");
        assertThat(hub.pane(alice.id()).path("agent_state").asString()).isEqualTo("working");

        Answer second = answer(hub.op(), id, "deny");
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.code()).isEqualTo("already_answered");
        assertThat(second.error()).contains("allow").contains("operator");
        assertThat(approvals("?status=answered").get(0).path("behavior").asString()).isEqualTo("allow");
        assertThat(approvals("?status=pending")).isEmpty();
    }

    @Test
    void ofAnswersRacingExactlyOneWins() throws Exception {
        for (int round = 0; round < 5; round++) {
            String id = relayed(alice, "race" + round, "Bash").path("id").asString();
            api.put(hub.op(), "/api/v1/panes/" + alice.id() + "/lead", "{\"lead\":\"Bob\"}");
            List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
            try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 6; i++) {
                    String token = i % 2 == 0 ? hub.op() : bob.token();
                    String behavior = i % 3 == 0 ? "deny" : "allow";
                    pool.submit(() -> statuses.add(answer(token, id, behavior).status()));
                }
            }
            assertThat(statuses).as("round %d", round).containsOnly(200, 409);
            assertThat(statuses.stream().filter(s -> s == 200)).hasSize(1);
            hook(alice, "Stop", "");
        }
    }

    @Test
    void unknownIdsBadBehaviorsAndBadRequestsAreRefused() {
        String id = relayed(alice, "abcde", "Bash").path("id").asString();

        Answer unknown = answer(hub.op(), "no-such-approval", "allow");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("not_found");
        for (String body : new String[]{"{\"behavior\":\"maybe\"}", "{}", "{\"behavior\":1}", "not json"}) {
            Answer bad = api.post(hub.op(), "/api/v1/approvals/" + id, body);
            assertThat(bad.status()).as(body).isEqualTo(400);
            assertThat(bad.code()).isEqualTo("bad_request");
        }
        assertThat(approvals("?status=pending")).as("nothing answered").hasSize(1);

        for (String body : new String[]{"{\"tool_name\":\"Bash\"}", "{\"request_id\":\"abcde\"}",
                "{\"request_id\":\"\",\"tool_name\":\"Bash\"}", "{\"request_id\":\"a b\",\"tool_name\":\"Bash\"}",
                "{\"request_id\":\"x\",\"tool_name\":\"\"}", "[]"}) {
            Answer bad = relay(alice, body);
            assertThat(bad.status()).as(body).isEqualTo(400);
            assertThat(bad.code()).isEqualTo("bad_request");
        }
        assertThat(api.post(bob.token(), "/api/v1/panes/" + alice.id() + "/approvals",
                "{\"request_id\":\"zzzzz\",\"tool_name\":\"Bash\"}").status()).as("another pane's").isEqualTo(403);
        assertThat(api.post(hub.op(), "/api/v1/panes/" + alice.id() + "/approvals",
                "{\"request_id\":\"zzzzz\",\"tool_name\":\"Bash\"}").status()).as("the operator's").isEqualTo(403);
        assertThat(api.post(null, "/api/v1/approvals/" + id, "{\"behavior\":\"allow\"}").status()).isEqualTo(401);
        assertThat(approvals("")).hasSize(1);
    }

    @Test
    void onlyThePaneTheOperatorNamedAsLeadAnswersBesideTheOperator() {
        String id = relayed(alice, "abcde", "Bash").path("id").asString();
        Pane carol = hub.join("Carol");

        Answer notLead = answer(bob.token(), id, "allow");
        assertThat(notLead.status()).isEqualTo(403);
        assertThat(notLead.code()).isEqualTo("forbidden");
        assertThat(answer(alice.token(), id, "allow").status()).as("not its own either").isEqualTo(403);
        assertThat(api.get(bob.token(), "/api/v1/approvals").status()).as("leads nobody").isEqualTo(403);

        assertThat(api.put(bob.token(), "/api/v1/panes/" + alice.id() + "/lead", "{\"lead\":\"Bob\"}").status())
                .as("only the operator names a lead").isEqualTo(403);
        assertThat(api.put(hub.op(), "/api/v1/panes/" + alice.id() + "/lead", "{\"lead\":\"Nobody\"}").status())
                .isEqualTo(404);
        assertThat(api.put(hub.op(), "/api/v1/panes/" + alice.id() + "/lead", "{\"lead\":\"Alice\"}").status())
                .isEqualTo(400);
        Answer named = api.put(hub.op(), "/api/v1/panes/" + alice.id() + "/lead", "{\"lead\":\"bob\"}");
        assertThat(named.status()).as(named.toString()).isEqualTo(200);
        assertThat(named.json().path("lead_id").asString()).isEqualTo(bob.id());
        assertThat(named.json().path("lead_name").asString()).isEqualTo("Bob");

        assertThat(answer(carol.token(), id, "allow").status()).isEqualTo(403);
        Answer bobs = api.get(bob.token(), "/api/v1/approvals?status=pending");
        assertThat(bobs.status()).isEqualTo(200);
        assertThat(bobs.json().path("approvals")).hasSize(1);
        Answer denied = answer(bob.token(), id, "deny");
        assertThat(denied.status()).as(denied.toString()).isEqualTo(200);
        assertThat(denied.json().path("behavior").asString()).isEqualTo("deny");
        assertThat(denied.json().path("answered_by").asString()).isEqualTo("Bob");
        assertThat(denied.json().path("answered_by_id").asString()).isEqualTo(bob.id());
        assertThat(answer(hub.op(), id, "allow").code()).isEqualTo("already_answered");

        Answer cleared = api.put(hub.op(), "/api/v1/panes/" + alice.id() + "/lead", "{\"lead\":null}");
        assertThat(cleared.status()).isEqualTo(200);
        String next = relayed(alice, "fghij", "Bash").path("id").asString();
        assertThat(answer(bob.token(), next, "allow").status()).as("no longer the lead").isEqualTo(403);
    }

    @Test
    void aLeadNamedAtJoinMayAnswer() {
        Answer joined = api.post(hub.op(), "/api/v1/panes", "{\"name\":\"Dave\",\"lead\":\"Bob\"}");
        assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
        Pane dave = new Pane(joined.json().path("id").asString(), "Dave", joined.json().path("token").asString());
        assertThat(api.post(hub.op(), "/api/v1/panes", "{\"name\":\"Erin\",\"lead\":\"Nobody\"}").status())
                .as("an unknown lead refuses the join").isEqualTo(404);
        assertThat(hub.api().get(hub.op(), "/api/v1/panes").json().path("panes").toString()).doesNotContain("Erin");

        String id = relayed(dave, "abcde", "Write").path("id").asString();
        assertThat(answer(bob.token(), id, "allow").status()).isEqualTo(200);
    }

    @Test
    void theHookAndTheRelayOfOnePromptAreOneApprovalInEitherOrder() {
        // The relay first, then the hook (they fire in the same millisecond).
        hook(alice, "UserPromptSubmit", "");
        String first = relayed(alice, "abcde", "Bash").path("id").asString();
        hook(alice, "PermissionRequest", ",\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"touch x\"}");
        JsonNode pending = approvals("?status=pending");
        assertThat(pending).hasSize(1);
        assertThat(pending.get(0).path("id").asString()).isEqualTo(first);
        assertThat(pending.get(0).path("relayed").asBoolean()).isTrue();
        assertThat(answer(hub.op(), first, "allow").status()).isEqualTo(200);
        hook(alice, "PostToolUse", ",\"tool_name\":\"Bash\"");
        assertThat(approvals("").get(0).path("status").asString()).as("answered stays answered").isEqualTo("answered");

        // The hook first, then the relay.
        hook(alice, "PermissionRequest", ",\"tool_name\":\"Write\",\"tool_input\":{\"file_path\":\"a\"}");
        String hooked = approvals("?status=pending").get(0).path("id").asString();
        assertThat(answer(hub.op(), hooked, "allow").code()).as("not relayed (yet)").isEqualTo("not_relayed");
        Answer merged = relay(alice, "{\"request_id\":\"fghij\",\"tool_name\":\"Write\"}");
        assertThat(merged.status()).isEqualTo(201);
        assertThat(merged.json().path("id").asString()).isEqualTo(hooked);
        assertThat(merged.json().path("request_id").asString()).isEqualTo("fghij");
        assertThat(approvals("?status=pending")).hasSize(1);

        // Another tool is another prompt.
        relayed(alice, "klmno", "Edit");
        assertThat(approvals("?status=pending")).hasSize(2);
        assertThat(approvals("")).hasSize(3);
    }

    @Test
    void aStalePromptOfTheSameToolDoesNotTakeANewPromptsRelay() throws Exception {
        hook(alice, "PermissionRequest", ",\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"old\"}");
        String stale = approvals("?status=pending").get(0).path("id").asString();
        // Interrupted with Esc: no hook closed it. Some minutes later the agent asks again, through the relay only.
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + home.resolve("mosaic.db"));
             java.sql.PreparedStatement st = c.prepareStatement("UPDATE approvals SET created_at = ? WHERE id = ?")) {
            st.setString(1, "2026-01-01T00:00:00.000Z");
            st.setString(2, stale);
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
        String fresh = relayed(alice, "fresh", "Bash").path("id").asString();
        assertThat(fresh).isNotEqualTo(stale);
        assertThat(approvals("?status=pending")).hasSize(2);
    }

    @Test
    void thePanesNextHookClosesAPendingRelayedApprovalAsAnsweredInTheTerminal() {
        String id = relayed(alice, "abcde", "Bash").path("id").asString();
        hook(alice, "PostToolUse", ",\"tool_name\":\"Bash\"");
        JsonNode a = approvals("").get(0);
        assertThat(a.path("status").asString()).isEqualTo("answered_in_terminal");
        Answer late = answer(hub.op(), id, "deny");
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.code()).isEqualTo("already_answered");
        assertThat(late.error()).contains("terminal");
    }

    @Test
    void theOperatorIsToldWhenAnAnswerCannotReachTheChannelAndWhenItNeverWill() {
        List<String> lines = new ArrayList<>();
        var events = new HubClient(new HubAddress(hub.url(), hub.op(), null)).events();
        Thread reader = Thread.ofVirtual().start(() -> events.body().forEach(l -> {
            synchronized (lines) {
                lines.add(l);
            }
        }));
        try {
            String id = relayed(alice, "abcde", "Bash").path("id").asString();
            assertThat(answer(hub.op(), id, "allow").json().path("relay_state").asString()).isEqualTo("sending");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                synchronized (lines) {
                    assertThat(lines).contains("event: approval", "event: alert");
                    assertThat(lines).anyMatch(l -> l.startsWith("data:") && l.contains("approval_not_delivered")
                            && l.contains(id));
                }
            });

            assertThat(api.delete(hub.op(), "/api/v1/panes/" + alice.id(), null).status()).isEqualTo(204);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(approvals("").get(0).path("relay_state").asString()).isEqualTo("failed"));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                synchronized (lines) {
                    assertThat(lines).anyMatch(l -> l.startsWith("data:") && l.contains("approval_not_relayed")
                            && l.contains(id));
                }
            });
        } finally {
            reader.interrupt();
        }
    }

    @Test
    void anAnswerNotYetDeliveredSurvivesARestart() {
        String id = relayed(alice, "abcde", "Bash").path("id").asString();
        assertThat(answer(hub.op(), id, "allow").json().path("relay_state").asString()).isEqualTo("sending");
        hub.restart();
        api = hub.api();
        JsonNode a = approvals("").get(0);
        assertThat(a.path("relay_state").asString()).isEqualTo("sending");
        assertThat(a.path("behavior").asString()).isEqualTo("allow");
    }
}
