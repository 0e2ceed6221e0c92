package dev.mosaic.delivery;

import dev.mosaic.model.Json;
import dev.mosaic.model.Message;
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

/** POSTs to {@code http://127.0.0.1:PORT/v1/push} with the channel's secret as a bearer token. */
public final class HttpPushClient implements PushClient {
    private static final Logger LOG = LoggerFactory.getLogger(HttpPushClient.class);

    private final HttpClient http;
    private final Duration timeout;

    public HttpPushClient(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
    }

    @Override
    public PushOutcome push(ChannelRegistration channel, Message message) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + channel.port() + "/v1/push"))
                .timeout(timeout)
                .header("Authorization", "Bearer " + channel.secret())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(message.forApi())))
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status / 100 == 2) {
                return PushOutcome.DELIVERED;
            }
            LOG.info("channel of pane {} on port {} refused message {}: HTTP {}", channel.paneId(), channel.port(),
                    message.id(), status);
            return PushOutcome.REFUSED;
        } catch (ConnectException | HttpConnectTimeoutException e) {
            LOG.debug("channel of pane {} on port {} unreachable: {}", channel.paneId(), channel.port(), e.toString());
            return PushOutcome.REFUSED;
        } catch (IOException e) {
            LOG.info("push of message {} to pane {} got no answer: {}", message.id(), channel.paneId(), e.toString());
            return PushOutcome.UNCERTAIN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PushOutcome.UNCERTAIN;
        }
    }
}
