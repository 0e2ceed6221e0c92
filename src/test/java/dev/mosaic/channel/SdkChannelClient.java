package dev.mosaic.channel;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * The MCP Java SDK's own client driving a real `mosaic channel` child process. The SDK client has no hook for
 * custom notifications, so its transport is wrapped to record every {@code notifications/claude/channel} it reads.
 */
final class SdkChannelClient implements AutoCloseable {
    private static final McpJsonMapper MAPPER = new JacksonMcpJsonMapper(JsonMapper.builder().build());
    private static final Pattern PUSH_PORT = Pattern.compile("push port (\\d+)");

    final List<Map<String, Object>> notifications = new CopyOnWriteArrayList<>();
    final List<String> stderr = new CopyOnWriteArrayList<>();
    final McpSyncClient client;
    final String marker = ChannelProcess.newMarker();

    SdkChannelClient(Map<String, String> env) {
        ServerParameters params = ServerParameters.builder(ChannelProcess.java())
                .args(ChannelProcess.args(marker)).env(env).build();
        StdioClientTransport stdio = new StdioClientTransport(params, MAPPER);
        stdio.setStdErrorHandler(stderr::add);
        client = McpClient.sync(new Tap(stdio, notifications::add))
                .requestTimeout(Duration.ofSeconds(30))
                .initializationTimeout(Duration.ofSeconds(60))
                .build();
        client.initialize();
    }

    CallToolResult call(String tool, Map<String, Object> args) {
        return client.callTool(McpSchema.CallToolRequest.builder(tool).arguments(args).build());
    }

    static String text(CallToolResult r) {
        return ((McpSchema.TextContent) r.content().getFirst()).text();
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> meta(Map<String, Object> notification) {
        return (Map<String, String>) notification.get("meta");
    }

    /** The channel's push port, from its log; waits for the line, which stderr may deliver after registration. */
    int pushPort() {
        return await().atMost(Duration.ofSeconds(30)).until(this::loggedPushPort,
                Optional::isPresent).orElseThrow();
    }

    private Optional<Integer> loggedPushPort() {
        for (String line : stderr) {
            Matcher m = PUSH_PORT.matcher(line);
            if (m.find()) {
                return Optional.of(Integer.parseInt(m.group(1)));
            }
        }
        return Optional.empty();
    }

    ProcessHandle process() {
        return ChannelProcess.find(marker);
    }

    @Override
    public void close() {
        client.closeGracefully();
    }

    /** Passes everything through, recording the channel notifications the SDK client would otherwise drop. */
    private record Tap(StdioClientTransport inner, Consumer<Map<String, Object>> sink) implements McpClientTransport {
        @Override
        @SuppressWarnings("unchecked")
        public Mono<Void> connect(Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler) {
            return inner.connect(incoming -> handler.apply(incoming.doOnNext(m -> {
                if (m instanceof McpSchema.JSONRPCNotification n && n.method().equals("notifications/claude/channel")) {
                    sink.accept((Map<String, Object>) n.params());
                }
            })));
        }

        @Override
        public void setExceptionHandler(Consumer<Throwable> handler) {
            inner.setExceptionHandler(handler);
        }

        @Override
        public Mono<Void> closeGracefully() {
            return inner.closeGracefully();
        }

        @Override
        public Mono<Void> sendMessage(JSONRPCMessage message) {
            return inner.sendMessage(message);
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
            return inner.unmarshalFrom(data, typeRef);
        }

        @Override
        public List<String> protocolVersions() {
            return inner.protocolVersions();
        }
    }
}
