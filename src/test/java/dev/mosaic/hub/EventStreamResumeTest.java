package dev.mosaic.hub;

import dev.mosaic.testing.TestHub;
import dev.mosaic.testing.TestHub.Pane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every event carries an id; a client that reconnects with Last-Event-ID gets what it missed, or is told it cannot. */
class EventStreamResumeTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @TempDir
    Path home;

    TestHub hub;
    final List<InputStream> open = new ArrayList<>();

    /** One SSE event as read off the wire. */
    record Sse(String id, String type, String data) {
    }

    @BeforeEach
    void start() {
        hub = new TestHub(home);
    }

    @AfterEach
    void stop() throws IOException {
        for (InputStream in : open) {
            in.close();
        }
        hub.close();
    }

    /** Opens the stream and collects its events on a virtual thread. */
    List<Sse> follow(String lastEventId) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(hub.url() + "/api/v1/events"))
                .header("Authorization", "Bearer " + hub.op()).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(); // one per stream
        HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        open.add(r.body());
        List<Sse> events = new CopyOnWriteArrayList<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                String id = null;
                String type = null;
                StringBuilder data = new StringBuilder();
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.isEmpty()) {
                        if (type != null) {
                            events.add(new Sse(id, type, data.toString()));
                        }
                        id = null;
                        type = null;
                        data.setLength(0);
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).strip();
                    } else if (line.startsWith("event:")) {
                        type = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).strip());
                    }
                }
            } catch (IOException ignored) {
                // the test closed the stream
            }
        });
        return events;
    }

    static List<Sse> messages(List<Sse> events) {
        return events.stream().filter(e -> e.type().equals("message")).toList();
    }

    @Test
    void aClientThatReconnectsWithLastEventIdGetsWhatItMissed() throws Exception {
        Pane alice = hub.join("Alice");
        hub.join("Bob");
        List<Sse> first = follow(null);
        hub.send(alice.token(), "Bob", "seen live");
        await().atMost(PATIENCE).until(() -> messages(first).size() == 1);
        Sse seen = messages(first).getFirst();
        assertThat(seen.id()).as("every event has an id").isNotBlank();
        open.getFirst().close(); // the client goes away

        hub.send(alice.token(), "Bob", "missed 1");
        hub.send(alice.token(), "Bob", "missed 2");
        List<Sse> resumed = follow(seen.id());
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(resumed).as("after %s", seen).hasSizeGreaterThanOrEqualTo(2).filteredOn(e -> e.type().equals("message")).hasSize(2));
        assertThat(messages(resumed)).extracting(Sse::data)
                .satisfiesExactly(d -> assertThat(d).contains("missed 1"), d -> assertThat(d).contains("missed 2"));
    }

    @Test
    void anIdTheHubNoLongerHoldsIsAnsweredWithAnAlert() throws Exception {
        List<Sse> events = follow("from-another-hub-7");
        await().atMost(PATIENCE).until(() -> !events.isEmpty());
        assertThat(events.getFirst().type()).isEqualTo("alert");
        assertThat(events.getFirst().data()).contains("\"events_missed\"");
    }
}
