package dev.mosaic.hub;

import dev.mosaic.model.Names;
import dev.mosaic.model.RoomPolicy;

import java.util.List;

/**
 * A validated {@code POST /api/v1/rooms} body: {@code name}, {@code members} (pane names or ids), {@code moderator}
 * (a pane or {@code operator}; the caller when left out), {@code policy} ({@code open} when left out) and
 * {@code max_turns} (1–1000, 100 when left out).
 */
record RoomRequest(String name, List<String> members, String moderator, RoomPolicy policy, int maxTurns) {
    static final int MIN_TURNS = 1;
    static final int MAX_TURNS = 1000;
    static final int DEFAULT_TURNS = 100;
    static final int MAX_MEMBERS = 100;

    static RoomRequest from(JsonBody body) {
        String name = body.requiredString("name");
        String problem = Names.problem(name);
        if (problem != null) {
            throw ApiError.invalidName("a room's name follows the rules of a pane's: " + problem);
        }
        List<String> members = body.stringOrList("members").stream().map(String::strip).toList();
        if (members.isEmpty()) {
            throw ApiError.badRequest("'members' is required: the panes in the room, by name or id (at least one; "
                    + "the moderator is not one of them)");
        }
        if (members.size() > MAX_MEMBERS) {
            throw ApiError.badRequest("a room has at most " + MAX_MEMBERS + " members, not " + members.size());
        }
        if (members.stream().anyMatch(String::isEmpty)) {
            throw ApiError.badRequest("'members' holds an empty name");
        }
        String moderator = body.optionalString("moderator");
        if (moderator != null && moderator.isBlank()) {
            throw ApiError.badRequest("'moderator' is empty: give a pane's name or id, or \"operator\"");
        }
        String policyText = body.optionalString("policy");
        RoomPolicy policy;
        try {
            policy = policyText == null ? RoomPolicy.OPEN : RoomPolicy.fromWire(policyText);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("'policy' must be " + RoomPolicy.choices() + ", not '" + policyText + "'");
        }
        int maxTurns = body.optionalInt("max_turns", MIN_TURNS, MAX_TURNS).orElse(DEFAULT_TURNS);
        return new RoomRequest(name, members, moderator == null ? null : moderator.strip(), policy, maxTurns);
    }
}
