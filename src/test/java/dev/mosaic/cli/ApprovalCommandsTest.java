package dev.mosaic.cli;

import dev.mosaic.model.Json;
import dev.mosaic.testing.ApiClient.Answer;
import dev.mosaic.testing.TestHub;
import dev.mosaic.testing.TestHub.Pane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static dev.mosaic.testing.ApiClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/** `mosaic approvals`, `mosaic approve`, `mosaic deny` and `--lead` against a real hub. */
class ApprovalCommandsTest {
    @TempDir
    Path home;

    TestHub hub;
    Map<String, String> operatorEnv;
    Pane alice;
    Pane bob;

    @BeforeEach
    void start() {
        hub = new TestHub(home);
        operatorEnv = Map.of("MOSAIC_HOME", home.toString());
        alice = hub.join("Alice");
        bob = hub.join("Bob");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    CliRun run(Map<String, String> env, String... args) {
        return CliRun.of(env, args);
    }

    Map<String, String> envOf(Pane p) {
        return Map.of("MOSAIC_HOME", home.toString(), "MOSAIC_URL", hub.url(), "MOSAIC_PANE_ID", p.id(),
                "MOSAIC_TOKEN", p.token());
    }

    String relay(String paneId, String token, String requestId, String tool) {
        Answer a = hub.api().post(token, "/api/v1/panes/" + paneId + "/approvals",
                "{\"request_id\":" + q(requestId) + ",\"tool_name\":" + q(tool) + "}");
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return a.json().path("id").asString();
    }

    @Test
    void approvalsListsThoseWaitingWithoutTerminalControls() {
        CliRun empty = run(operatorEnv, "approvals");
        assertThat(empty.exit()).as(empty.err()).isZero();
        assertThat(empty.out()).isEqualTo("No approvals waiting.\n");

        String id = relay(alice.id(), alice.token(), "abcde", "Bash\u001b]0;owned\u0007\u001b[2J");
        CliRun listed = run(operatorEnv, "approvals");
        assertThat(listed.exit()).as(listed.err()).isZero();
        String[] lines = listed.out().split("\n");
        assertThat(lines[0]).matches("ID +PANE +TOOL +STATUS +AGE");
        assertThat(lines[1]).startsWith(id).contains("Alice").contains("Bash").contains("pending").matches(".*\\d+s$");
        assertThat(listed.out()).doesNotContain("\u001b").doesNotContain("owned");

        CliRun json = run(operatorEnv, "approvals", "--json");
        JsonNode parsed = Json.MAPPER.readTree(json.out());
        assertThat(parsed.path("approvals")).hasSize(1);
        assertThat(parsed.path("approvals").get(0).path("request_id").asString()).isEqualTo("abcde");
    }

    @Test
    void approveAndDenyAnswerOnceWithClearFailures() {
        String id = relay(alice.id(), alice.token(), "abcde", "Bash");
        CliRun approved = run(operatorEnv, "approve", id);
        assertThat(approved.exit()).as(approved.err()).isZero();
        assertThat(approved.out()).startsWith("Allowed Bash for Alice (" + id + ")");

        CliRun again = run(operatorEnv, "deny", id);
        assertThat(again.exit()).isEqualTo(Cli.FAILED);
        assertThat(again.err()).contains("already answered").contains("first answer wins");

        CliRun unknown = run(operatorEnv, "approve", "no-such-id");
        assertThat(unknown.exit()).isEqualTo(Cli.FAILED);
        assertThat(unknown.err()).contains("no approval has the id");

        assertThat(run(operatorEnv, "approve").exit()).isEqualTo(Cli.USAGE);
        assertThat(run(operatorEnv, "deny", "a", "b").exit()).isEqualTo(Cli.USAGE);

        assertThat(run(operatorEnv, "approvals").out()).isEqualTo("No approvals waiting.\n");
        CliRun all = run(operatorEnv, "approvals", "--all");
        assertThat(all.out()).contains(id).contains("allowed");
    }

    @Test
    void aLeadAnswersFromItsPanesShellAndAnotherPaneCannot() {
        Pane carol = hub.join("Carol");
        String id = relay(alice.id(), alice.token(), "abcde", "Write");
        assertThat(hub.api().put(hub.op(), "/api/v1/panes/" + alice.id() + "/lead", "{\"lead\":\"Bob\"}").status())
                .isEqualTo(200);

        CliRun refused = run(envOf(carol), "deny", id);
        assertThat(refused.exit()).isEqualTo(Cli.FAILED);
        assertThat(refused.err()).contains("lead");

        CliRun listed = run(envOf(bob), "approvals");
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.out()).contains(id);
        CliRun denied = run(envOf(bob), "deny", id);
        assertThat(denied.exit()).as(denied.err()).isZero();
        assertThat(denied.out()).startsWith("Denied Write for Alice");
    }

    @Test
    void spawnNamesTheLead() {
        CliRun bad = run(operatorEnv, "spawn", "Worker", "--lead", "Nobody", "--", "sh", "-c", "sleep 30");
        assertThat(bad.exit()).as("an unknown lead is bad input").isEqualTo(Cli.USAGE);
        assertThat(bad.err()).contains("Nobody");

        CliRun spawned = run(operatorEnv, "spawn", "Worker", "--lead", "Bob", "--json", "--", "sh", "-c", "sleep 30");
        assertThat(spawned.exit()).as(spawned.err()).isZero();
        JsonNode pane = Json.MAPPER.readTree(spawned.out());
        String id = relay(pane.path("id").asString(), pane.path("token").asString(), "abcde", "Bash");
        CliRun approved = run(envOf(bob), "approve", id);
        assertThat(approved.exit()).as(approved.err()).isZero();
    }

    @Test
    void ageIsInItsLargestWholeUnit() {
        Instant now = Instant.parse("2026-11-24T10:00:00.000Z");
        assertThat(ApprovalsCommand.age("2026-11-24T09:59:18.000Z", now)).isEqualTo("42s");
        assertThat(ApprovalsCommand.age("2026-11-24T09:55:00.000Z", now)).isEqualTo("5m");
        assertThat(ApprovalsCommand.age("2026-11-24T07:00:00.000Z", now)).isEqualTo("3h");
        assertThat(ApprovalsCommand.age("2026-11-22T10:00:00.000Z", now)).isEqualTo("2d");
        assertThat(ApprovalsCommand.age("garbage", now)).isEqualTo("?");
    }
}
