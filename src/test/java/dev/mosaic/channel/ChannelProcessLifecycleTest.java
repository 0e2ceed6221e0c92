package dev.mosaic.channel;

import java.util.regex.Pattern;
import java.util.regex.Matcher;
import java.sql.SQLException;
import java.sql.ResultSet;
import java.sql.PreparedStatement;
import java.sql.DriverManager;
import java.sql.Connection;
import dev.mosaic.model.PushSignature;
import dev.mosaic.testing.FakeChannel;
import dev.mosaic.testing.TestHub;
import dev.mosaic.testing.TestHub.Pane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The channel as a process: how it starts, what it loads, how it ends, and what a crash costs. */
class ChannelProcessLifecycleTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path home;
    @TempDir
    Path channelHome;

    TestHub hub;
    Pane alice;
    Pane bob;

    @BeforeEach
    void start() {
        hub = new TestHub(home);
        alice = hub.join("Alice");
        bob = hub.join("Bob");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private Map<String, String> bobEnv() {
        return ChannelProcess.paneEnv(hub.url(), bob.id(), bob.token(), channelHome.toString());
    }

    private void awaitDelivery(String delivery) {
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(hub.pane(bob.id()).path("delivery").asString()).isEqualTo(delivery));
    }

    @Test
    void endOfStdinUnregistersAndExitsCleanly() throws Exception {
        try (RawChannel channel = new RawChannel(bobEnv())) {
            channel.initialize();
            awaitDelivery("push");
            channel.closeStdin();
            assertThat(channel.exited(PATIENCE)).isTrue();
            assertThat(channel.process.exitValue()).isZero();
            awaitDelivery("poll");
            assertThat(channel.stdout).isEmpty();
        }
    }

    @Test
    void aMalformedLineIsAnsweredAndTheChannelKeepsWorking() throws Exception {
        try (RawChannel channel = new RawChannel(bobEnv())) {
            channel.send("{oops");
            JsonNode error = channel.next();
            assertThat(error.path("error").path("code").asInt()).isEqualTo(-32700);
            channel.initialize();
            channel.send("\u0000garbage\u00ff");
            assertThat(channel.next().path("error").path("code").asInt()).isEqualTo(-32700);
            JsonNode list = channel.request("tools/call", "{\"name\":\"list_agents\",\"arguments\":{}}");
            assertThat(list.path("result").path("isError").asBoolean()).isFalse();
            assertThat(list.path("result").path("content").get(0).path("text").asString()).contains("Alice");
            awaitDelivery("push");
            hub.send(alice.token(), "Bob", "after the bad lines");
            JsonNode n = channel.next();
            assertThat(n.path("method").asString()).isEqualTo("notifications/claude/channel");
            assertThat(n.path("params").path("content").asString()).isEqualTo("after the bad lines");
        }
    }

    @Test
    void paramsTheSdkCannotReadAreAnsweredInvalidParamsWithASentenceNeverInternalError() throws Exception {
        try (RawChannel channel = new RawChannel(bobEnv())) {
            for (String bad : List.of("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"initialize\"}",
                    "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"logging/setLevel\"}",
                    "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"logging/setLevel\",\"params\":\"loud\"}",
                    "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"loud\"}}",
                    "{\"jsonrpc\":\"2.0\",\"id\":12,\"method\":\"logging/setLevel\",\"params\":{\"level\":null}}",
                    "{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"tools/call\",\"params\":[1]}")) {
                channel.send(bad);
                JsonNode answer = channel.next();
                assertThat(answer.path("error").path("code").asInt()).as("%s -> %s", bad, answer).isEqualTo(-32602);
                assertThat(answer.path("error").path("message").asString()).startsWith("Invalid params: ");
            }
            channel.initialize();
            JsonNode ok = channel.request("logging/setLevel", "{\"level\":\"warning\"}");
            assertThat(ok.has("result")).as("%s", ok).isTrue();
        }
    }

    @Test
    void aPushBeforeInitializedWaitsAndIsDeliveredOnceInitialized() throws Exception {
        try (RawChannel channel = new RawChannel(bobEnv())) {
            awaitDelivery("push");
            hub.send(alice.token(), "Bob", "early bird");
            JsonNode init = channel.request("initialize", "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                    + "\"clientInfo\":{\"name\":\"raw-test\",\"version\":\"1\"}}");
            assertThat(init.has("result")).isTrue();
            // Nothing but the answer to initialize may come before notifications/initialized.
            assertThat(channel.stdout.poll(2500, java.util.concurrent.TimeUnit.MILLISECONDS)).isNull();
            channel.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            JsonNode n = channel.next();
            assertThat(n.path("params").path("content").asString()).isEqualTo("early bird");
        }
    }

    @Test
    void killMinus9LosesNothingTheHubFallsBackToTheInbox() throws Exception {
        try (RawChannel channel = new RawChannel(bobEnv())) {
            channel.initialize();
            awaitDelivery("push");
            channel.process.destroyForcibly(); // SIGKILL: no unregistration
            assertThat(channel.exited(PATIENCE)).isTrue();
        }
        List<String> sent = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            sent.add(hub.send(alice.token(), "Bob", "after the crash " + i).get(0).path("id").asString());
        }
        // The hub's pushes to the dead port fail; after a few it marks the channel down: the pane polls.
        awaitDelivery("poll");
        List<String> received = new ArrayList<>();
        await().atMost(PATIENCE).untilAsserted(() -> {
            // A retry may hold one message for a moment ("pushing"), so read until all have come.
            hub.inbox(bob, "").forEach(m -> received.add(m.path("id").asString()));
            assertThat(received).containsExactlyElementsOf(sent);
        });
    }

    @Test
    void aStrangerOnAKilledChannelsPortLearnsNoSecretAndTheMessageIsPolledOnce() throws Exception {
        int port;
        String secret;
        try (RawChannel channel = new RawChannel(bobEnv())) {
            channel.initialize();
            awaitDelivery("push");
            port = channel.stderr.stream().map(PUSH_PORT::matcher).filter(Matcher::find)
                    .mapToInt(m -> Integer.parseInt(m.group(1))).findFirst().orElseThrow();
            secret = registeredSecret();
            channel.process.destroyForcibly(); // SIGKILL: no unregistration
            assertThat(channel.exited(PATIENCE)).isTrue();
        }
        try (FakeChannel stranger = new FakeChannel(port)) { // another local process takes the dead port
            stranger.mode(FakeChannel.Mode.STRANGER);
            String id = hub.send(alice.token(), "Bob", "for Bob only").get(0).path("id").asString();
            awaitDelivery("poll");
            assertThat(stranger.heard()).as("the hub pushed to the stranger").isNotEmpty();
            assertThat(stranger.heard()).as("no request carries the channel's secret")
                    .noneMatch(request -> request.contains(secret));
            List<String> received = new ArrayList<>();
            await().atMost(PATIENCE).untilAsserted(() -> {
                // A retry may hold the message for a moment ("pushing"), so read until it has come.
                hub.inbox(bob, "").forEach(m -> {
                    received.add(m.path("id").asString());
                    assertThat(m.path("redelivered").asBoolean(false)).as("the agent never saw it").isFalse();
                });
                assertThat(received).containsExactly(id);
            });
            assertThat(hub.inbox(bob, "?peek=true")).as("polled once").isEmpty();
        }
    }

    @Test
    void connectionsThatStallMidRequestAreClosedAndPushesGoOnMeanwhile() throws Exception {
        try (RawChannel channel = new RawChannel(bobEnv())) {
            channel.initialize();
            awaitDelivery("push");
            int port = channel.stderr.stream().map(PUSH_PORT::matcher).filter(Matcher::find)
                    .mapToInt(m -> Integer.parseInt(m.group(1))).findFirst().orElseThrow();
            List<Socket> stalled = new ArrayList<>();
            try {
                // Any local process can connect: each of these holds a thread of the channel while it is open. Half a
                // request line, or headers that pass the first checks and half a body, which the channel then reads.
                for (int i = 0; i < 20; i++) {
                    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
                    s.getOutputStream().write((i % 2 == 0 ? "POST /v1/pu"
                            : "POST /v1/push HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 400\r\n"
                            + PushSignature.TIMESTAMP_HEADER + ": " + System.currentTimeMillis() + "\r\n"
                            + PushSignature.SIGNATURE_HEADER + ": v1=00\r\n\r\n{\"id\":")
                            .getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    stalled.add(s);
                }
                hub.send(alice.token(), "Bob", "through while they hang");
                JsonNode n = channel.next();
                assertThat(n.path("params").path("content").asString()).isEqualTo("through while they hang");

                for (Socket s : stalled) {
                    assertThat(closedByTheChannel(s)).as("the channel closed the stalled connection").isTrue();
                }
            } finally {
                for (Socket s : stalled) {
                    s.close();
                }
            }
        }
    }

    /** Whether the other end closed the connection (an end of stream or a reset) before {@link #PATIENCE}. */
    private static boolean closedByTheChannel(Socket s) throws IOException {
        s.setSoTimeout((int) PATIENCE.toMillis());
        try {
            s.getInputStream().readAllBytes(); // nothing is answered to a request that never arrived whole
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset
        }
    }

    private static final Pattern PUSH_PORT = Pattern.compile("push port (\\d+)");

    /** The push secret the hub keeps for Bob's channel, read from its database. */
    private String registeredSecret() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("mosaic.db"));
             PreparedStatement st = c.prepareStatement("SELECT secret FROM channels WHERE pane_id = ?")) {
            st.setString(1, bob.id());
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).as("Bob's registration").isTrue();
                return rs.getString(1);
            }
        }
    }

    @Test
    void theChannelLoadsNoHubStorePtyOrWebServerClasses() throws Exception {
        Path log = channelHome.resolve("classes.log");
        try (RawChannel channel = new RawChannel(bobEnv(), "-Xlog:class+load=info:file=" + log)) {
            channel.initialize();
            awaitDelivery("push");
            channel.request("tools/call", "{\"name\":\"list_agents\",\"arguments\":{}}");
            hub.send(alice.token(), "Bob", "load everything a push loads");
            assertThat(channel.next().path("method").asString()).isEqualTo("notifications/claude/channel");
            channel.closeStdin();
            assertThat(channel.exited(PATIENCE)).isTrue();
        }
        List<String> loaded;
        try (Stream<String> lines = Files.lines(log)) {
            loaded = lines.toList();
        }
        assertThat(loaded).anyMatch(l -> l.contains("dev.mosaic.channel.PushEndpoint"));
        assertThat(loaded).noneMatch(l -> l.contains(" io.javalin.") || l.contains(" org.eclipse.jetty.")
                || l.contains(" org.sqlite.") || l.contains(" org.flywaydb.") || l.contains(" dev.mosaic.hub.")
                || l.contains(" dev.mosaic.store.") || l.contains(" dev.mosaic.delivery.")
                || l.contains(" dev.mosaic.pty.") || l.contains(" org.postgresql."));
        // What used to load and cost the start most (BENCHMARKS.md: channel start): picocli, whose Java 5 classes the
        // AOT cache cannot hold, and the JDK's TLS, which a client of an http:// hub never uses.
        assertThat(loaded).as("no command line parsed, no TLS set up")
                .noneMatch(l -> l.contains(" picocli.CommandLine ") || l.contains(" sun.security.ssl.SSLContextImpl"));
    }
}
