package dev.mosaic.bench;

import dev.mosaic.hub.Hub;
import dev.mosaic.hub.HubConfig;
import dev.mosaic.store.JdbcStore;
import dev.mosaic.store.SqliteDatabase;
import dev.mosaic.testing.ApiClient;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Issue #15 "Scale": send and inbox-read latency with 200 panes at 10 k, 100 k and 1 M stored messages, each tier
 * beside the first (flat means ≤ 2× from 10 k to 1 M). Messages are added between tiers straight into the hub's
 * SQLite file, as read history, while the hub is stopped: sending a million through the API would take the better
 * part of an hour and measure nothing new. Each pane also has the same 20 unread messages at every tier, so an inbox
 * read returns the same amount of work. Not a test; run with {@code bench/scale.sh [TIERS…]}.
 */
public final class ScaleBench {
    private static final int PANES = 200;
    private static final int UNREAD_PER_PANE = 20;
    private static final int SAMPLES = 2000;

    private record Pane(String id, String name, String token) {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> tiers = new ArrayList<>();
        for (String a : args) {
            tiers.add(Integer.parseInt(a));
        }
        if (tiers.isEmpty()) {
            tiers = List.of(10_000, 100_000, 1_000_000);
        }
        Path home = ScratchDir.deletedAtExit("mosaic-scale");
        HubConfig config = HubConfig.defaults(home).withPort(0).withSendRate(1_000_000, 1_000_000);
        List<Pane> panes = new ArrayList<>();
        try (Hub hub = Hub.start(config)) {
            ApiClient api = new ApiClient(hub.url());
            for (int i = 0; i < PANES; i++) {
                var p = api.post(hub.operatorToken(), "/api/v1/panes", "{\"name\":\"agent-" + i + "\"}").json();
                panes.add(new Pane(p.path("id").asString(), p.path("name").asString(), p.path("token").asString()));
            }
        }
        Random random = new Random(15);
        Path db = home.resolve("mosaic.db");
        long stored = 0;
        System.out.printf("%-10s | %-28s | %-28s | %-28s%n", "stored", "send p50 / p90 / p99 / max",
                "inbox peek p50/p90/p99/max", "pane list p50/p90/p99/max");
        for (int tier : tiers) {
            stored += fill(db, panes, tier - stored, stored == 0, random);
            try (Hub hub = Hub.start(config)) {
                ApiClient api = new ApiClient(hub.url());
                measure(api, panes, random, 500); // warm-up: JIT, connections, page cache
                Latencies[] l = measure(api, panes, random, SAMPLES);
                stored += SAMPLES + 500;
                System.out.printf("%-10d | %-28s | %-28s | %-28s%n", tier, l[0].row(), l[1].row(), l[2].row());
            }
        }
        System.out.println("FIGURE scale: " + PANES + " panes, " + UNREAD_PER_PANE + " unread each, tiers " + tiers
                + ", home " + home);
    }

    /** Sends, inbox peeks and pane listings, one at a time. */
    private static Latencies[] measure(ApiClient api, List<Pane> panes, Random random, int n) {
        long[] send = new long[n];
        long[] peek = new long[n];
        long[] list = new long[n];
        for (int i = 0; i < n; i++) {
            Pane from = panes.get(random.nextInt(panes.size()));
            Pane to = panes.get(random.nextInt(panes.size()));
            long t0 = System.nanoTime();
            int s = api.post(from.token(), "/api/v1/messages", "{\"to\":\"" + to.name() + "\",\"text\":\"scale " + i
                    + "\"}").status();
            send[i] = System.nanoTime() - t0;
            check(s, 201, "send");
            Pane reader = panes.get(random.nextInt(panes.size()));
            t0 = System.nanoTime();
            s = api.get(reader.token(), "/api/v1/panes/" + reader.id() + "/inbox?peek=true&limit=50").status();
            peek[i] = System.nanoTime() - t0;
            check(s, 200, "inbox");
            t0 = System.nanoTime();
            s = api.get(reader.token(), "/api/v1/panes").status();
            list[i] = System.nanoTime() - t0;
            check(s, 200, "pane list");
        }
        return new Latencies[] {Latencies.of(send, n), Latencies.of(peek, n), Latencies.of(list, n)};
    }

    private static void check(int status, int expected, String what) {
        if (status != expected) {
            throw new IllegalStateException(what + " answered " + status);
        }
    }

    /** Adds {@code count} messages of read history (and, the first time, each pane's unread ones); returns how many. */
    private static long fill(Path db, List<Pane> panes, long count, boolean withUnread, Random random)
            throws Exception {
        long added = 0;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA synchronous=OFF");
            }
            c.setAutoCommit(false);
            String sql = "INSERT INTO messages (id, from_id, from_name, to_id, to_name, text, thread_id, created_at,"
                    + " status, delivered_via, delivered_at, read_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
            try (PreparedStatement insert = c.prepareStatement(sql)) {
                String at = "2026-12-02T08:00:00.000Z";
                long base = System.nanoTime();
                for (long i = 0; i < count; i++) {
                    Pane from = panes.get(random.nextInt(panes.size()));
                    Pane to = panes.get(random.nextInt(panes.size()));
                    String id = "01SCALE" + base + "-" + i;
                    bind(insert, id, from, to, "history " + i + ": a line of an agent's ordinary conversation, "
                            + "about as long as one", at, "read", "poll", at, at);
                    insert.addBatch();
                    if (i % 10_000 == 9_999) {
                        insert.executeBatch();
                    }
                    added++;
                }
                if (withUnread) {
                    for (Pane to : panes) {
                        for (int k = 0; k < UNREAD_PER_PANE; k++) {
                            Pane from = panes.get(random.nextInt(panes.size()));
                            bind(insert, "01SCALEU" + base + "-" + to.name() + "-" + k, from, to, "unread " + k, at,
                                    "queued", null, null, null);
                            insert.addBatch();
                            added++;
                        }
                    }
                }
                insert.executeBatch();
            }
            c.commit();
        }
        // A hub keeps its history's full-text index up as it goes (SQLite V120): the hub measured must not start with
        // the whole fill still to index.
        try (JdbcStore store = new JdbcStore(SqliteDatabase.open(db))) {
            store.indexText();
        }
        return added;
    }

    private static void bind(PreparedStatement s, String id, Pane from, Pane to, String text, String at,
                             String status, String via, String deliveredAt, String readAt) throws Exception {
        s.setString(1, id);
        s.setString(2, from.id());
        s.setString(3, from.name());
        s.setString(4, to.id());
        s.setString(5, to.name());
        s.setString(6, text);
        s.setString(7, id);
        s.setString(8, at);
        s.setString(9, status);
        s.setString(10, via);
        s.setString(11, deliveredAt);
        s.setString(12, readAt);
    }
}
