package dev.mosaic.bench;

import dev.mosaic.hub.Hub;
import dev.mosaic.hub.HubConfig;
import dev.mosaic.testing.ApiClient;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What idle agents cost the hub (issue 15): requests per minute from an idle pushed agent (a real `mosaic channel`
 * child, registered, no messages) and from an idle long-polling agent (inbox with {@code wait=60} in a loop, as
 * {@code mosaic inbox --wait 60} would), counted at the hub by its own {@code GET /metrics}
 * ({@code mosaic_http_requests_total} by route) over a window, after a settling pause.
 *
 * <p>{@code bench/idle [SECONDS]} (default 120).
 */
public final class IdleBench {
    private static final String REQUESTS = "mosaic_http_requests_total{";

    private IdleBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 120;
        Path home = ScratchDir.deletedAtExit("mosaic-idle-bench");
        try (Hub hub = Hub.start(HubConfig.defaults(home.resolve("hub")).withPort(0))) {
            ApiClient api = new ApiClient(hub.url());
            JsonNode pushed = join(api, hub, "pushed");
            JsonNode poller = join(api, hub, "poller");
            AtomicBoolean polling = new AtomicBoolean(true);
            Thread poll = Thread.ofPlatform().daemon().name("long-poll").start(() -> {
                String path = "/api/v1/panes/" + poller.path("id").asString() + "/inbox?wait=60";
                while (polling.get()) {
                    api.get(poller.path("token").asString(), path);
                }
            });
            try (ChannelChild channel = new ChannelChild(hub.url(), pushed.path("id").asString(),
                    pushed.path("token").asString(), Files.createDirectories(home.resolve("pushed")))) {
                awaitPush(api, hub, pushed.path("id").asString());
                Thread.sleep(10_000); // registration, catch-up and the first long poll are not idle
                String load = LoadAverage.now();
                Map<String, Double> before = requests(hub);
                long t0 = System.nanoTime();
                Thread.sleep(seconds * 1000L);
                Map<String, Double> after = requests(hub);
                double minutes = (System.nanoTime() - t0) / 60e9;
                System.out.printf("idle window %.1f s; load average %s at start, %s at end%n", minutes * 60, load,
                        LoadAverage.now());
                System.out.println("| route, method, status | requests | per minute |");
                System.out.println("|---|---|---|");
                for (String series : new TreeSet<>(after.keySet())) {
                    if (series.contains("route=\"/metrics\"")) {
                        continue; // this bench's own scrapes
                    }
                    double n = after.get(series) - before.getOrDefault(series, 0.0);
                    if (n > 0) {
                        System.out.printf("| %s | %.0f | %.1f |%n", series, n, n / minutes);
                    }
                }
            } finally {
                polling.set(false);
                poll.join(Duration.ofSeconds(70));
            }
        }
    }

    /** mosaic_http_requests_total by its labels, from the hub's own metrics. */
    private static Map<String, Double> requests(Hub hub) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(hub.url()
                        + "/metrics")).header("Authorization", "Bearer " + hub.operatorToken()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET /metrics: " + r.statusCode() + " " + r.body());
        }
        Map<String, Double> out = new TreeMap<>();
        r.body().lines().filter(l -> l.startsWith(REQUESTS)).forEach(l -> {
            int end = l.lastIndexOf('}');
            out.put(l.substring(REQUESTS.length(), end), Double.parseDouble(l.substring(end + 1).strip()));
        });
        return out;
    }

    private static JsonNode join(ApiClient api, Hub hub, String name) {
        ApiClient.Answer a = api.post(hub.operatorToken(), "/api/v1/panes", "{\"name\":\"" + name + "\"}");
        if (a.status() != 201) {
            throw new IllegalStateException("join " + name + ": " + a);
        }
        return a.json();
    }

    private static void awaitPush(ApiClient api, Hub hub, String id) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!api.get(hub.operatorToken(), "/api/v1/panes/" + id).json().path("delivery").asString()
                .equals("push")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("pane " + id + " never registered its channel");
            }
            Thread.sleep(20);
        }
    }
}
