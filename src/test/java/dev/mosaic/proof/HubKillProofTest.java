package dev.mosaic.proof;

import dev.mosaic.client.HubAddress;
import dev.mosaic.testing.ApiClient;
import dev.mosaic.testing.HubProcess;
import dev.mosaic.testing.Ports;
import dev.mosaic.testing.SqliteFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static dev.mosaic.testing.ApiClient.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * RELIABILITY.md row 2: the hub process is killed with SIGKILL while four senders send with idempotency keys and
 * retry whatever got no answer; the hub is started again. Every message must be stored exactly once, each sender's
 * in order, and the SQLite file must pass its integrity check. -Dmosaic.proof.messages=10000 runs the long form.
 */
class HubKillProofTest {
    private static final int SENDERS = 4;

    @TempDir
    Path home;

    private HubProcess hub;

    @AfterEach
    void killTheHub() {
        if (hub != null) {
            hub.close();
        }
    }

    /** What one sender's client saw. */
    private record SenderTally(int created, int replayed, int retries) {
    }

    @Test
    void killingTheHubDuringRetriedIdempotentSendsLosesNothingAndDoublesNothing() throws Exception {
        int total = Integer.getInteger("mosaic.proof.messages", 1000);
        int perSender = total / SENDERS;
        hub = new HubProcess(home, Ports.free(), home.resolve("hub.out")).start();
        String op = HubAddress.operator(home).token();
        ApiClient api = new ApiClient(hub.url());
        assertThat(api.post(op, "/api/v1/panes", "{\"name\":\"Bob\"}").status()).isEqualTo(201);
        List<String> tokens = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            tokens.add(api.post(op, "/api/v1/panes", "{\"name\":\"Sender" + s + "\"}").json().path("token").asString());
        }

        AtomicInteger answered = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
        List<Future<SenderTally>> sending = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            String token = tokens.get(s);
            String name = "Sender" + s;
            sending.add(pool.submit(() -> sendAll(api, token, name, perSender, answered)));
        }
        pool.shutdown();

        await().atMost(Duration.ofMinutes(5)).until(() -> answered.get() >= total / 3);
        hub.kill9();
        String afterKill = new SqliteFile(home.resolve("mosaic.db")).integrityCheck();
        hub.start();

        int created = 0;
        int replayed = 0;
        int retries = 0;
        for (Future<SenderTally> f : sending) {
            SenderTally t = f.get();
            created += t.created();
            replayed += t.replayed();
            retries += t.retries();
        }
        hub.stop();

        SqliteFile db = new SqliteFile(home.resolve("mosaic.db"));
        Map<String, Integer> copies = new HashMap<>();
        Map<String, Integer> lastIndex = new HashMap<>();
        int outOfOrder = 0;
        for (SqliteFile.Row r : db.messages()) {
            copies.merge(r.text(), 1, Integer::sum);
            int i = Integer.parseInt(r.text().substring(r.text().indexOf('#') + 1));
            Integer before = lastIndex.put(r.fromName(), i);
            if (before != null && before >= i) {
                outOfOrder++;
            }
        }
        int lost = 0;
        for (int s = 0; s < SENDERS; s++) {
            for (int i = 0; i < perSender; i++) {
                lost += copies.containsKey("Sender" + s + " #" + i) ? 0 : 1;
            }
        }
        long doubled = copies.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
        String integrity = db.integrityCheck();
        System.out.println("FIGURE hub kill -9 during idempotent sends: sent " + total + " from " + SENDERS
                + " senders, stored " + copies.size() + ", lost " + lost + ", doubled " + doubled
                + ", out of order " + outOfOrder + ", retries " + retries + ", answered 200 from the idempotency record "
                + replayed + ", integrity_check after the kill " + afterKill + ", at the end " + integrity);
        assertThat(lost).isZero();
        assertThat(doubled).isZero();
        assertThat(outOfOrder).isZero();
        assertThat(created + replayed).isEqualTo(total);
        assertThat(afterKill).isEqualTo("ok");
        assertThat(integrity).isEqualTo("ok");
    }

    /** Sends each message until the hub answers 201 or 200 (a replay), as a careful client does. */
    private static SenderTally sendAll(ApiClient api, String token, String name, int count, AtomicInteger answered) {
        int created = 0;
        int replayed = 0;
        int retries = 0;
        for (int i = 0; i < count; i++) {
            String body = "{\"to\":\"Bob\",\"text\":" + q(name + " #" + i) + ",\"idempotency_key\":" + q(name + "-" + i)
                    + "}";
            while (true) {
                ApiClient.Answer a;
                try {
                    a = api.post(token, "/api/v1/messages", body);
                } catch (UncheckedIOException e) {
                    a = null; // the hub is gone or going: the send may or may not have been stored
                }
                if (a != null && a.status() == 201) {
                    created++;
                    break;
                }
                if (a != null && a.status() == 200) {
                    replayed++;
                    break;
                }
                if (a != null && a.status() != 429 && a.status() != 503) {
                    throw new AssertionError("unexpected answer to a send: " + a);
                }
                retries++;
                long waitMs = a == null ? 50 : retryAfterMs(a);
                LockSupport.parkNanos(Duration.ofMillis(waitMs).toNanos()); // a client's backoff, not a test's wait
            }
            answered.incrementAndGet();
        }
        return new SenderTally(created, replayed, retries);
    }

    private static long retryAfterMs(ApiClient.Answer a) {
        return a.raw().headers().firstValue("Retry-After").map(v -> (long) (Double.parseDouble(v) * 1000))
                .map(ms -> Math.max(10, Math.min(ms, 1000))).orElse(50L);
    }
}
