package dev.mosaic.client;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlainHttpOnlyTest {
    @Test
    void anHttpsRequestFailsSayingTheClientSpeaksPlainHttpOnly() {
        HttpClient http = PlainHttpOnly.builder().build();
        // Nothing listens on port 1; what matters is that TLS is refused before anything is sent.
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:1/api/v1/health")).build();
        assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.discarding()))
                .rootCause().hasMessageContaining("plain HTTP only");
    }

    @Test
    void aHubOnHttpsIsReachedWithTheJdksTls() {
        HubClient client = new HubClient(new HubAddress("https://127.0.0.1:1", "token", null));
        // A refused connection, not refused TLS: the client of an https:// hub is the JDK's own.
        assertThatThrownBy(client::health).isInstanceOf(HubException.class)
                .hasMessageContaining("cannot reach the hub").hasMessageContaining("ConnectException");
    }
}
