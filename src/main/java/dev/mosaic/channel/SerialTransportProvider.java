package dev.mosaic.channel;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The SDK's stdio transport with its sends taken one at a time. The SDK emits every answer into a unicast sink
 * with {@code tryEmitNext}, which fails ({@code FAIL_NON_SERIALIZED}, "Failed to enqueue message") when two
 * threads answer at once — two tool calls in parallel are enough — and the answer is lost (java-sdk#304,
 * fix proposed in PR #834, not in 2.1.0). Each send here subscribes under one lock, so the emit runs alone.
 */
final class SerialTransportProvider implements McpServerTransportProvider {
    private final McpServerTransportProvider delegate;

    SerialTransportProvider(McpServerTransportProvider delegate) {
        this.delegate = delegate;
    }

    @Override
    public void setSessionFactory(McpServerSession.Factory factory) {
        delegate.setSessionFactory(transport -> factory.create(new SerialTransport(transport)));
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        return delegate.notifyClients(method, params);
    }

    @Override
    public Mono<Void> notifyClient(String sessionId, String method, Object params) {
        return delegate.notifyClient(sessionId, method, params);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public Mono<Void> closeGracefully() {
        return delegate.closeGracefully();
    }

    @Override
    public List<String> protocolVersions() {
        return delegate.protocolVersions();
    }

    /** One session's transport whose {@link #sendMessage} emits under a lock. */
    private static final class SerialTransport implements McpServerTransport {
        private final McpServerTransport inner;
        private final ReentrantLock sending = new ReentrantLock();

        SerialTransport(McpServerTransport inner) {
            this.inner = inner;
        }

        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
            return Mono.defer(() -> {
                CompletableFuture<Void> sent;
                sending.lock();
                try {
                    // Subscribing runs the SDK's emit at once (its transport is ready by the first request).
                    sent = inner.sendMessage(message).toFuture();
                } finally {
                    sending.unlock();
                }
                return Mono.fromFuture(sent);
            });
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
            return inner.unmarshalFrom(data, typeRef);
        }

        @Override
        public void close() {
            inner.close();
        }

        @Override
        public Mono<Void> closeGracefully() {
            return inner.closeGracefully();
        }

        @Override
        public List<String> protocolVersions() {
            return inner.protocolVersions();
        }
    }
}
