package dev.mosaic.delivery;

import com.sun.net.httpserver.HttpServer;
import dev.mosaic.model.Message;
import dev.mosaic.model.MessageStatus;
import dev.mosaic.model.PushSignature;
import dev.mosaic.store.ChannelRegistration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hub's side of the signed push against a real HTTP server that checks signatures and proves deliveries with
 * whichever secret it holds now, as a channel restarted on the same port would.
 */
class HttpPushClientTest {
    private final AtomicReference<PushSignature> channelKey = new AtomicReference<>();
    private HttpServer server;
    private final HttpPushClient client = new HttpPushClient(Duration.ofSeconds(5));

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/push", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            long timestamp = Long.parseLong(exchange.getRequestHeaders().getFirst(PushSignature.TIMESTAMP_HEADER));
            PushSignature key = channelKey.get();
            if (!key.signs(exchange.getRequestHeaders().getFirst(PushSignature.SIGNATURE_HEADER), timestamp, body)) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            String id = new String(body).replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
            exchange.getResponseHeaders().set(PushSignature.PROOF_HEADER, key.prove(timestamp, List.of(id)));
            exchange.sendResponseHeaders(204, -1);
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aChannelRegisteredAgainWithANewSecretOnTheSamePortIsSignedWithTheNewOne() {
        String first = "first-secret-0123456789";
        String second = "second-secret-0123456789";
        channelKey.set(new PushSignature(first));
        assertThat(client.push(registration(first), List.of(message("m1")))).isEqualTo(PushOutcome.DELIVERED);
        assertThat(client.push(registration(first), List.of(message("m2")))).isEqualTo(PushOutcome.DELIVERED);

        channelKey.set(new PushSignature(second)); // the channel restarted on the same port with a new secret
        assertThat(client.push(registration(second), List.of(message("m3")))).isEqualTo(PushOutcome.DELIVERED);
        assertThat(client.push(registration(first), List.of(message("m4"))))
                .as("a push signed with the old secret is refused by the new channel")
                .isEqualTo(PushOutcome.REFUSED);
    }

    private ChannelRegistration registration(String secret) {
        return new ChannelRegistration("pane-b", server.getAddress().getPort(), secret, false,
                "2026-12-02T08:00:00.000Z");
    }

    private static Message message(String id) {
        return new Message(id, 1, "a", "Alice", "b", "Bob", null, "hi", id, null, "2026-12-02T08:00:00.000Z",
                MessageStatus.QUEUED, null, null, null, null, false);
    }
}
