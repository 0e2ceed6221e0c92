package dev.mosaic.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Follows the hub's event stream as the operator and keeps the data of every event of one type, as they come. */
public final class EventFollower implements AutoCloseable {
    private final InputStream body;
    private final List<String> data = new CopyOnWriteArrayList<>();

    private EventFollower(InputStream body, String type) {
        this.body = body;
        Thread.ofVirtual().start(() -> read(type));
    }

    /** Starts following; the stream is open (200) when this returns. */
    public static EventFollower follow(TestHub hub, String type) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(hub.url() + "/api/v1/events"))
                .header("Authorization", "Bearer " + hub.op()).header("Accept", "text/event-stream").build();
        try {
            HttpResponse<InputStream> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("the event stream answered " + r.statusCode());
            }
            return new EventFollower(r.body(), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The data lines of the followed events so far, oldest first. */
    public List<String> data() {
        return List.copyOf(data);
    }

    private void read(String wanted) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String type = null;
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("event:")) {
                    type = line.substring(6).strip();
                } else if (line.startsWith("data:") && wanted.equals(type)) {
                    data.add(line.substring(5).strip());
                }
            }
        } catch (IOException ignored) {
            // closed by the test
        }
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
