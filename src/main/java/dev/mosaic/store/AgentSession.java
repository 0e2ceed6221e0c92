package dev.mosaic.store;

import dev.mosaic.model.AgentState;

/** The Claude Code session a pane's hooks report from, and the state they last put it in. */
public record AgentSession(String paneId, String sessionId, AgentState state, String updatedAt) {
}
