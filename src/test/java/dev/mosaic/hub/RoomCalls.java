package dev.mosaic.hub;

import dev.mosaic.testing.ApiClient;
import dev.mosaic.testing.TestHub;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static dev.mosaic.testing.ApiClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/** The room routes as a test drives them: raw answers for refusals, asserted ones for the happy path. */
final class RoomCalls {
    private final TestHub hub;

    RoomCalls(TestHub hub) {
        this.hub = hub;
    }

    ApiClient.Answer create(String token, String body) {
        return hub.api().post(token, "/api/v1/rooms", body);
    }

    /** Creates as the operator; asserts 201. */
    JsonNode create(String name, String policy, int maxTurns, String moderator, String... members) {
        List<String> quoted = new ArrayList<>();
        for (String m : members) {
            quoted.add(q(m));
        }
        ApiClient.Answer a = create(hub.op(), "{\"name\":" + q(name) + ",\"members\":[" + String.join(",", quoted)
                + "],\"moderator\":" + q(moderator) + ",\"policy\":" + q(policy) + ",\"max_turns\":" + maxTurns + "}");
        assertThat(a.status()).as("create %s: %s", name, a).isEqualTo(201);
        return a.json();
    }

    ApiClient.Answer tryPost(String token, String room, String text) {
        return hub.api().post(token, "/api/v1/rooms/" + room + "/posts", "{\"text\":" + q(text) + "}");
    }

    /** Posts; asserts 201 and returns the answer ({post, room, messages}). */
    JsonNode post(String token, String room, String text) {
        ApiClient.Answer a = tryPost(token, room, text);
        assertThat(a.status()).as("post %s: %s", text, a).isEqualTo(201);
        return a.json();
    }

    ApiClient.Answer tryFloor(String token, String room, String to) {
        return hub.api().post(token, "/api/v1/rooms/" + room + "/floor", "{\"to\":" + q(to) + "}");
    }

    JsonNode floor(String token, String room, String to) {
        ApiClient.Answer a = tryFloor(token, room, to);
        assertThat(a.status()).as("floor to %s: %s", to, a).isEqualTo(200);
        return a.json();
    }

    ApiClient.Answer close(String token, String room) {
        return hub.api().post(token, "/api/v1/rooms/" + room + "/close", "{}");
    }

    JsonNode show(String room) {
        ApiClient.Answer a = hub.api().get(hub.op(), "/api/v1/rooms/" + room);
        assertThat(a.status()).as("show %s: %s", room, a).isEqualTo(200);
        return a.json();
    }

    JsonNode list(String token) {
        return hub.api().get(token, "/api/v1/rooms").json().path("rooms");
    }

    /** Every message of the room's thread, as the operator reads it. */
    List<JsonNode> thread(JsonNode room) {
        List<JsonNode> out = new ArrayList<>();
        hub.api().get(hub.op(), "/api/v1/threads/" + room.path("thread_id").asString()).json().path("messages")
                .forEach(out::add);
        return out;
    }
}
