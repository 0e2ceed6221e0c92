package dev.mosaic.cli;

import dev.mosaic.testing.ApiClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** `mosaic up --synchronous full|normal`: the durability a user may trade for speed, knowingly (issue 15). */
class UpSynchronousTest {
    @TempDir
    Path home;

    @RegisterExtension
    final UpProcesses hubs = new UpProcesses();

    @Test
    void normalServesAndSaysWhatAPowerCutMayCost() throws Exception {
        Path log = home.resolve("normal.log");
        hubs.up(home, log, "--synchronous", "normal");
        Pattern listening = Pattern.compile("listening on http://[^:]+:(\\d+)");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log).contains("power cut"));
        Matcher m = listening.matcher(Files.readString(log));
        assertThat(m.find()).isTrue();
        assertThat(new ApiClient("http://127.0.0.1:" + m.group(1)).get(null, "/api/v1/health").status())
                .isEqualTo(200);
    }

    @Test
    void theDefaultSaysNothingOfPowerCuts() throws Exception {
        Path log = home.resolve("full.log");
        hubs.up(home, log);
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log).contains("listening on"));
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log).contains("login"));
        assertThat(Files.readString(log)).doesNotContain("power cut");
    }

    @Test
    void anUnknownLevelIsAUsageError() throws Exception {
        Path log = home.resolve("bad.log");
        Process hub = hubs.up(home, log, "--synchronous", "sometimes");
        assertThat(hub.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(hub.exitValue()).isEqualTo(Cli.USAGE);
        assertThat(Files.readString(log)).contains("--synchronous takes full or normal").doesNotContain("listening");
    }

    @Test
    void postgresqlTakesNoSqliteLevel() throws Exception {
        Path log = home.resolve("pg.log");
        Process hub = hubs.up(home, log, "--synchronous", "normal", "--db", "jdbc:postgresql://127.0.0.1:1/none?user=x");
        assertThat(hub.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(hub.exitValue()).isEqualTo(Cli.USAGE);
        assertThat(Files.readString(log)).contains("synchronous_commit");
    }
}
