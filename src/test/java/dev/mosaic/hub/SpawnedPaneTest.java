package dev.mosaic.hub;

import dev.mosaic.testing.ApiClient;
import dev.mosaic.testing.ApiClient.Answer;
import dev.mosaic.testing.TerminalView;
import dev.mosaic.testing.TestHub;
import dev.mosaic.testing.TestHub.Spawned;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static dev.mosaic.testing.ApiClient.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Spawned panes through the HTTP API (DESIGN.md §8): real processes in real pseudo-terminals. */
class SpawnedPaneTest {
    static final Duration PATIENCE = TerminalView.PATIENCE;

    @TempDir
    Path home;
    @TempDir
    Path work;

    TestHub hub;
    ApiClient api;

    @BeforeEach
    void start() {
        hub = new TestHub(home, c -> c.withStopGrace(Duration.ofSeconds(2)));
        api = hub.api();
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private String output(String id) {
        return new String(api.getBytes(hub.op(), "/api/v1/panes/" + id + "/output").body(), StandardCharsets.UTF_8);
    }

    private void awaitOutput(String id, String text) {
        await().atMost(PATIENCE).alias("output of " + id + " containing " + text)
                .until(() -> output(id).contains(text));
    }

    @Test
    void aSpawnAnswersWithThePaneAndTheProcessSeesItsIdentityAndEnvironment() throws Exception {
        Answer a = api.post(hub.op(), "/api/v1/panes", "{\"name\":\"Worker\",\"cwd\":" + q(work.toString())
                + ",\"env\":{\"FOO\":\"bar baz\"},\"cols\":90,\"rows\":20,\"command\":[\"sh\",\"-c\","
                + q("echo \"id=$MOSAIC_PANE_ID name=$MOSAIC_NAME term=$TERM foo=$FOO url=$MOSAIC_URL"
                + " tokenlen=${#MOSAIC_TOKEN} pwd=$(pwd)\"; sleep 100") + "]}");
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        String id = a.json().path("id").asString();
        assertThat(a.json().path("status").asString()).isEqualTo("live");
        assertThat(a.json().path("kind").asString()).isEqualTo("spawned");
        assertThat(a.json().path("pid").asLong()).isPositive();
        assertThat(a.json().path("token").asString()).hasSizeGreaterThanOrEqualTo(43);

        awaitOutput(id, "tokenlen=43");
        assertThat(output(id)).contains("id=" + id + " name=Worker term=xterm-256color foo=bar baz url=" + hub.url())
                .contains("pwd=" + work.toRealPath());

        JsonNode pane = hub.pane(id);
        assertThat(pane.path("pid").asLong()).isEqualTo(a.json().path("pid").asLong());
        assertThat(pane.path("cwd").asString()).isEqualTo(work.toString());
        assertThat(pane.path("cols").asInt()).isEqualTo(90);
        assertThat(pane.path("rows").asInt()).isEqualTo(20);
        assertThat(pane.has("exit_code")).isFalse();
        assertThat(pane.has("token")).isFalse();
    }

    @Test
    void keystrokesThroughTheWebSocketComeBackFromCat() {
        Spawned cat = hub.spawn("Cat", "cat");
        try (TerminalView view = new TerminalView(hub.url(), hub.op(), cat.id())) {
            view.type("hello mosaic\n");
            view.awaitText("hello mosaic\r\nhello mosaic");
        }
    }
}
