package dev.mosaic.hub;

import dev.mosaic.testing.ApiClient;
import dev.mosaic.testing.TestHub;
import dev.mosaic.testing.TestHub.Pane;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** 16 concurrent senders × 500 sends to 4 recipients: no loss, no duplicate, per-recipient order. */
class ConcurrentSendTest {
    private static final int SENDERS = 16;
    private static final int SENDS = 500;
    private static final int RECIPIENTS = 4;

    @TempDir
    Path home;

    @Test
    void concurrentSendersLoseNothingDuplicateNothingAndKeepOrder() throws Exception {
        try (TestHub hub = new TestHub(home)) {
            List<Pane> senders = new ArrayList<>();
            List<Pane> recipients = new ArrayList<>();
            for (int i = 0; i < SENDERS; i++) {
                senders.add(hub.join("sender-" + i));
            }
            for (int r = 0; r < RECIPIENTS; r++) {
                recipients.add(hub.join("recipient-" + r));
            }
            List<Future<?>> work = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(SENDERS)) {
                for (int s = 0; s < SENDERS; s++) {
                    int sender = s;
                    work.add(pool.submit(() -> {
                        ApiClient api = new ApiClient(hub.url());
                        for (int n = 0; n < SENDS; n++) {
                            String to = "recipient-" + (n % RECIPIENTS);
                            ApiClient.Answer a = api.post(senders.get(sender).token(), "/api/v1/messages",
                                    "{\"to\":\"" + to + "\",\"text\":\"" + sender + ":" + n + "\"}");
                            assertThat(a.status()).as("send %d:%d → %s", sender, n, a).isEqualTo(201);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : work) {
                    f.get();
                }
            }

            int total = 0;
            for (Pane r : recipients) {
                List<JsonNode> got = drain(hub, r);
                total += got.size();
                Set<String> seen = new HashSet<>();
                Map<Integer, Integer> lastFromSender = new HashMap<>();
                long lastSeq = -1;
                for (JsonNode m : got) {
                    assertThat(seen.add(m.path("id").asString())).as("duplicate %s", m).isTrue();
                    assertThat(m.path("seq").asLong()).as("seq order").isGreaterThan(lastSeq);
                    lastSeq = m.path("seq").asLong();
                    String[] parts = m.path("text").asString().split(":");
                    int sender = Integer.parseInt(parts[0]);
                    int n = Integer.parseInt(parts[1]);
                    assertThat(n).as("each sender's messages arrive in the order sent")
                            .isGreaterThan(lastFromSender.getOrDefault(sender, -1));
                    lastFromSender.put(sender, n);
                }
                assertThat(got).hasSize(SENDERS * SENDS / RECIPIENTS);
            }
            assertThat(total).isEqualTo(SENDERS * SENDS);
        }
    }

    private static List<JsonNode> drain(TestHub hub, Pane r) {
        List<JsonNode> all = new ArrayList<>();
        while (true) {
            JsonNode page = hub.inbox(r, "?limit=100");
            if (page.isEmpty()) {
                return all;
            }
            page.forEach(all::add);
        }
    }
}
