package dev.mosaic.hub;

import dev.mosaic.testing.AliceAndBob;
import dev.mosaic.testing.ApiClient.Answer;
import dev.mosaic.testing.EventLog;
import dev.mosaic.testing.TestHub.Pane;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** POST /api/v1/panes/{id}/agent-events: Claude Code's hooks set a pane's agent_state (DESIGN.md §10). */
class AgentEventsTest extends AliceAndBob {
    private static final String SESSION = "5a8e0000-0000-4000-8000-000000000001";

    private Answer report(String token, String paneId, String body) {
        return api.post(token, "/api/v1/panes/" + paneId + "/agent-events", body);
    }

    private Answer hook(Pane p, String event, String extra) {
        return report(p.token(), p.id(), "{\"session_id\":\"" + SESSION + "\",\"transcript_path\":\"/t.jsonl\","
                + "\"cwd\":\"/w\",\"hook_event_name\":\"" + event + "\"" + extra + "}");
    }

    private String state(Pane p) {
        return hub.pane(p.id()).path("agent_state").asString();
    }

    @Test
    void aPaneStartsUnknownAndFollowsItsHooksThroughATurn() {
        assertThat(state(alice)).isEqualTo("unknown");
        assertThat(api.get(hub.op(), "/api/v1/panes").raw().body()).contains("\"agent_state\":\"unknown\"");

        assertThat(hook(alice, "SessionStart", ",\"source\":\"startup\"").status()).isEqualTo(200);
        assertThat(state(alice)).isEqualTo("idle");
        Answer a = hook(alice, "UserPromptSubmit", ",\"prompt\":\"<channel …>hi</channel>\"");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().path("agent_state").asString()).isEqualTo("working");
        assertThat(a.json().path("changed").asBoolean()).isTrue();
        assertThat(hook(alice, "PreToolUse", ",\"tool_name\":\"Bash\",\"tool_input\":{}").json()
                .path("changed").asBoolean()).as("still working").isFalse();
        hook(alice, "PermissionRequest", ",\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"touch x\"}");
        assertThat(state(alice)).isEqualTo("needs_approval");
        hook(alice, "PostToolUse", ",\"tool_name\":\"Bash\",\"tool_response\":{}");
        assertThat(state(alice)).isEqualTo("working");
        hook(alice, "Notification", ",\"notification_type\":\"permission_prompt\",\"message\":\"Claude needs your permission\"");
        assertThat(state(alice)).isEqualTo("needs_approval");
        hook(alice, "PostToolBatch", ",\"tool_calls\":[]");
        assertThat(state(alice)).as("PostToolBatch says nothing about the state").isEqualTo("needs_approval");
        hook(alice, "Stop", ",\"stop_hook_active\":false");
        assertThat(state(alice)).isEqualTo("idle");
        hook(alice, "SessionEnd", ",\"reason\":\"prompt_input_exit\"");
        assertThat(state(alice)).isEqualTo("unknown");
        assertThat(state(bob)).as("another pane is untouched").isEqualTo("unknown");
    }

    @Test
    void theOperatorMayReportForAnyPane() {
        Answer a = report(hub.op(), bob.id(), "{\"session_id\":\"s\",\"hook_event_name\":\"UserPromptSubmit\"}");
        assertThat(a.status()).isEqualTo(200);
        assertThat(state(bob)).isEqualTo("working");
    }

    @Test
    void aChangeIsAPaneEventAndARepeatIsNone() throws Exception {
        hook(alice, "Stop", "");
        try (EventLog events = new EventLog(hub)) {
            hook(alice, "UserPromptSubmit", "");
            hook(alice, "PreToolUse", "");
            hook(alice, "Stop", "");
            hook(bob, "UserPromptSubmit", ""); // a later event: once it is here, any event of Alice's before it is too
            await().atMost(Duration.ofSeconds(10)).until(() -> states(events, bob.id()).contains("working"));
            assertThat(states(events, alice.id())).as("PreToolUse changed nothing: one event each for the prompt and Stop")
                    .containsExactly("working", "idle");
        }
    }

    /** The agent states the pane events of that pane carried, in order. */
    private static List<String> states(EventLog events, String paneId) {
        return events.of("pane").stream().filter(d -> paneId.equals(d.path("id").asString()))
                .map(d -> d.path("agent_state").asString()).toList();
    }

    @Test
    void badInputIsRefusedAndRecordsNothing() {
        hook(alice, "Stop", "");
        for (String body : List.of("", "not json", "[1]", "{\"session_id\":\"s\"}",
                "{\"session_id\":\"s\",\"hook_event_name\":\"Lunch\"}",
                "{\"session_id\":\"s\",\"hook_event_name\":7}",
                "{\"hook_event_name\":\"UserPromptSubmit\"}",
                "{\"session_id\":\"\",\"hook_event_name\":\"UserPromptSubmit\"}",
                "{\"session_id\":\"s\",\"hook_event_name\":\"Notification\",\"notification_type\":[]}")) {
            Answer a = report(alice.token(), alice.id(), body);
            assertThat(a.status()).as(body).isEqualTo(400);
            assertThat(a.code()).isEqualTo("bad_request");
            assertThat(a.error()).isNotBlank();
        }
        assertThat(state(alice)).isEqualTo("idle");
    }

    @Test
    void anotherPanesTokenIsForbidden() {
        Answer a = hook(new Pane(alice.id(), alice.name(), bob.token()), "UserPromptSubmit", "");
        assertThat(a.status()).isEqualTo(403);
        assertThat(a.code()).isEqualTo("forbidden");
        assertThat(state(alice)).isEqualTo("unknown");
        assertThat(state(bob)).isEqualTo("unknown");
    }

    @Test
    void aStoppedOrUnknownPaneTakesNoReports() {
        assertThat(api.delete(hub.op(), "/api/v1/panes/" + alice.id(), "").status()).isEqualTo(204);
        assertThat(hook(alice, "UserPromptSubmit", "").status()).as("its token was revoked").isEqualTo(401);
        Answer asOperator = report(hub.op(), alice.id(), "{\"session_id\":\"s\",\"hook_event_name\":\"Stop\"}");
        assertThat(asOperator.status()).isEqualTo(404);
        assertThat(asOperator.code()).isEqualTo("not_found");
        assertThat(report(hub.op(), "no-such-pane", "{\"session_id\":\"s\",\"hook_event_name\":\"Stop\"}").status())
                .isEqualTo(404);
        assertThat(api.get(hub.op(), "/api/v1/panes?all=true").raw().body())
                .contains("\"agent_state\":\"unknown\"").doesNotContain("idle");
    }

    @Test
    void anotherSessionMayNotEndThePanesSession() {
        hook(alice, "UserPromptSubmit", "");
        Answer end = report(alice.token(), alice.id(), "{\"session_id\":\"nested\",\"hook_event_name\":\"SessionEnd\"}");
        assertThat(end.status()).isEqualTo(200);
        assertThat(end.json().path("changed").asBoolean()).isFalse();
        assertThat(state(alice)).isEqualTo("working");
    }

    @Test
    void theStateSurvivesAHubRestart() {
        hook(alice, "PermissionRequest", ",\"tool_name\":\"Bash\"");
        hub.restart();
        api = hub.api();
        assertThat(state(alice)).isEqualTo("needs_approval");
        assertThat(hook(alice, "Stop", "").status()).isEqualTo(200);
        assertThat(state(alice)).isEqualTo("idle");
    }
}
