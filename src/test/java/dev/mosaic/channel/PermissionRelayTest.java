package dev.mosaic.channel;

import dev.mosaic.testing.AliceAndBob;
import dev.mosaic.testing.AgentChannel;
import dev.mosaic.testing.AgentChannel.Permission;
import dev.mosaic.testing.ApiClient.Answer;
import dev.mosaic.testing.TestHub.Pane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.mosaic.testing.ApiClient.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The permission relay end to end (DESIGN.md §10): this test plays Claude Code on a real `mosaic channel` process's
 * stdio, against a real hub. A permission_request on stdin becomes an approval; an answer through the hub comes back
 * out of stdout as notifications/claude/channel/permission.
 */
class PermissionRelayTest extends AliceAndBob {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path channelHome;

    final List<AgentChannel> channels = new ArrayList<>();

    @AfterEach
    void stop() {
        channels.forEach(AgentChannel::close);
    }

    private AgentChannel channelFor(Pane p) {
        AgentChannel c = new AgentChannel(AgentChannel.paneEnv(hub.url(), p, channelHome),
                channelHome.resolve(p.name() + ".log"));
        channels.add(c);
        await().atMost(PATIENCE).until(() -> hub.pane(p.id()).path("delivery").asString().equals("push"));
        return c;
    }

    private static void permissionRequest(AgentChannel c, String requestId, String tool) {
        c.line("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/claude/channel/permission_request\",\"params\":"
                + "{\"request_id\":" + q(requestId) + ",\"tool_name\":" + q(tool) + ",\"description\":\"Run the "
                + "requested command\",\"input_preview\":\"{ \\\"command\\\": \\\"touch ran-2\\\" }\"}}");
    }

    private JsonNode awaitPending(String requestId) {
        return await().atMost(PATIENCE).until(() -> {
            for (JsonNode a : api.get(hub.op(), "/api/v1/approvals?status=pending").json().path("approvals")) {
                if (a.path("request_id").asString("").equals(requestId)) {
                    return a;
                }
            }
            return null;
        }, a -> a != null);
    }

    private Answer answer(String token, String id, String behavior) {
        return api.post(token, "/api/v1/approvals/" + id, "{\"behavior\":" + q(behavior) + "}");
    }

    @Test
    void theChannelDeclaresThePermissionRelay() throws Exception {
        AgentChannel c = channelFor(alice);
        JsonNode init = c.answers().poll(60, TimeUnit.SECONDS);
        assertThat(init).isNotNull();
        JsonNode experimental = init.path("result").path("capabilities").path("experimental");
        assertThat(experimental.has("claude/channel")).isTrue();
        assertThat(experimental.has("claude/channel/permission")).isTrue();
    }

    @Test
    void aRelayedRequestAllowedByTheOperatorReachesClaudeCode() {
        AgentChannel c = channelFor(alice);
        permissionRequest(c, "jhkze", "Bash");
        JsonNode a = awaitPending("jhkze");
        assertThat(a.path("pane_id").asString()).isEqualTo(alice.id());
        assertThat(a.path("tool_name").asString()).isEqualTo("Bash");
        assertThat(a.path("relayed").asBoolean()).isTrue();
        // The hub stores the approval, then sets the state: a loaded machine can show the first before the second.
        await().atMost(PATIENCE).until(() -> hub.pane(alice.id()).path("agent_state").asString()
                .equals("needs_approval"));

        Answer allowed = answer(hub.op(), a.path("id").asString(), "allow");
        assertThat(allowed.status()).as(allowed.toString()).isEqualTo(200);
        assertThat(allowed.json().path("relay_state").asString()).isEqualTo("delivered");
        await().atMost(PATIENCE).until(() -> !c.permissions().isEmpty());
        assertThat(c.permissions()).containsExactly(new Permission("jhkze", "allow"));

        Answer again = answer(hub.op(), a.path("id").asString(), "deny");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("already_answered");
        assertThat(c.permissions()).as("Claude Code hears the first answer only").hasSize(1);
        assertThat(c.alive()).isTrue();
    }

    @Test
    void aLeadDeniesAndAnotherPaneIsRefused() {
        Pane carol = hub.join("Carol");
        assertThat(api.put(hub.op(), "/api/v1/panes/" + alice.id() + "/lead", "{\"lead\":\"Bob\"}").status())
                .isEqualTo(200);
        AgentChannel c = channelFor(alice);
        permissionRequest(c, "abcde", "Write");
        String id = awaitPending("abcde").path("id").asString();

        assertThat(answer(carol.token(), id, "allow").status()).isEqualTo(403);
        Answer denied = answer(bob.token(), id, "deny");
        assertThat(denied.status()).as(denied.toString()).isEqualTo(200);
        await().atMost(PATIENCE).until(() -> !c.permissions().isEmpty());
        assertThat(c.permissions()).containsExactly(new Permission("abcde", "deny"));
    }

    @Test
    void aMalformedRequestIsDroppedAndTheChannelGoesOn() {
        AgentChannel c = channelFor(alice);
        c.line("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/claude/channel/permission_request\",\"params\":"
                + "{\"tool_name\":\"Bash\"}}");
        c.line("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/claude/channel/permission_request\",\"params\":7}");
        permissionRequest(c, "fghij", "Bash");
        awaitPending("fghij");
        assertThat(api.get(hub.op(), "/api/v1/approvals").json().path("approvals")).hasSize(1);
        c.line("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}");
        await().atMost(PATIENCE).until(() -> c.answers().stream().anyMatch(n -> n.path("id").asInt() == 9));
    }

    @Test
    void anAnswerTheChannelCouldNotTakeIsRetriedUntilItCan() {
        // Alice's agent asked through its channel, which then went away before the answer.
        AgentChannel first = channelFor(alice);
        permissionRequest(first, "klmno", "Bash");
        String id = awaitPending("klmno").path("id").asString();
        first.kill9();

        Answer allowed = answer(hub.op(), id, "allow");
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.json().path("relay_state").asString()).as("kept, not lost").isEqualTo("sending");

        AgentChannel second = channelFor(alice);
        await().atMost(PATIENCE).until(() -> !second.permissions().isEmpty());
        assertThat(second.permissions()).containsExactly(new Permission("klmno", "allow"));
        await().atMost(PATIENCE).until(() -> api.get(hub.op(), "/api/v1/approvals").json().path("approvals").get(0)
                .path("relay_state").asString().equals("delivered"));
    }

    @Test
    void thePermissionPathRefusesWhatTheHubDidNotSign() throws Exception {
        AgentChannel c = channelFor(alice);
        int port;
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("mosaic.db"));
             PreparedStatement st = db.prepareStatement("SELECT port FROM channels WHERE pane_id = ?")) {
            st.setString(1, alice.id());
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).isTrue();
                port = rs.getInt(1);
            }
        }
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/permission"))
                .header("Mosaic-Timestamp", Long.toString(System.currentTimeMillis()))
                .header("Mosaic-Signature", "v1=" + "0".repeat(64))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"approval_id\":\"x\",\"request_id\":\"abcde\",\"behavior\":\"allow\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(c.permissions()).isEmpty();
    }
}
