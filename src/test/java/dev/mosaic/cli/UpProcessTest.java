package dev.mosaic.cli;

import dev.mosaic.client.HubAddress;
import dev.mosaic.client.HubClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** `mosaic up` as a real process: it serves, and SIGTERM stops it cleanly with every message kept. */
class UpProcessTest {
    @TempDir
    Path home;

    private Process up(Path log) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "up", "--port", "0");
        pb.environment().put("MOSAIC_HOME", home.toString());
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return pb.start();
    }

    @Test
    void sigtermStopsTheHubCleanlyAndKeepsItsMessages() throws Exception {
        Path log = home.resolve("up.log");
        Process hub = up(log);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(home.resolve("hub.json"))
                    && Files.readString(log).contains("listening on"));
            HubClient operator = new HubClient(HubAddress.operator(home));
            assertThat(operator.health().path("status").asString()).isEqualTo("ok");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(log)
                    .contains("  " + operator.address().url() + "/login?code="));
            assertThat(Files.readString(log)).as("no token in the log").doesNotContain(operator.address().token());
            operator.join("Bob");
            operator.send(List.of("Bob"), "kept across the stop", null, null, null);

            hub.destroy(); // SIGTERM
            assertThat(hub.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(log)).contains("Mosaic hub stopped");
        } finally {
            hub.destroyForcibly();
        }

        Process again = up(home.resolve("up2.log"));
        try {
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    Files.readString(home.resolve("up2.log")).contains("listening on"));
            HubClient operator = new HubClient(HubAddress.operator(home));
            assertThat(operator.panes().path("panes").get(0).path("unread").asLong()).isEqualTo(1);
        } finally {
            again.destroy();
            again.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
