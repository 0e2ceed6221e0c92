package dev.mosaic.delivery;

import dev.mosaic.model.Json;
import dev.mosaic.model.Message;
import dev.mosaic.model.PermissionAnswer;
import dev.mosaic.model.PushSignature;
import dev.mosaic.store.ChannelRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * POSTs to {@code http://127.0.0.1:PORT/v1/push}, signed with the channel's secret (DESIGN §4), and believes a 2xx
 * only with the channel's proof: whatever answers on a dead channel's port learns no secret and delivers nothing.
 */
public final class HttpPushClient implements PushClient {
    private static final Logger LOG = LoggerFactory.getLogger(HttpPushClient.class);

    /** More channels than a workstation runs at once; past it the keyed signatures are simply made again. */
    private static final int KEPT_SIGNATURES = 256;

    private final HttpClient http;
    private final Duration timeout;
    private final InstantSource clock;
    /**
     * Each channel's signature, keyed once by its secret: looking up and keying a Mac per push was 3 % of a busy hub's
     * CPU samples. A new registration brings a new secret, hence a new entry.
     */
    private final Map<String, PushSignature> signatures = new ConcurrentHashMap<>();

    public HttpPushClient(Duration timeout) {
        this(timeout, InstantSource.system());
    }

    /** @param clock stamps each push; the channel refuses a timestamp more than 60 s from its own clock */
    public HttpPushClient(Duration timeout, InstantSource clock) {
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                // The client's completions run on its selector thread instead of being handed to a pool: a push is
                // one sync send with a discarded body, nothing that blocks, and one hand-off fewer each way
                // (4 % of a busy hub's CPU, BENCHMARKS.md).
                .executor(Runnable::run)
                .build();
    }

    /**
     * {@code /v1/push} asks for a notification; {@code /v1/socket-push}, on a registration whose pushes went unseen
     * and that offered the socket, asks the channel to deliver through Claude Code's messaging socket (DESIGN §10).
     */
    @Override
    public PushOutcome push(ChannelRegistration channel, List<Message> messages) {
        // One message as an object, as always; a batch as an array, proven by the ids of all, in order (DESIGN §4).
        byte[] body = messages.size() == 1 ? Json.MAPPER.writeValueAsBytes(messages.getFirst().forApi())
                : Json.MAPPER.writeValueAsBytes(messages.stream().map(Message::forApi).toList());
        return post(channel, channel.socketRoute() ? "/v1/socket-push" : "/v1/push", body,
                messages.stream().map(Message::id).toList());
    }

    /**
     * Hands an approval's answer to the pane's channel ({@code POST /v1/permission}), signed and proven like a message
     * push; the proof covers the approval's id. The two paths take bodies of different shapes, so a signed body
     * replayed to the other path is refused as malformed.
     */
    public PushOutcome answer(ChannelRegistration channel, PermissionAnswer answer) {
        return post(channel, "/v1/permission", Json.MAPPER.writeValueAsBytes(answer), List.of(answer.approvalId()));
    }

    private PushSignature signatureFor(String secret) {
        PushSignature kept = signatures.get(secret);
        if (kept != null) {
            return kept;
        }
        if (signatures.size() >= KEPT_SIGNATURES) {
            signatures.clear(); // mostly secrets of channels long gone
        }
        return signatures.computeIfAbsent(secret, PushSignature::new);
    }

    private PushOutcome post(ChannelRegistration channel, String path, byte[] body, List<String> ids) {
        String id = ids.size() == 1 ? ids.getFirst() : ids.size() + " messages from " + ids.getFirst();
        PushSignature signature = signatureFor(channel.secret());
        long timestamp = clock.millis();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + channel.port() + path))
                .timeout(timeout)
                .header(PushSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(PushSignature.SIGNATURE_HEADER, signature.sign(timestamp, body))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status / 100 == 2) {
                if (signature.proves(response.headers().firstValue(PushSignature.PROOF_HEADER).orElse(null),
                        timestamp, ids)) {
                    return PushOutcome.DELIVERED;
                }
                // Only the agent's channel holds the secret, and it never answers 2xx without the proof: this is
                // another process on that port (the channel died), so the agent saw nothing.
                LOG.warn("whatever answers on port {} for pane {} is not its channel: HTTP {} without a valid proof",
                        channel.port(), channel.paneId(), status);
                return PushOutcome.NOT_THE_CHANNEL;
            }
            LOG.info("channel of pane {} on port {} refused {}: HTTP {}", channel.paneId(), channel.port(), id, status);
            return PushOutcome.REFUSED;
        } catch (ConnectException | HttpConnectTimeoutException e) {
            LOG.debug("channel of pane {} on port {} unreachable: {}", channel.paneId(), channel.port(), e.toString());
            return PushOutcome.REFUSED;
        } catch (IOException e) {
            LOG.info("push of {} to pane {} got no answer: {}", id, channel.paneId(), e.toString());
            return PushOutcome.UNCERTAIN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PushOutcome.UNCERTAIN;
        }
    }
}
