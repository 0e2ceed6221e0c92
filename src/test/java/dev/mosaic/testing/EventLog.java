package dev.mosaic.testing;

import dev.mosaic.model.Json;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The hub's event stream as the operator reads it: every event from the moment the constructor returns. */
public final class EventLog implements AutoCloseable {
    /** One event: its type and its JSON data. */
    public record Event(String type, JsonNode data) {
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final InputStream body;

    /** Opens the stream and returns once the hub has subscribed it (its opening comment arrived). */
    public EventLog(TestHub hub) throws Exception {
        this(hub.url(), hub.op());
    }

    /** The stream of the hub at that base URL, read with its operator token. */
    public EventLog(String hubUrl, String operatorToken) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(hubUrl + "/api/v1/events"))
                .header("Authorization", "Bearer " + operatorToken).header("Accept", "text/event-stream").build();
        HttpResponse<InputStream> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            throw new AssertionError("event stream: " + r.statusCode());
        }
        body = r.body();
        CountDownLatch subscribed = new CountDownLatch(1);
        Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String type = null;
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith(":")) {
                        subscribed.countDown();
                    } else if (line.startsWith("event:")) {
                        type = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                        events.add(new Event(type, Json.MAPPER.readTree(line.substring(5).strip())));
                    }
                }
            } catch (Exception ignored) {
                // the test closed the stream
            }
        });
        if (!subscribed.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the event stream never opened");
        }
    }

    /** The data of every event of that type so far, in order. */
    public List<JsonNode> of(String type) {
        return events.stream().filter(e -> type.equals(e.type())).map(Event::data).toList();
    }

    @Override
    public void close() throws Exception {
        body.close();
    }
}
