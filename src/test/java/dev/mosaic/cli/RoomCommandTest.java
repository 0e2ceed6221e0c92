package dev.mosaic.cli;

import dev.mosaic.testing.TestHub;
import dev.mosaic.testing.TestHub.Pane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** `mosaic room create|show|list|post|floor|close` against a real hub. */
class RoomCommandTest {
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
        hub.join("Carol");
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

    @Test
    void aModeratedDebateReadsBackWithRoomShowWithoutTerminalControls() {
        CliRun created = run(operatorEnv, "room", "create", "debate", "--members", "Bob,Carol", "--moderator", "Alice",
                "--policy", "moderated", "--max-turns", "3");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).startsWith("Room debate is open").contains("moderated", "moderator Alice",
                "members Bob, Carol", "at most 3 turns");

        CliRun opening = run(envOf(alice), "room", "post", "debate", "Opening: tabs or spaces?");
        assertThat(opening.exit()).as(opening.err()).isZero();
        assertThat(opening.out()).isEqualTo("Posted to room debate (turn 1 of 3).\n");
        CliRun outOfTurn = run(envOf(bob), "room", "post", "debate", "Tabs!");
        assertThat(outOfTurn.exit()).isEqualTo(2);
        assertThat(outOfTurn.err()).contains("nobody has the floor");
        assertThat(run(envOf(alice), "room", "floor", "debate", "Bob").out())
                .isEqualTo("Bob has the floor in room debate.\n");
        assertThat(run(envOf(bob), "room", "post", "debate", "Tabs\u001b]0;owned\u0007\u001b[2J!\nsecond line").exit())
                .isZero();
        CliRun last = run(envOf(alice), "room", "post", "debate", "Thanks, that is all.");
        assertThat(last.out()).contains("turn 3 of 3", "the room is closed");

        CliRun shown = run(operatorEnv, "room", "show", "debate");
        assertThat(shown.exit()).as(shown.err()).isZero();
        String[] lines = shown.out().split("\n");
        assertThat(lines[0]).startsWith("Room debate (").endsWith("moderated, closed, 3 of 3 turns used");
        assertThat(lines[1]).isEqualTo("Moderator: Alice; members: Bob, Carol");
        assertThat(lines[2]).matches("  1  \\d\\d:\\d\\d:\\d\\d  Alice");
        assertThat(lines[3]).isEqualTo("     Opening: tabs or spaces?");
        assertThat(lines[4]).matches("  2  .*  Bob");
        assertThat(lines[5]).isEqualTo("     Tabs!");
        assertThat(lines[6]).isEqualTo("     second line");
        assertThat(shown.out()).doesNotContain("\u001b").doesNotContain("owned");

        CliRun listed = run(operatorEnv, "room", "list");
        assertThat(listed.out().split("\n")[1]).matches("debate +closed +moderated +3/3 +Alice +Bob, Carol");
        CliRun json = run(operatorEnv, "room", "show", "debate", "--json");
        assertThat(json.out()).contains("\"posts\":[");
    }

    @Test
    void theOperatorClosesARoomAndPostsAfterwardAreRefused() {
        assertThat(run(operatorEnv, "room", "create", "chat", "--members", "Alice,Bob").exit()).isZero();
        assertThat(run(envOf(bob), "room", "post", "chat", "hi").exit()).isZero();
        CliRun closed = run(operatorEnv, "room", "close", "chat");
        assertThat(closed.out()).isEqualTo("Room chat is closed (1 of 100 turns used).\n");
        CliRun late = run(envOf(alice), "room", "post", "chat", "hello?");
        assertThat(late.exit()).isEqualTo(2);
        assertThat(late.err()).contains("is closed");
    }

    @Test
    void aPostRetriedWithItsIdempotencyKeyIsStoredOnceAndPrintedAsTheFirstTime() {
        assertThat(run(operatorEnv, "room", "create", "rr", "--members", "Alice,Bob", "--policy", "round_robin")
                .exit()).isZero();
        CliRun first = run(envOf(alice), "room", "post", "rr", "my turn", "--idempotency-key", "alice-1");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).isEqualTo("Posted to room rr (turn 1 of 100); Bob's turn next.\n");
        CliRun retry = run(envOf(alice), "room", "post", "rr", "my turn", "--idempotency-key", "alice-1");
        assertThat(retry.exit()).as("not refused as out of turn: %s", retry.err()).isZero();
        assertThat(retry.out()).isEqualTo(first.out());
        CliRun shown = run(operatorEnv, "room", "show", "rr", "--json");
        assertThat(shown.out()).contains("\"turns_used\":1").containsOnlyOnce("my turn");
        CliRun bad = run(envOf(alice), "room", "post", "rr", "again", "--idempotency-key", "");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("idempotency_key");
    }

    @Test
    void tailShowsWhatARoomChangeLeftIt() {
        assertThat(run(operatorEnv, "room", "create", "rr", "--members", "Alice,Bob", "--policy", "round_robin")
                .exit()).isZero();
        StringWriter out = new StringWriter();
        Thread tail = Thread.ofVirtual().start(() ->
                Cli.build(operatorEnv, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true))
                        .execute("tail"));
        try {
            // The stream shows only what happens after it connected: post until the tail has shown a room line.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!out.toString().contains("  room rr: ")) {
                    run(operatorEnv, "room", "post", "rr", "the moderator speaks");
                }
                return out.toString().contains("  room rr: ");
            });
            assertThat(out.toString()).containsPattern("  room rr: round_robin, open, \\d+/100 turns, Alice's turn");
        } finally {
            tail.interrupt();
        }
    }

    @Test
    void usageErrorsExit2() {
        assertThat(run(operatorEnv, "room").exit()).isEqualTo(2);
        assertThat(run(operatorEnv, "room", "create", "x").exit()).as("--members is required").isEqualTo(2);
        assertThat(run(operatorEnv, "room", "create", "x", "--members", ",").exit()).isEqualTo(2);
        CliRun unknown = run(operatorEnv, "room", "create", "x", "--members", "Zed");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("Zed");
        CliRun turns = run(operatorEnv, "room", "create", "x", "--members", "Bob", "--max-turns", "0");
        assertThat(turns.exit()).isEqualTo(2);
        assertThat(turns.err()).contains("1 to 1000");
        assertThat(run(operatorEnv, "room", "create", "x", "--members", "Bob", "--max-turns", "many").exit())
                .isEqualTo(2);
        assertThat(run(operatorEnv, "room", "show", "nowhere").exit()).isEqualTo(2);
        assertThat(run(operatorEnv, "room", "list").out()).startsWith("No rooms yet.");
    }
}
