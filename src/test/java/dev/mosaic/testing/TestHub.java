package dev.mosaic.testing;

import dev.mosaic.delivery.RetryPolicy;
import dev.mosaic.hub.Hub;
import dev.mosaic.hub.HubConfig;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.time.Duration;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** A real hub on a free port with a real SQLite file in a temporary home, and helpers to drive it. */
public final class TestHub implements AutoCloseable {
    /** Retries fast enough that a test sees fallback and recovery within a second or two. */
    public static final RetryPolicy QUICK_RETRY = new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(400), 3);

    private final Path home;
    private final UnaryOperator<HubConfig> tweak;
    private final Clock clock;
    private final Map<String, String> env;
    private Hub hub;
    private ApiClient api;

    public TestHub(Path home) {
        this(home, c -> c);
    }

    public TestHub(Path home, UnaryOperator<HubConfig> tweak) {
        this(home, tweak, Clock.systemUTC());
    }

    /** A hub whose wall clock (message times, idempotency expiry) is the given one. */
    public TestHub(Path home, UnaryOperator<HubConfig> tweak, Clock clock) {
        this(home, tweak, clock, System.getenv());
    }

    /** A hub whose own environment (inherited by its panes; where it finds Claude Code and HOME) is the given one. */
    public TestHub(Path home, UnaryOperator<HubConfig> tweak, Clock clock, Map<String, String> env) {
        this.home = home;
        this.tweak = tweak;
        this.clock = clock;
        this.env = Map.copyOf(env);
        start();
    }

    /** (Re)starts the hub on the same home and database. */
    public void start() {
        hub = Hub.start(tweak.apply(HubConfig.defaults(home).withPort(0).withRetry(QUICK_RETRY)), clock, env);
        api = new ApiClient(hub.url());
    }

    public void stop() {
        hub.close();
    }

    public void restart() {
        stop();
        start();
    }

    public Hub hub() {
        return hub;
    }

    public Path home() {
        return home;
    }

    public ApiClient api() {
        return api;
    }

    public String url() {
        return hub.url();
    }

    public String op() {
        return hub.operatorToken();
    }

    /** A joined pane: id, name and token. */
    public record Pane(String id, String name, String token) {
    }

    public Pane join(String name) {
        ApiClient.Answer a = api.post(op(), "/api/v1/panes", "{\"name\":" + ApiClient.q(name) + "}");
        assertThat(a.status()).as("join %s: %s", name, a).isEqualTo(201);
        return new Pane(a.json().path("id").asString(), a.json().path("name").asString(),
                a.json().path("token").asString());
    }

    /** Sends as the holder of token; asserts 201 and returns the answer's messages. */
    public JsonNode send(String token, String to, String text) {
        ApiClient.Answer a = api.post(token, "/api/v1/messages",
                "{\"to\":" + ApiClient.q(to) + ",\"text\":" + ApiClient.q(text) + "}");
        assertThat(a.status()).as("send: %s", a).isEqualTo(201);
        return a.json().path("messages");
    }

    public JsonNode inbox(Pane p, String query) {
        ApiClient.Answer a = api.get(p.token(), "/api/v1/panes/" + p.id() + "/inbox" + query);
        assertThat(a.status()).as("inbox: %s", a).isEqualTo(200);
        return a.json().path("messages");
    }

    /** A spawned pane: its id, name, token and process id. */
    public record Spawned(String id, String name, String token, long pid) {
    }

    /** Spawns a pane running the command (JSON array items as given); asserts 201. */
    public Spawned spawn(String name, String... command) {
        StringBuilder body = new StringBuilder("{\"name\":" + ApiClient.q(name) + ",\"command\":[");
        for (int i = 0; i < command.length; i++) {
            body.append(i == 0 ? "" : ",").append(ApiClient.q(command[i]));
        }
        ApiClient.Answer a = api.post(op(), "/api/v1/panes", body.append("]}").toString());
        assertThat(a.status()).as("spawn %s: %s", name, a).isEqualTo(201);
        return new Spawned(a.json().path("id").asString(), a.json().path("name").asString(),
                a.json().path("token").asString(), a.json().path("pid").asLong());
    }

    public JsonNode pane(String id) {
        return api.get(op(), "/api/v1/panes/" + id).json();
    }

    @Override
    public void close() {
        hub.close();
    }
}
