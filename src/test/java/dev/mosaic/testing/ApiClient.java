package dev.mosaic.testing;

import dev.mosaic.model.Json;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executor;

/** Raw HTTP calls to a hub, so tests see exactly what a client sees: status, headers and JSON. */
public final class ApiClient implements AutoCloseable {
    /** One answer. */
    public record Answer(int status, JsonNode json, HttpResponse<String> raw) {
        public String code() {
            return json.path("code").asString("");
        }

        public String error() {
            return json.path("error").asString("");
        }

        @Override
        public String toString() {
            return status + " " + raw.body();
        }
    }

    private final String baseUrl;
    private final HttpClient http;

    public ApiClient(String baseUrl) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** @param executor runs the client's work, so a bench can name the threads whose CPU is the client's */
    public ApiClient(String baseUrl, Executor executor) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(executor).build();
    }

    @Override
    public void close() {
        http.close();
    }

    public Answer get(String token, String path) {
        return call(token, "GET", path, null);
    }

    public Answer post(String token, String path, String body) {
        return call(token, "POST", path, body);
    }

    public Answer put(String token, String path, String body) {
        return call(token, "PUT", path, body);
    }

    public Answer delete(String token, String path, String body) {
        return call(token, "DELETE", path, body);
    }

    public Answer call(String token, String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(90));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = r.body().isEmpty() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(r.body());
            return new Answer(r.statusCode(), json, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A GET whose answer is not JSON (a pane's raw output): the response as bytes. */
    public HttpResponse<byte[]> getBytes(String token, String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(90));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A JSON string literal, for building bodies by hand. */
    public static String q(String s) {
        return Json.MAPPER.writeValueAsString(s);
    }
}
