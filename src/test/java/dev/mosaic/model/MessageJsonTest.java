package dev.mosaic.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MessageJsonTest {
    private final Message m = new Message("01ABC", 7, "a-id", "Alice", "b-id", "Bob", null, "hi", "01ABC", null,
            "2026-11-24T10:00:00.123Z", MessageStatus.PUSHING, null, null, null, null, false);

    @Test
    void theWireFormIsSnakeCaseShowsPushingAsQueuedAndOmitsAFalseRedelivered() {
        String json = Json.MAPPER.writeValueAsString(m.forApi());
        assertThat(json).contains("\"from_name\":\"Alice\"", "\"thread_id\":\"01ABC\"", "\"status\":\"queued\"")
                .doesNotContain("redelivered").doesNotContain("pushing");
    }

    @Test
    void theHubsOwnJsonReadsBackIntoAMessage() {
        Message back = Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(m.forApi()), Message.class);
        assertThat(back.id()).isEqualTo("01ABC");
        assertThat(back.redelivered()).isFalse();
        assertThat(back.status()).isEqualTo(MessageStatus.QUEUED);
    }

    @Test
    void aRoomMessageNamesItsRoomAndOthersLeaveTheFieldsOut() {
        assertThat(Json.MAPPER.writeValueAsString(m)).doesNotContain("room");
        Message post = new Message("01ABD", 8, "a-id", "Alice", "b-id", "Bob", null, "my turn", "01ABC", null,
                "2026-11-24T10:00:00.123Z", MessageStatus.QUEUED, null, null, null, null, false, "01ROOM", "debate");
        String json = Json.MAPPER.writeValueAsString(post);
        assertThat(json).contains("\"room_id\":\"01ROOM\"", "\"room_name\":\"debate\"");
        Message back = Json.MAPPER.readValue(json, Message.class);
        assertThat(back.roomId()).isEqualTo("01ROOM");
        assertThat(back.roomName()).isEqualTo("debate");
        assertThat(back.forApi().roomName()).isEqualTo("debate");
    }
}
