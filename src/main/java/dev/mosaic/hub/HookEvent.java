package dev.mosaic.hub;

import dev.mosaic.model.AgentState;
import dev.mosaic.model.Quote;

import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One Claude Code hook's report (its stdin JSON), reduced to what decides the agent's state, and, for
 * UserPromptSubmit, the message ids of the channel tags its prompt holds (the messages the agent has now seen), and
 * the session's transcript (the second witness of seen, {@link TranscriptWitness}).
 */
record HookEvent(String name, String sessionId, Optional<String> notificationType, Optional<String> source,
                 Optional<String> toolName, String inputPreview, List<String> seenMessageIds,
                 Optional<String> transcriptPath) {
    static final String SESSION_START = "SessionStart";
    static final String SESSION_END = "SessionEnd";
    static final String USER_PROMPT_SUBMIT = "UserPromptSubmit";

    /** Every event name Claude Code 2.1.330 accepts (shared/CLAUDE-CODE.md); anything else is a mistake. */
    private static final Set<String> KNOWN = Set.of("PreToolUse", "PostToolUse", "PostToolUseFailure",
            "PostToolBatch", "Notification", USER_PROMPT_SUBMIT, "UserPromptExpansion", SESSION_START, SESSION_END,
            "Stop", "StopFailure", "SubagentStart", "SubagentStop", "PreCompact", "PostCompact", "PreModelSwitch",
            "PostModelSwitch", "PermissionRequest", "PermissionDenied", "Setup", "TeammateIdle", "TaskCreated",
            "TaskCompleted", "Elicitation", "ElicitationResult", "ConfigChange", "WorktreeCreate", "WorktreeRemove",
            "InstructionsLoaded", "CwdChanged", "FileChanged", "DirectoryAdded", "MessageDisplay");
    private static final int MAX_SESSION_ID = 256;
    /** How much of a tool's input an approval keeps: enough to judge it, not a whole file being written. */
    static final int MAX_INPUT_PREVIEW = 1000;

    /** Reads the fields that matter; a payload without a known event name or a session id is refused (400). */
    static HookEvent from(JsonBody body) {
        String name = body.requiredString("hook_event_name");
        if (!KNOWN.contains(name)) {
            throw ApiError.badRequest("'hook_event_name' " + Quote.of(name) + " is no Claude Code hook event");
        }
        String session = body.requiredString("session_id");
        if (session.isBlank() || session.length() > MAX_SESSION_ID) {
            throw ApiError.badRequest("'session_id' must have 1 to " + MAX_SESSION_ID + " characters");
        }
        // Only this event's prompt is the agent's input; a prompt that is not a string is a malformed report (400).
        String prompt = name.equals(USER_PROMPT_SUBMIT) ? body.optionalString("prompt") : null;
        List<String> seen = prompt == null ? List.of() : ChannelTags.messageIds(prompt);
        return new HookEvent(name, session, Optional.ofNullable(body.optionalString("notification_type")),
                Optional.ofNullable(body.optionalString("source")), Optional.ofNullable(body.optionalString("tool_name")),
                preview(body.node("tool_input").map(JsonNode::toString).orElse("")), seen,
                Optional.ofNullable(body.optionalString("transcript_path")));
    }

    /** The input cut to {@link #MAX_INPUT_PREVIEW} characters (never inside a surrogate pair), marked with "…". */
    static String preview(String input) {
        if (input.length() <= MAX_INPUT_PREVIEW) {
            return input;
        }
        int end = Character.isLowSurrogate(input.charAt(MAX_INPUT_PREVIEW)) ? MAX_INPUT_PREVIEW - 1 : MAX_INPUT_PREVIEW;
        return input.substring(0, end) + "…";
    }

    /** The state this event says the agent is in; empty when it says nothing about that. */
    Optional<AgentState> state() {
        return Optional.ofNullable(switch (name) {
            case USER_PROMPT_SUBMIT, "PreToolUse", "PostToolUse", "PostToolUseFailure" -> AgentState.WORKING;
            case "PermissionRequest" -> AgentState.NEEDS_APPROVAL;
            case "Notification" -> switch (notificationType.orElse("")) {
                case "permission_prompt" -> AgentState.NEEDS_APPROVAL;
                case "idle_prompt" -> AgentState.IDLE;
                default -> null;
            };
            case "Stop", "StopFailure" -> AgentState.IDLE;
            // A new or resumed session waits at its prompt; one restarted by a compaction is mid-turn.
            case SESSION_START -> source.filter("compact"::equals).isPresent() ? null : AgentState.IDLE;
            case SESSION_END -> AgentState.UNKNOWN;
            default -> null;
        });
    }
}
