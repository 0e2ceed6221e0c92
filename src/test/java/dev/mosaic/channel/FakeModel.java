package dev.mosaic.channel;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mosaic.model.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the Anthropic API that Claude Code talks to (ANTHROPIC_BASE_URL): it records every request and,
 * when the newest user turn holds a Mosaic {@code <channel>} tag, answers with a call of the channel's reply tool.
 */
final class FakeModel implements AutoCloseable {
    private static final Pattern MESSAGE_ID = Pattern.compile("message_id=\"([0-9A-Z]+)\"");

    final List<String> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final String replyText;

    FakeModel(String replyText) throws IOException {
        this.replyText = replyText;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            requests.add(body);
            if (path.endsWith("/count_tokens")) {
                send(exchange, "application/json", "{\"input_tokens\": 10}");
                return;
            }
            send(exchange, "text/event-stream", stream(Json.MAPPER.readTree(body)));
        }
    }

    private String stream(JsonNode request) {
        String lastUser = "";
        for (JsonNode m : request.path("messages")) {
            if (m.path("role").asString().equals("user")) {
                lastUser = m.toString();
            }
        }
        String unescaped = lastUser.replace("\\\"", "\"");
        Matcher id = MESSAGE_ID.matcher(unescaped);
        List<Map.Entry<String, ObjectNode>> events = new ArrayList<>();
        ObjectNode message = Json.MAPPER.createObjectNode().put("id", "msg_fake").put("type", "message")
                .put("role", "assistant").put("model", "claude-fake").putNull("stop_reason").putNull("stop_sequence");
        message.putArray("content");
        message.putObject("usage").put("input_tokens", 10).put("output_tokens", 1);
        ObjectNode start = Json.MAPPER.createObjectNode().put("type", "message_start");
        start.set("message", message);
        events.add(Map.entry("message_start", start));
        String stopReason;
        ObjectNode block = Json.MAPPER.createObjectNode();
        ObjectNode delta = Json.MAPPER.createObjectNode();
        if (id.find() && !lastUser.contains("tool_result")) {
            block.put("type", "tool_use").put("id", "toolu_fake").put("name", "mcp__mosaic-channel__reply")
                    .putObject("input");
            delta.put("type", "input_json_delta").put("partial_json", Json.MAPPER.createObjectNode()
                    .put("message_id", id.group(1)).put("text", replyText).toString());
            stopReason = "tool_use";
        } else {
            block.put("type", "text").put("text", "");
            delta.put("type", "text_delta").put("text", "ok");
            stopReason = "end_turn";
        }
        ObjectNode blockStart = Json.MAPPER.createObjectNode().put("type", "content_block_start").put("index", 0);
        blockStart.set("content_block", block);
        events.add(Map.entry("content_block_start", blockStart));
        ObjectNode blockDelta = Json.MAPPER.createObjectNode().put("type", "content_block_delta").put("index", 0);
        blockDelta.set("delta", delta);
        events.add(Map.entry("content_block_delta", blockDelta));
        events.add(Map.entry("content_block_stop",
                Json.MAPPER.createObjectNode().put("type", "content_block_stop").put("index", 0)));
        ObjectNode end = Json.MAPPER.createObjectNode().put("type", "message_delta");
        end.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
        end.putObject("usage").put("output_tokens", 1);
        events.add(Map.entry("message_delta", end));
        events.add(Map.entry("message_stop", Json.MAPPER.createObjectNode().put("type", "message_stop")));
        StringBuilder sse = new StringBuilder();
        events.forEach(e -> sse.append("event: ").append(e.getKey()).append("\ndata: ").append(e.getValue())
                .append("\n\n"));
        return sse.toString();
    }

    private static void send(HttpExchange exchange, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
