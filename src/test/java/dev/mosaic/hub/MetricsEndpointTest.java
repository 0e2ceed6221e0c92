package dev.mosaic.hub;

import dev.mosaic.testing.FakeChannel;
import dev.mosaic.testing.TestHub;
import dev.mosaic.testing.TestHub.Pane;
import dev.mosaic.web.SessionCookie;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** GET /metrics (DESIGN.md §6) on a real hub over real HTTP: what it counts, and who may read it. */
class MetricsEndpointTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path home;

    TestHub hub;
    FakeChannel channel;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void start() {
        hub = new TestHub(home);
    }

    @AfterEach
    void stop() {
        hub.close();
        if (channel != null) {
            channel.close();
        }
    }

    @Test
    void sendsPushesAndPollsShowAsCountsAndHistograms() {
        Pane alice = hub.join("Alice");
        Pane bob = hub.join("Bob");
        Pane carol = hub.join("Carol");
        channel = new FakeChannel();
        channel.register(hub, bob);
        for (int i = 0; i < 3; i++) {
            hub.send(alice.token(), "Bob", "pushed " + i);
        }
        hub.send(alice.token(), "Carol", "polled 1");
        hub.send(alice.token(), "Carol", "polled 2");
        await().atMost(PATIENCE).until(() -> channel.accepted().size() == 3);
        assertThat(hub.inbox(carol, "")).hasSize(2);
        hub.api().call(hub.op(), "DELETE", "/api/v1/panes/" + alice.id(), null);

        // A push is counted once the channel answered, which the fake channel records just before: wait for it.
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(sample(scrape(), "mosaic_pushes_total{outcome=\"delivered\"}")).hasValue(3));
        String text = scrape();
        assertThat(sample(text, "mosaic_messages_sent_total")).hasValue(5);
        assertThat(sample(text, "mosaic_pushes_total{outcome=\"refused\"}")).hasValue(0);
        assertThat(sample(text, "mosaic_push_latency_seconds_count")).hasValue(3);
        assertThat(text).as("a histogram with buckets, not a summary")
                .contains("# TYPE mosaic_push_latency_seconds histogram")
                .contains("mosaic_push_latency_seconds_bucket{le=\"+Inf\"} 3")
                .contains("# TYPE mosaic_store_commit_seconds histogram")
                .contains("# TYPE mosaic_send_latency_seconds histogram");
        assertThat(sample(text, "mosaic_send_latency_seconds_count")).hasValue(5);
        assertThat(sample(text, "mosaic_store_commit_seconds_count").orElseThrow())
                .as("joins, sends, claims, pushes, a poll: each at least shares a commit").isGreaterThan(3);
        assertThat(sample(text, "mosaic_polls_total")).hasValue(1);
        assertThat(sample(text, "mosaic_messages_polled_total")).hasValue(2);
        assertThat(sample(text, "mosaic_redeliveries_total")).hasValue(0);
        assertThat(sample(text, "mosaic_panes{status=\"live\"}")).hasValue(2);
        assertThat(sample(text, "mosaic_panes{status=\"stopped\"}")).hasValue(1);
        assertThat(sample(text, "mosaic_panes_delivery{delivery=\"push\"}")).hasValue(1);
        assertThat(sample(text, "mosaic_panes_delivery{delivery=\"poll\"}")).hasValue(1);
        assertThat(sample(text, "mosaic_messages_unread")).as("pushed but not yet read").hasValue(3);
        assertThat(sample(text,
                "mosaic_http_requests_total{method=\"POST\",route=\"/api/v1/messages\",status=\"201\"}"))
                .hasValue(5);
        assertThat(text).as("requests are counted by route pattern, never by a path holding ids")
                .contains("route=\"/api/v1/panes/{id}/inbox\"").doesNotContain(carol.id());
    }

    @Test
    void aPushThatTimesOutCountsAsUncertainAndARedelivery() {
        Pane alice = hub.join("Alice");
        Pane bob = hub.join("Bob");
        channel = new FakeChannel();
        channel.mode(FakeChannel.Mode.HANG);
        channel.register(hub, bob);
        hub.send(alice.token(), "Bob", "maybe seen");
        // The hung push times out (2 s) and the message goes back to the queue, marked redelivered.
        await().atMost(PATIENCE).untilAsserted(() -> {
            String text = scrape();
            assertThat(sample(text, "mosaic_pushes_total{outcome=\"uncertain\"}").orElseThrow()).isGreaterThan(0);
            assertThat(sample(text, "mosaic_redeliveries_total").orElseThrow()).isGreaterThan(0);
        });
        String text = scrape();
        assertThat(sample(text, "mosaic_pushes_total{outcome=\"delivered\"}")).hasValue(0);
        assertThat(sample(text, "mosaic_push_latency_seconds_count")).as("only proven pushes are timed").hasValue(0);
        assertThat(sample(text,
                "mosaic_http_requests_total{method=\"GET\",route=\"/metrics\",status=\"200\"}").orElseThrow())
                .isGreaterThan(0);
    }

    @Test
    void anOpenEventStreamIsCounted() {
        assertThat(sample(scrape(), "mosaic_event_subscribers")).hasValue(0);
        HttpRequest events = HttpRequest.newBuilder(URI.create(hub.url() + "/api/v1/events"))
                .header("Authorization", "Bearer " + hub.op()).header("Accept", "text/event-stream").build();
        CompletableFuture<HttpResponse<Stream<String>>> stream =
                http.sendAsync(events, HttpResponse.BodyHandlers.ofLines());
        try {
            await().atMost(PATIENCE).untilAsserted(() ->
                    assertThat(sample(scrape(), "mosaic_event_subscribers")).hasValue(1));
        } finally {
            stream.join().body().close();
        }
        // The hub learns that a stream was closed when it next writes to it: make events until it has.
        AtomicInteger joined = new AtomicInteger();
        await().atMost(PATIENCE).untilAsserted(() -> {
            hub.join("Pane " + joined.incrementAndGet());
            assertThat(sample(scrape(), "mosaic_event_subscribers")).hasValue(0);
        });
    }

    @Test
    void metricsNeedTheOperatorTokenOrABrowserSession() {
        Pane alice = hub.join("Alice");

        HttpResponse<String> none = get("/metrics", Map.of());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).contains("\"code\":\"unauthorized\"").doesNotContain("mosaic_");

        HttpResponse<String> pane = get("/metrics", Map.of("Authorization", "Bearer " + alice.token()));
        assertThat(pane.statusCode()).as("a pane token is not the operator's").isEqualTo(403);
        assertThat(pane.body()).contains("\"code\":\"forbidden\"");

        HttpResponse<String> wrong = get("/metrics", Map.of("Authorization", "Bearer nope"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(sample(scrape(), "mosaic_http_requests_total{method=\"GET\",route=\"/metrics\",status=\"401\"}"))
                .as("refused requests are counted too").hasValue(2);

        HttpResponse<String> login = get(hub.hub().newLoginLink().substring(hub.url().length()), Map.of());
        assertThat(login.statusCode()).isEqualTo(303);
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        String session = setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
        HttpResponse<String> browser = get("/metrics",
                Map.of("Cookie", SessionCookie.name(hub.hub().port()) + "=" + session));
        assertThat(browser.statusCode()).isEqualTo(200);
        assertThat(browser.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        assertThat(browser.body()).contains("mosaic_messages_sent_total");
    }

    private String scrape() {
        HttpResponse<String> r = get("/metrics", Map.of("Authorization", "Bearer " + hub.op()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(hub.url() + path)).timeout(PATIENCE);
        headers.forEach(b::header);
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The value of the sample whose name and labels are exactly {@code series}, as Prometheus would read it. */
    private static OptionalDouble sample(String text, String series) {
        return text.lines()
                .filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1).strip().split(" ")[0]))
                .findFirst();
    }
}
