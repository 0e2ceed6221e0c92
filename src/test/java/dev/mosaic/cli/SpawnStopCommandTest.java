package dev.mosaic.cli;

import dev.mosaic.model.Json;
import dev.mosaic.testing.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** `mosaic spawn` and `mosaic stop` against a real hub. */
class SpawnStopCommandTest {
    @TempDir
    Path home;
    @TempDir
    Path work;

    TestHub hub;
    Map<String, String> operatorEnv;


    @BeforeEach
    void start() {
        hub = new TestHub(home, c -> c.withStopGrace(Duration.ofSeconds(2)));
        operatorEnv = Map.of("MOSAIC_HOME", home.toString());
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    CliRun run(String... args) {
        return CliRun.of(operatorEnv, args);
    }

    private String output(String id) {
        return new String(hub.api().getBytes(hub.op(), "/api/v1/panes/" + id + "/output").body(),
                StandardCharsets.UTF_8);
    }

    @Test
    void spawnPrintsIdAndNameAndTheCommandRunsWhereAndWithWhatItWasTold() {
        CliRun r = run("spawn", "Worker", "--cwd", work.toString(), "--env", "GREETING=hi there", "--cols", "80",
                "--", "sh", "-c", "echo \"$GREETING from $(pwd) as $MOSAIC_NAME\"; sleep 100");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).matches("[0-9a-f-]{36}\tWorker\\R");
        String id = r.out().split("\t")[0];
        await().atMost(Duration.ofSeconds(30)).until(() -> output(id).contains("as Worker"));
        assertThat(output(id)).contains("hi there from " + work.toAbsolutePath() + " as Worker");
        assertThat(hub.pane(id).path("cols").asInt()).isEqualTo(80);
    }

    @Test
    void spawnJsonPrintsThePaneAndStopByNameStopsIt() {
        CliRun r = run("spawn", "Sleeper", "--json", "--", "sleep", "1000");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode pane = Json.MAPPER.readTree(r.out());
        assertThat(pane.path("kind").asString()).isEqualTo("spawned");
        long pid = pane.path("pid").asLong();
        assertThat(ProcessHandle.of(pid)).isPresent();

        CliRun stopped = run("stop", "sleeper");
        assertThat(stopped.exit()).as(stopped.err()).isZero();
        assertThat(stopped.out()).contains("Sleeper").contains("stopped");
        assertThat(hub.pane(pane.path("id").asString()).path("status").asString()).isEqualTo("stopped");
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void badInputExitsTwoWithAClearMessage() {
        CliRun noCommand = run("spawn", "X");
        assertThat(noCommand.exit()).isEqualTo(2);
        CliRun noSuch = run("spawn", "X", "--", "no-such-command-mosaic");
        assertThat(noSuch.exit()).isEqualTo(2);
        assertThat(noSuch.err()).contains("no-such-command-mosaic");
        CliRun badCwd = run("spawn", "X", "--cwd", "/no/such/dir", "--", "sh");
        assertThat(badCwd.exit()).isEqualTo(2);
        assertThat(badCwd.err()).contains("/no/such/dir");
        CliRun badSize = run("spawn", "X", "--cols", "5", "--", "sh");
        assertThat(badSize.exit()).isEqualTo(2);
        assertThat(badSize.err()).contains("cols");
        CliRun badEnv = run("spawn", "X", "--env", "NOEQUALS", "--", "sh");
        assertThat(badEnv.exit()).isEqualTo(2);
        CliRun unknown = run("stop", "Nobody");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("Nobody");
    }
}
