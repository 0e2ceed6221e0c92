package dev.mosaic.channel;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Answers from several threads reach the SDK's transport one at a time. The stand-in transport fails a send that
 * overlaps another, as the SDK's unicast sink does ("Failed to enqueue message"); pure logic, so a stand-in.
 */
class SerialTransportProviderTest {

    /** Fails a send that starts while another is still emitting, like {@code tryEmitNext} on a unicast sink. */
    static final class OverlapDetectingTransport implements McpServerTransport {
        final AtomicInteger emitting = new AtomicInteger();
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger lost = new AtomicInteger();

        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
            return Mono.defer(() -> {
                if (emitting.incrementAndGet() > 1) {
                    emitting.decrementAndGet();
                    lost.incrementAndGet();
                    return Mono.error(new RuntimeException("Failed to enqueue message"));
                }
                Thread.onSpinWait(); // the emit's own work, long enough for another thread to overlap it
                for (int i = 0; i < 200; i++) {
                    Thread.onSpinWait();
                }
                emitting.decrementAndGet();
                sent.incrementAndGet();
                return Mono.empty();
            });
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.empty();
        }
    }

    /** A provider that hands the stand-in transport to whatever session factory it is given. */
    static final class OneSessionProvider implements McpServerTransportProvider {
        final OverlapDetectingTransport transport = new OverlapDetectingTransport();

        @Override
        public void setSessionFactory(McpServerSession.Factory factory) {
            factory.create(transport); // as the SDK's provider does once its stdin is open
        }

        @Override
        public Mono<Void> notifyClients(String method, Object params) {
            return Mono.empty();
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.empty();
        }
    }

    static int lostWhenEightThreadsAnswer(McpServerTransport transport) throws InterruptedException {
        int threads = 8;
        int each = 2_000;
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger failed = new AtomicInteger();
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            all.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        try {
                            transport.sendMessage(new McpSchema.JSONRPCResponse("2.0", i, "ok", null)).block();
                        } catch (RuntimeException e) {
                            failed.incrementAndGet();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        start.countDown();
        for (Thread t : all) {
            t.join();
        }
        return failed.get();
    }

    @Test
    void answersFromManyThreadsAreAllSentThroughTheSerialTransport() throws InterruptedException {
        OneSessionProvider sdk = new OneSessionProvider();
        AtomicReference<McpServerTransport> sessionTransport = new AtomicReference<>();
        new SerialTransportProvider(sdk).setSessionFactory(t -> {
            sessionTransport.set(t);
            return null;
        });

        assertThat(lostWhenEightThreadsAnswer(sessionTransport.get())).as("answers lost").isZero();
        assertThat(sdk.transport.sent.get()).isEqualTo(8 * 2_000);
        assertThat(sdk.transport.lost.get()).isZero();
    }

    @Test
    void withoutItTheStandInLosesAnswersAsTheSdkDoes() throws InterruptedException {
        // Shows the stand-in can tell: the same load straight at it loses some (so the test above can fail).
        OverlapDetectingTransport bare = new OverlapDetectingTransport();
        assertThat(lostWhenEightThreadsAnswer(bare)).isPositive();
    }
}
