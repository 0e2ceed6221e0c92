package dev.mosaic.model;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** An approval's JSON is flat, each field once, and leaves out what is absent. */
class ApprovalJsonTest {
    private static List<String> fields(Approval a) {
        JsonNode n = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(a));
        List<String> names = new ArrayList<>();
        n.propertyNames().forEach(names::add);
        return names;
    }

    @Test
    void aPendingHookApprovalHasNoRelayOrAnswerFields() {
        Approval a = new Approval("a1", "p1", "Alice", new ToolRequest("Bash", "{}", Optional.empty(),
                Optional.empty()), ApprovalStatus.PENDING, "2026-11-24T10:00:00.000Z", ApprovalAnswer.NONE);
        assertThat(fields(a)).containsExactlyInAnyOrder("id", "pane_id", "pane_name", "tool_name", "input_preview",
                "relayed", "status", "created_at");
        assertThat(Json.MAPPER.writeValueAsString(a)).contains("\"relayed\":false");
    }

    @Test
    void anAnsweredRelayedApprovalCarriesItsAuditTrail() {
        Approval a = new Approval("a1", "p1", "Alice", new ToolRequest("Bash", "{}", Optional.of("Run it"),
                Optional.of("jhkze")), ApprovalStatus.ANSWERED, "2026-11-24T10:00:00.000Z",
                new ApprovalAnswer(Optional.of("2026-11-24T10:00:01.000Z"), Optional.of(ApprovalBehavior.DENY),
                        Optional.of("operator"), Optional.of("operator"), Optional.of(RelayState.DELIVERED)));
        assertThat(fields(a)).containsExactlyInAnyOrder("id", "pane_id", "pane_name", "tool_name", "input_preview",
                "description", "request_id", "relayed", "status", "created_at", "answered_at", "behavior",
                "answered_by_id", "answered_by", "relay_state");
        String json = Json.MAPPER.writeValueAsString(a);
        assertThat(json).contains("\"relayed\":true", "\"behavior\":\"deny\"", "\"relay_state\":\"delivered\"",
                "\"status\":\"answered\"");
    }
}
