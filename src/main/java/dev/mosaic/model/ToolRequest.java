package dev.mosaic.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Optional;

/**
 * What Claude Code asked to run: the tool, a preview of its input, the tool call's own description (relay only),
 * and the relay's {@code request_id}, present once the permission relay told of the prompt: only then can the hub
 * answer it.
 */
public record ToolRequest(String toolName, String inputPreview,
                          @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> description,
                          @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> requestId) {

    /** Whether the relay told of it, so an answer through the hub reaches Claude Code. */
    @JsonProperty("relayed")
    public boolean relayed() {
        return requestId.isPresent();
    }
}
