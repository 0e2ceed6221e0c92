package dev.mosaic.model;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RoomJsonTest {
    @Test
    void aRoomsStateIsFlatInItsJsonAndItsVersionStaysInside() {
        Party bob = new Party("b-id", "Bob");
        Room room = new Room("R1", "debate", RoomPolicy.ROUND_ROBIN, 10, Party.OPERATOR,
                List.of(bob, new Party("c-id", "Carol")), "T1", "2026-11-24T10:00:00.123Z",
                new RoomState(RoomStatus.OPEN, 3, bob, null, 7));
        JsonNode json = Json.MAPPER.valueToTree(room);
        assertThat(json.propertyNames()).containsExactly("id", "name", "policy", "max_turns", "moderator", "members",
                "thread_id", "created_at", "status", "turns_used", "whose_turn", "closed_at");
        assertThat(json.path("policy").asString()).isEqualTo("round_robin");
        assertThat(json.path("whose_turn").path("name").asString()).isEqualTo("Bob");
        assertThat(json.path("moderator").propertyNames()).containsExactly("id", "name");
        assertThat(json.path("members").get(1).path("name").asString()).isEqualTo("Carol");
        assertThat(RoomPolicy.choices()).isEqualTo("open, round_robin or moderated");
    }
}
