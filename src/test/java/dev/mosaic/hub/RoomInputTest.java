package dev.mosaic.hub;

import dev.mosaic.testing.AliceAndBob;
import dev.mosaic.testing.ApiClient;
import dev.mosaic.testing.TestHub;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Bad input to the room routes: a clear 4xx {error, code}, and nothing stored or sent. */
class RoomInputTest extends AliceAndBob {

    private ApiClient.Answer create(String body) {
        return api.post(hub.op(), "/api/v1/rooms", body);
    }

    private void refused(ApiClient.Answer a, int status, String code, String... words) {
        assertThat(a.status()).as("%s", a).isEqualTo(status);
        assertThat(a.code()).isEqualTo(code);
        if (words.length > 0) {
            assertThat(a.error()).contains(words);
        }
        assertThat(api.get(hub.op(), "/api/v1/rooms").json().path("rooms")).as("nothing stored").isEmpty();
        assertThat(hub.inbox(bob, "?peek=true")).as("no notice went out").isEmpty();
    }

    @Test
    void anUnknownMemberIsRefusedByName() {
        refused(create("{\"name\":\"r\",\"members\":[\"Bob\",\"Zed\"],\"moderator\":\"Alice\"}"), 404,
                "unknown_recipient", "Zed");
    }

    @Test
    void aMemberListedTwiceIsRefused() {
        refused(create("{\"name\":\"r\",\"members\":[\"Bob\",\"bob\"],\"moderator\":\"Alice\"}"), 400,
                "duplicate_member", "Bob", "twice");
        refused(create("{\"name\":\"r\",\"members\":[\"Bob\",\"" + bob.id() + "\"]}"), 400, "duplicate_member");
    }

    @Test
    void theModeratorIsNotAlsoAMember() {
        refused(create("{\"name\":\"r\",\"members\":[\"Bob\",\"Alice\"],\"moderator\":\"Alice\"}"), 400,
                "duplicate_member", "moderator");
    }

    @Test
    void aModeratorThatIsNoPaneIsRefused() {
        refused(create("{\"name\":\"r\",\"members\":[\"Bob\"],\"moderator\":\"Zed\"}"), 404, "unknown_recipient",
                "moderator", "Zed");
        refused(create("{\"name\":\"r\",\"members\":[\"Bob\"],\"moderator\":\"*\"}"), 400, "bad_request");
        refused(create("{\"name\":\"r\",\"members\":[\"operator\"]}"), 400, "bad_request", "member");
    }

    @Test
    void aPaneWhoseProcessExitedIsNeitherMemberNorModerator() {
        TestHub.Spawned dan = hub.spawn("Dan", "true");
        await().atMost(Duration.ofSeconds(30)).until(() -> hub.pane(dan.id()).path("status").asString()
                .equals("exited"));
        refused(create("{\"name\":\"r\",\"members\":[" + ApiClient.q(dan.id()) + ",\"Bob\"],"
                + "\"policy\":\"round_robin\"}"), 404, "unknown_recipient", "member", "Dan", "exited");
        refused(create("{\"name\":\"r\",\"members\":[\"Bob\"],\"moderator\":" + ApiClient.q(dan.id())
                + ",\"policy\":\"moderated\"}"), 404, "unknown_recipient", "moderator", "Dan", "exited");
    }

    @Test
    void maxTurnsOutsideOneToAThousandIsRefused() {
        for (String turns : new String[] {"0", "1001", "-3", "2.5", "\"ten\""}) {
            refused(create("{\"name\":\"r\",\"members\":[\"Bob\"],\"max_turns\":" + turns + "}"), 400, "bad_request",
                    "1 to 1000");
        }
    }

    @Test
    void aBadNamePolicyOrMemberListIsRefused() {
        refused(create("{\"name\":\"bad/name\",\"members\":[\"Bob\"]}"), 400, "invalid_name");
        refused(create("{\"name\":\"r\",\"members\":[\"Bob\"],\"policy\":\"chaos\"}"), 400, "bad_request",
                "open, round_robin or moderated");
        refused(create("{\"name\":\"r\",\"members\":[]}"), 400, "bad_request", "members");
        refused(create("{\"name\":\"r\"}"), 400, "bad_request", "members");
        refused(create("not json"), 400, "bad_request");
    }

    @Test
    void aPaneCreatesOnlyARoomItIsIn() {
        String carol = hub.join("Carol").token();
        refused(api.post(carol, "/api/v1/rooms", "{\"name\":\"r\",\"members\":[\"Bob\"],"
                + "\"moderator\":\"Alice\"}"), 403, "forbidden");
    }

    @Test
    void aSecondOpenRoomOfTheSameNameIsRefused() {
        assertThat(create("{\"name\":\"debate\",\"members\":[\"Bob\"]}").status()).isEqualTo(201);
        ApiClient.Answer again = create("{\"name\":\"Debate\",\"members\":[\"Alice\"]}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("name_taken");
        assertThat(api.get(hub.op(), "/api/v1/rooms").json().path("rooms")).hasSize(1);
        assertThat(hub.inbox(alice, "?peek=true")).as("no notice of the refused room").isEmpty();
    }

    @Test
    void theFloorGivenByAnyoneButTheModeratorIsRefused() {
        assertThat(create("{\"name\":\"m\",\"members\":[\"Bob\"],\"moderator\":\"Alice\",\"policy\":\"moderated\"}")
                .status()).isEqualTo(201);
        ApiClient.Answer byBob = api.post(bob.token(), "/api/v1/rooms/m/floor", "{\"to\":\"Bob\"}");
        assertThat(byBob.status()).isEqualTo(403);
        assertThat(byBob.error()).contains("only the moderator Alice");
        ApiClient.Answer byOperator = api.post(hub.op(), "/api/v1/rooms/m/floor", "{\"to\":\"Bob\"}");
        assertThat(byOperator.status()).as("the operator is not this room's moderator").isEqualTo(403);
        ApiClient.Answer toStranger = api.post(alice.token(), "/api/v1/rooms/m/floor", "{\"to\":\"Alice\"}");
        assertThat(toStranger.status()).isEqualTo(400);
        assertThat(toStranger.error()).contains("not a member");
        assertThat(api.get(hub.op(), "/api/v1/rooms/m").json().path("whose_turn").isNull()).isTrue();
    }

    @Test
    void anEmptyPostOrAnUnknownRoomIsRefused() {
        assertThat(create("{\"name\":\"o\",\"members\":[\"Bob\"],\"moderator\":\"Alice\"}").status()).isEqualTo(201);
        assertThat(api.post(bob.token(), "/api/v1/rooms/o/posts", "{\"text\":\"  \"}").status()).isEqualTo(400);
        assertThat(api.post(bob.token(), "/api/v1/rooms/nowhere/posts", "{\"text\":\"hi\"}").code())
                .isEqualTo("not_found");
        assertThat(api.get(hub.op(), "/api/v1/rooms/o").json().path("posts")).isEmpty();
    }
}
