package dev.mosaic.hub;

import dev.mosaic.testing.AliceAndBob;
import dev.mosaic.testing.ApiClient.Answer;
import dev.mosaic.testing.TestHub.Pane;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;


import static org.assertj.core.api.Assertions.assertThat;

/** Without the permission relay, the PermissionRequest hook still records the approval (DESIGN.md §10). */
class ApprovalsFromHookTest extends AliceAndBob {
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
    void aPermissionRequestIsAPendingApprovalClosedByThePanesNextHook() {
        hook(alice, "UserPromptSubmit", "");
        hook(alice, "PermissionRequest", ",\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"touch ran-1\"}");

        JsonNode pending = approvals("?status=pending");
        assertThat(pending).hasSize(1);
        JsonNode a = pending.get(0);
        assertThat(a.path("pane_id").asString()).isEqualTo(alice.id());
        assertThat(a.path("pane_name").asString()).isEqualTo("Alice");
        assertThat(a.path("tool_name").asString()).isEqualTo("Bash");
        assertThat(a.path("input_preview").asString()).contains("touch ran-1");
        assertThat(a.path("status").asString()).isEqualTo("pending");
        assertThat(a.path("relayed").asBoolean(true)).isFalse();
        assertThat(a.has("answered_at")).isFalse();

        hook(bob, "Stop", "");
        assertThat(approvals("?status=pending")).as("another pane's hook closes nothing").hasSize(1);
        hook(alice, "Notification", ",\"notification_type\":\"permission_prompt\"");
        assertThat(approvals("?status=pending")).as("still waiting").hasSize(1);

        hook(alice, "PostToolUse", ",\"tool_name\":\"Bash\"");
        assertThat(approvals("?status=pending")).isEmpty();
        JsonNode all = approvals("");
        assertThat(all).hasSize(1);
        assertThat(all.get(0).path("status").asString()).isEqualTo("answered_in_terminal");
        assertThat(all.get(0).path("answered_at").asString()).isNotBlank();
        assertThat(approvals("?status=answered_in_terminal")).hasSize(1);
    }

    @Test
    void aDeniedOrInterruptedPromptIsClosedByStopOrTheNextPrompt() {
        hook(alice, "PermissionRequest", ",\"tool_name\":\"Bash\",\"tool_input\":{}");
        hook(alice, "Stop", "");
        hook(alice, "PermissionRequest", ",\"tool_name\":\"Write\",\"tool_input\":{\"content\":\"" + "x".repeat(5000)
                + "\"}");
        assertThat(approvals("?status=pending").get(0).path("input_preview").asString()).hasSizeLessThan(1100);
        hook(alice, "UserPromptSubmit", "");
        assertThat(approvals("?status=pending")).isEmpty();
        assertThat(approvals("")).hasSize(2);
    }

    @Test
    void onlyTheOperatorListsApprovalsAndABadStatusIsRefused() {
        assertThat(api.get(alice.token(), "/api/v1/approvals").status()).isEqualTo(403);
        Answer bad = api.get(hub.op(), "/api/v1/approvals?status=maybe");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.code()).isEqualTo("bad_request");
        assertThat(approvals("")).isEmpty();
    }

    @Test
    void approvalsSurviveAHubRestart() {
        hook(alice, "PermissionRequest", ",\"tool_name\":\"Bash\",\"tool_input\":{}");
        hub.restart();
        api = hub.api();
        assertThat(approvals("?status=pending")).hasSize(1);
    }
}
