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

/** DESIGN.md §5: `mosaic up` listens beyond loopback only when told twice: --bind and --allow-remote. */
class UpBindTest {
    @TempDir
    Path home;

    @RegisterExtension
    final UpProcesses hubs = new UpProcesses();

    @Test
    void aNonLoopbackBindWithoutAllowRemoteIsRefusedWithExit2() throws Exception {
        Path log = home.resolve("refused.log");
        Process hub = hubs.up(home, log, "--bind", "0.0.0.0");
        assertThat(hub.waitFor(60, TimeUnit.SECONDS)).as("the hub refuses instead of serving").isTrue();
        assertThat(hub.exitValue()).isEqualTo(Cli.USAGE);
        assertThat(Files.readString(log)).contains("--allow-remote").doesNotContain("listening on");
        assertThat(home.resolve("hub.json")).doesNotExist();
        System.out.println("FIGURE up --bind 0.0.0.0 without --allow-remote: exit " + hub.exitValue() + ", "
                + Files.readString(log).strip().lines().findFirst().orElse(""));
    }

    @Test
    void aNonLoopbackBindWithAllowRemoteServesAndWarns() throws Exception {
        Path log = home.resolve("allowed.log");
        hubs.up(home, log, "--bind", "0.0.0.0", "--allow-remote");
        Pattern listening = Pattern.compile("listening on http://[^:]+:(\\d+)");
        await().atMost(Duration.ofSeconds(60)).until(() -> listening.matcher(Files.readString(log)).find());
        String out = Files.readString(log);
        assertThat(out).contains("warning", "TLS");
        Matcher m = listening.matcher(out);
        assertThat(m.find()).isTrue();
        // Traffic stays on this machine: the test talks to the hub over loopback only.
        ApiClient api = new ApiClient("http://127.0.0.1:" + m.group(1));
        assertThat(api.get(null, "/api/v1/health").status()).isEqualTo(200);
    }

    @Test
    void loopbackBindsNeedNoFlag() throws Exception {
        Path log = home.resolve("loopback.log");
        hubs.up(home, log, "--bind", "127.0.0.1");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log).contains("listening on"));
    }
}
