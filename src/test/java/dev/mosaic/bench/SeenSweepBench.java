package dev.mosaic.bench;

import dev.mosaic.model.AgentState;
import dev.mosaic.model.Message;
import dev.mosaic.model.MessageIds;
import dev.mosaic.model.MessageStatus;
import dev.mosaic.model.Pane;
import dev.mosaic.model.PaneKind;
import dev.mosaic.model.Timestamps;
import dev.mosaic.store.AgentSession;
import dev.mosaic.store.ChannelRegistration;
import dev.mosaic.store.JdbcStore;
import dev.mosaic.store.NewPane;
import dev.mosaic.store.SendBatch;
import dev.mosaic.store.SqliteDatabase;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What the seen work costs the hub (issue 17): one pass of the not-seen sweep when it finds nothing (its usual
 * answer: a read, no write lock), and the push claim with its not_seen guard beside the claim as it was, on the same
 * SQLite file (each claim in a transaction rolled back). Not a test. Usage: SeenSweepBench [messages]
 */
public final class SeenSweepBench {
    private static final int PANES = 20;
    private static final int RUNS = 2_000;
    private static final String OLD_CLAIM = """
            UPDATE messages SET status = 'pushing', push_attempts = push_attempts + 1, claimed_at = ?
            WHERE seq = (SELECT MIN(seq) FROM messages WHERE to_id = ? AND status = 'queued')
              AND status = 'queued'
              AND NOT EXISTS (SELECT 1 FROM messages WHERE to_id = ? AND status = 'pushing')""";
    private static final String NEW_CLAIM = OLD_CLAIM + """

              AND (NOT EXISTS (SELECT 1 FROM channels WHERE pane_id = ? AND not_seen = 1)
                   OR (redelivered = 0 AND NOT EXISTS (SELECT 1 FROM messages
                                                       WHERE to_id = ? AND status = 'pushed' AND seen_at IS NULL)))""";

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = ScratchDir.deletedAtExit("mosaic-seen-bench");
        Path file = dir.resolve("bench.db");
        MessageIds ids = new MessageIds();
        List<Pane> panes = new ArrayList<>();
        try (JdbcStore store = new JdbcStore(SqliteDatabase.open(file))) {
            for (int i = 0; i < PANES; i++) {
                Pane p = store.createPane(new NewPane(UUID.randomUUID().toString(), "P" + i, PaneKind.JOINED,
                        UUID.randomUUID().toString(), Timestamps.now()));
                panes.add(p);
                store.putChannel(new ChannelRegistration(p.id(), 2000 + i, "secret-of-sixteen", false,
                        Timestamps.now()));
                // Half idle for long, half working: the sweep's agent-state filter has both kinds to skip.
                store.putAgentSession(new AgentSession(p.id(), "s", i % 2 == 0 ? AgentState.IDLE : AgentState.WORKING,
                        "2000-01-01T00:00:00.000Z"));
            }
            for (int sent = 0; sent < messages; sent += 500) {
                List<Message> batch = new ArrayList<>();
                for (int j = 0; j < 500 && sent + j < messages; j++) {
                    Pane to = panes.get((sent + j) % PANES);
                    String id = ids.next();
                    batch.add(new Message(id, 0, "operator", "operator", to.id(), to.name(), null, "m" + (sent + j),
                            id, null, Timestamps.now(), MessageStatus.QUEUED, null, null, null, null, false));
                }
                store.send(new SendBatch(batch, "operator", null, null, null, "2000-01-01T00:00:00.000Z", Set.of()));
            }
        }
        String now = Timestamps.now();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            // The history of a busy hub: 75% read, 5% queued, 15% pushed and seen, 5% pushed and not seen yet (young).
            c.createStatement().executeUpdate("UPDATE messages SET status = 'read', delivered_via = 'push', "
                    + "delivered_at = '" + now + "', read_at = '" + now + "' WHERE (seq / 20) % 20 < 15");
            c.createStatement().executeUpdate("UPDATE messages SET status = 'pushed', delivered_via = 'push', "
                    + "delivered_at = '" + now + "', seen_at = '" + now + "' WHERE (seq / 20) % 20 IN (16, 17, 18)");
            c.createStatement().executeUpdate("UPDATE messages SET status = 'pushed', delivered_via = 'push', "
                    + "delivered_at = '" + now + "' WHERE (seq / 20) % 20 = 19");
        }
        System.out.printf("SQLite, %,d messages to %d panes (75%% read, 5%% queued, 15%% pushed and seen, 5%% pushed unseen and "
                + "younger than the cut-off); %,d runs each, p50 / p90 / p99 / max in ms%n", messages, PANES, RUNS);
        try (JdbcStore store = new JdbcStore(SqliteDatabase.open(file))) {
            String before = Timestamps.format(Instant.now().minusSeconds(30));
            long[] sweep = new long[RUNS];
            for (int i = -200; i < RUNS; i++) {
                long t = System.nanoTime();
                int found = store.requeueUnseen(before).size();
                if (found != 0) {
                    throw new IllegalStateException("the sweep should find nothing, found " + found);
                }
                if (i >= 0) {
                    sweep[i] = System.nanoTime() - t;
                }
            }
            System.out.println("not-seen sweep pass, nothing to do: " + Latencies.of(sweep, RUNS).row());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            c.setAutoCommit(false);
            long[] oldClaim = new long[RUNS];
            long[] newClaim = new long[RUNS];
            for (int i = -200; i < RUNS; i++) { // alternating, so the machine's noise hits both alike
                String pane = panes.get(Math.floorMod(i, PANES)).id();
                long o = claim(c, OLD_CLAIM, pane, 3);
                long n = claim(c, NEW_CLAIM, pane, 5);
                if (i >= 0) {
                    oldClaim[i] = o;
                    newClaim[i] = n;
                }
            }
            System.out.println("push claim as it was:             " + Latencies.of(oldClaim, RUNS).row());
            System.out.println("push claim with the not_seen guard: " + Latencies.of(newClaim, RUNS).row());
        }
    }

    /** One claim statement in a transaction that is rolled back; its time in nanoseconds. */
    private static long claim(Connection c, String sql, String pane, int paneParams) throws Exception {
        long t = System.nanoTime();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, Timestamps.now());
            for (int p = 0; p < paneParams - 1; p++) {
                s.setString(2 + p, pane);
            }
            if (s.executeUpdate() != 1) {
                throw new IllegalStateException("nothing claimed");
            }
        }
        long took = System.nanoTime() - t;
        c.rollback();
        return took;
    }
}
