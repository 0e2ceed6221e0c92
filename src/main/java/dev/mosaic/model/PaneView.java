package dev.mosaic.model;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A pane as `GET /api/v1/panes` shows it; {@code lead} only when the operator named one; a spawned pane adds pid,
 * cwd, cols, rows and, once exited, exit_code.
 */
public record PaneView(String id, String name, PaneKind kind, PaneStatus status, Delivery delivery,
                       AgentState agentState, long unread, String createdAt,
                       @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<PaneLead> lead,
                       @JsonIgnore Optional<PaneProcess> process) {

    /** The process's fields, flat beside the pane's (DESIGN.md §8), absent for a pane without one. */
    @JsonAnyGetter
    public Map<String, Object> processFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        process.ifPresent(p -> {
            fields.put("pid", p.pid());
            fields.put("cwd", p.cwd());
            fields.put("cols", p.size().cols());
            fields.put("rows", p.size().rows());
            p.exitCode().ifPresent(code -> fields.put("exit_code", code));
        });
        return fields;
    }
}
