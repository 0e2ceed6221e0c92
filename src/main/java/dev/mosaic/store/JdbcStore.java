package dev.mosaic.store;

import dev.mosaic.model.AgentState;
import dev.mosaic.model.Approval;
import dev.mosaic.model.ApprovalAnswer;
import dev.mosaic.model.ApprovalBehavior;
import dev.mosaic.model.ApprovalStatus;
import dev.mosaic.model.DeliveredVia;
import dev.mosaic.model.Message;
import dev.mosaic.model.MessageStatus;
import dev.mosaic.model.Names;
import dev.mosaic.model.Pane;
import dev.mosaic.model.PaneKind;
import dev.mosaic.model.PaneProcess;
import dev.mosaic.model.PaneStatus;
import dev.mosaic.model.RelayState;
import dev.mosaic.model.Room;
import dev.mosaic.model.RoomPost;
import dev.mosaic.model.TerminalSize;
import dev.mosaic.model.ToolRequest;
import dev.mosaic.model.Timestamps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/** The store in portable SQL (SQLite and PostgreSQL alike); the {@link Database} supplies connections. */
public final class JdbcStore implements Store {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);

    private static final String MESSAGE_COLUMNS = """
            seq, id, from_id, from_name, to_id, to_name, subject, text, thread_id, in_reply_to, created_at,
            status, delivered_via, delivered_at, seen_at, read_at, redelivered, room_id, room_name""";

    private static final String PANE_COLUMNS = "id, name, kind, status, created_at, pid, cwd, cols, rows, exit_code";

    private static final String INSERT_PANE = """
            INSERT INTO panes (id, name, name_key, kind, status, token_hash, created_at, hub_id)
            VALUES (?, ?, ?, ?, 'live', ?, ?, ?)""";
    private static final String LIVE_PANES_NAMED =
            "SELECT " + PANE_COLUMNS + " FROM panes WHERE name_key = ? AND status = 'live'";
    private static final String PANE_BY_ID = "SELECT " + PANE_COLUMNS + " FROM panes WHERE id = ?";
    private static final String LIVE_PANE_BY_TOKEN =
            "SELECT " + PANE_COLUMNS + " FROM panes WHERE token_hash = ? AND status = 'live'";
    private static final String ALL_PANES = "SELECT " + PANE_COLUMNS + " FROM panes ORDER BY created_at, id";
    // An exited pane may be stopped too: that frees nothing but says the human is done with it.
    private static final String STOP_PANE =
            "UPDATE panes SET status = 'stopped' WHERE id = ? AND status IN ('live', 'exited')";
    private static final String DELETE_PANE = """
            DELETE FROM panes WHERE id = ?
              AND NOT EXISTS (SELECT 1 FROM messages WHERE to_id = ? OR from_id = ?)""";
    private static final String RECORD_PROCESS =
            "UPDATE panes SET pid = ?, cwd = ?, cols = ?, rows = ? WHERE id = ? AND kind = 'spawned'";
    private static final String RESIZE_PANE = "UPDATE panes SET cols = ?, rows = ? WHERE id = ? AND pid IS NOT NULL";
    private static final String SET_EXIT_CODE = "UPDATE panes SET exit_code = ? WHERE id = ? AND kind = 'spawned'";
    private static final String MARK_EXITED = "UPDATE panes SET status = 'exited' WHERE id = ? AND status = 'live'";
    // Only this hub's: another hub's spawned panes still run on its machine (NULL: from before V91, one hub only).
    private static final String EXIT_ORPHANED_PANES = "UPDATE panes SET status = 'exited' WHERE kind = 'spawned' "
            + "AND status = 'live' AND (hub_id = ? OR hub_id IS NULL)";
    private static final String UNREAD_COUNTS =
            "SELECT to_id, COUNT(*) FROM messages WHERE status <> 'read' GROUP BY to_id";

    // Queued, or already claimed for an idle lane (HAND_OFF_STATE): then its columns are what CLAIM_PUSHES sets.
    private static final String INSERT_MESSAGE = """
            INSERT INTO messages (id, from_id, from_name, to_id, to_name, subject, text, thread_id, in_reply_to,
                                  created_at, status, push_attempts, claimed_at, claimed_by, room_id, room_name)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            RETURNING seq""";
    // What decides how a send hands an idle lane its next push (HandOff). The claim's UPDATE, with its subqueries,
    // was a fifth of a lone push's time (BENCHMARKS.md); in the common case, nothing of the pane's queued or in
    // flight, it would claim exactly the new message, which is then simply stored claimed.
    private static final String HAND_OFF_STATE = """
            SELECT CASE WHEN EXISTS (SELECT 1 FROM messages WHERE to_id = ? AND status = 'pushing') THEN 1 ELSE 0 END,
                   CASE WHEN EXISTS (SELECT 1 FROM messages WHERE to_id = ? AND status = 'queued') THEN 1 ELSE 0 END,
                   CASE WHEN EXISTS (SELECT 1 FROM channels WHERE pane_id = ? AND not_seen = 1 AND socket = 0)
                        THEN 1 ELSE 0 END,
                   CASE WHEN EXISTS (SELECT 1 FROM channels WHERE pane_id = ? AND hub_id IS NOT NULL AND hub_id <> ?)
                        THEN 1 ELSE 0 END""";
    private static final String MESSAGE_BY_ID = "SELECT " + MESSAGE_COLUMNS + " FROM messages WHERE id = ?";
    private static final String THREAD =
            "SELECT " + MESSAGE_COLUMNS + " FROM messages WHERE thread_id = ? ORDER BY seq";
    private static final String RECENT_MESSAGES = """
            SELECT * FROM (SELECT %s FROM messages ORDER BY seq DESC LIMIT ?) AS recent ORDER BY seq""".formatted(MESSAGE_COLUMNS);
    private static final String PEEK_INBOX = """
            SELECT %s FROM messages m
            WHERE m.to_id = ? AND m.status = 'queued'
            ORDER BY m.seq LIMIT ?""".formatted(MESSAGE_COLUMNS);
    // A poll never overtakes a push in flight: messages after it wait, so the recipient sees seq order.
    private static final String TAKE_INBOX = """
            UPDATE messages SET status = 'read', delivered_via = 'poll', delivered_at = ?, read_at = ?
            WHERE seq IN (
                SELECT m.seq FROM messages m
                WHERE m.to_id = ? AND m.status = 'queued'
                  AND NOT EXISTS (SELECT 1 FROM messages p
                                  WHERE p.to_id = m.to_id AND p.status = 'pushing' AND p.seq < m.seq)
                ORDER BY m.seq LIMIT ?)
              AND status = 'queued'
            RETURNING %s""".formatted(MESSAGE_COLUMNS);
    private static final String MARK_READ = """
            UPDATE messages SET status = 'read', read_at = ?
            WHERE id = ? AND to_id = ? AND status <> 'read'
            RETURNING %s""".formatted(MESSAGE_COLUMNS);
    private static final String MARK_READ_ON_REPLY = """
            UPDATE messages SET status = 'read', read_at = ?
            WHERE id = ? AND to_id = ? AND status <> 'read'
            RETURNING %s""".formatted(MESSAGE_COLUMNS);
    // Up to a batch of the oldest queued messages, in one push (DESIGN §4), only while none is in flight. The
    // subqueries read the table as the statement found it, so a batch is claimed whole or not at all.
    // A registration whose push went unseen (not_seen, DESIGN §10) takes one probe at a time: a message that was
    // not returned for not being seen (those wait for a poll), and only while no earlier push waits to be seen.
    // One that offered Claude Code's messaging socket (socket = 1) takes every message, in order: they go that way.
    // Never while the pane's registration is another hub's (DESIGN §6): the channel moved there, and a lane this hub
    // still holds would push to the old port.
    private static final String CLAIM_PUSHES = """
            UPDATE messages SET status = 'pushing', push_attempts = push_attempts + 1, claimed_at = ?, claimed_by = ?
            WHERE seq IN (SELECT seq FROM messages WHERE to_id = ? AND status = 'queued' ORDER BY seq LIMIT ?)
              AND status = 'queued'
              AND NOT EXISTS (SELECT 1 FROM messages WHERE to_id = ? AND status = 'pushing')
              AND (NOT EXISTS (SELECT 1 FROM channels WHERE pane_id = ? AND not_seen = 1 AND socket = 0)
                   OR (seq = (SELECT MIN(seq) FROM messages WHERE to_id = ? AND status = 'queued')
                       AND redelivered = 0 AND NOT EXISTS (SELECT 1 FROM messages
                                                           WHERE to_id = ? AND status = 'pushed' AND seen_at IS NULL)))
              AND NOT EXISTS (SELECT 1 FROM channels WHERE pane_id = ? AND hub_id IS NOT NULL AND hub_id <> ?)
            RETURNING %s""".formatted(MESSAGE_COLUMNS);
    private static final String MARK_PUSHED = """
            UPDATE messages SET status = 'pushed', delivered_via = ?, delivered_at = ?, claimed_at = NULL,
                                claimed_by = NULL
            WHERE id = ? AND status = 'pushing'""";
    private static final String RELEASE_PUSH = """
            UPDATE messages SET status = 'queued', claimed_at = NULL, claimed_by = NULL,
                                redelivered = CASE WHEN ? = 1 THEN 1 ELSE redelivered END
            WHERE id = ? AND status = 'pushing'""";
    // A seen receipt counts only for a message pushed to that very pane (a receipt naming another pane's message
    // is forged or mistaken). A pushed message may be read already: the reply can overtake the hook's report.
    private static final String MARK_SEEN = """
            UPDATE messages SET seen_at = ?
            WHERE id = ? AND to_id = ? AND delivered_via IN ('push', 'socket') AND status IN ('pushed', 'read')
              AND seen_at IS NULL
            RETURNING %s""".formatted(MESSAGE_COLUMNS);
    private static final String RESTORE_PUSH =
            "UPDATE channels SET down = 0, not_seen = 0 WHERE pane_id = ? AND not_seen = 1";
    // A delivery through the socket that went unseen too: the pane stops using the socket (one probe push at a time
    // again, DESIGN §10), before the requeue below forgets how the message went. Same conditions as the requeue.
    private static final String SOCKET_UNSEEN = """
            UPDATE channels SET socket = 0
            WHERE socket = 1 AND pane_id IN (
                SELECT to_id FROM messages
                WHERE status = 'pushed' AND seen_at IS NULL AND delivered_at < ? AND delivered_via = 'socket'
                  AND to_id IN (SELECT pane_id FROM agent_states WHERE state = 'idle' AND updated_at < ?))""";
    // Guarded by seen_at and status in the same statement: a receipt that commits first keeps its message pushed.
    private static final String REQUEUE_UNSEEN = """
            UPDATE messages SET status = 'queued', delivered_via = NULL, delivered_at = NULL, redelivered = 1
            WHERE status = 'pushed' AND seen_at IS NULL AND delivered_at < ?
              AND to_id IN (SELECT pane_id FROM agent_states WHERE state = 'idle' AND updated_at < ?)
            RETURNING %s""".formatted(MESSAGE_COLUMNS);
    // The sweep's usual answer is "nothing": a read finds that out without taking the write lock.
    private static final String ANY_UNSEEN = """
            SELECT 1 FROM messages
            WHERE status = 'pushed' AND seen_at IS NULL AND delivered_at < ?
              AND to_id IN (SELECT pane_id FROM agent_states WHERE state = 'idle' AND updated_at < ?)
            LIMIT 1""";
    private static final String MARK_NOT_SEEN = "UPDATE channels SET down = 1, not_seen = 1 WHERE pane_id = ?";
    private static final String PEEK_UNREAD = """
            SELECT %s FROM messages m
            WHERE m.to_id = ? AND m.status IN ('queued', 'pushed')
            ORDER BY m.seq LIMIT ?""".formatted(MESSAGE_COLUMNS);
    // As TAKE_INBOX, pushed messages too: they become read and keep delivered_via = 'push'.
    private static final String TAKE_UNREAD = """
            UPDATE messages SET read_at = ?,
                                delivered_via = CASE WHEN status = 'queued' THEN 'poll' ELSE delivered_via END,
                                delivered_at = CASE WHEN status = 'queued' THEN ? ELSE delivered_at END,
                                status = 'read'
            WHERE seq IN (
                SELECT m.seq FROM messages m
                WHERE m.to_id = ? AND m.status IN ('queued', 'pushed')
                  AND NOT EXISTS (SELECT 1 FROM messages p
                                  WHERE p.to_id = m.to_id AND p.status = 'pushing' AND p.seq < m.seq)
                ORDER BY m.seq LIMIT ?)
              AND status IN ('queued', 'pushed')
            RETURNING %s""".formatted(MESSAGE_COLUMNS);
    // Only this hub's claims: another hub sharing the database may be pushing its own right now.
    private static final String RELEASE_ALL_PUSHES = "UPDATE messages SET status = 'queued', redelivered = 1, "
            + "claimed_at = NULL, claimed_by = NULL WHERE status = 'pushing' AND (claimed_by = ? OR claimed_by IS NULL)";
    // Whoever claimed these is not going to settle them (its store writes failed, or it went away): the push may
    // have been shown, so they come back marked redelivered. NULL claimed_at: claimed before V10 recorded it.
    private static final String RELEASE_STALE_PUSHES = """
            UPDATE messages SET status = 'queued', redelivered = 1, claimed_at = NULL, claimed_by = NULL
            WHERE status = 'pushing' AND (claimed_at IS NULL OR claimed_at < ?)
            RETURNING %s""".formatted(MESSAGE_COLUMNS);

    private static final String FIND_IDEMPOTENT =
            "SELECT response FROM idempotency WHERE sender_id = ? AND key = ? AND created_at >= ?";
    private static final String DELETE_IDEMPOTENT = "DELETE FROM idempotency WHERE sender_id = ? AND key = ?";
    private static final String INSERT_IDEMPOTENT =
            "INSERT INTO idempotency (sender_id, key, response, created_at) VALUES (?, ?, ?, ?)";

    private static final String PRUNE_IDEMPOTENT = "DELETE FROM idempotency WHERE created_at < ?";

    private static final String AGENT_SESSION =
            "SELECT pane_id, session_id, state, updated_at FROM agent_states WHERE pane_id = ?";
    private static final String AGENT_STATES = "SELECT pane_id, state FROM agent_states";
    // Guarded by the pane's state in the same statement, as a channel registration is.
    private static final String PUT_AGENT_SESSION = """
            INSERT INTO agent_states (pane_id, session_id, state, updated_at)
            SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM panes WHERE id = ? AND status = 'live')
            ON CONFLICT (pane_id) DO UPDATE
            SET session_id = excluded.session_id, state = excluded.state, updated_at = excluded.updated_at""";
    private static final String DELETE_AGENT_SESSION = "DELETE FROM agent_states WHERE pane_id = ?";
    private static final String APPROVAL_COLUMNS = """
            id, pane_id, pane_name, tool_name, input_preview, description, request_id, hooked, status, created_at,
            answered_at, behavior, answered_by_id, answered_by, relay_state""";
    private static final String INSERT_APPROVAL = """
            INSERT INTO approvals (id, pane_id, pane_name, tool_name, input_preview, description, request_id, hooked,
                                   status, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)""";
    private static final String APPROVAL_BY_ID = "SELECT " + APPROVAL_COLUMNS + " FROM approvals WHERE id = ?";
    private static final String ALL_APPROVALS = "SELECT " + APPROVAL_COLUMNS + " FROM approvals ORDER BY created_at, id";
    private static final String APPROVALS_IN =
            "SELECT " + APPROVAL_COLUMNS + " FROM approvals WHERE status = ? ORDER BY created_at, id";
    private static final String CLOSE_PENDING_APPROVALS = "UPDATE approvals SET status = ?, answered_at = ? "
            + "WHERE pane_id = ? AND status = 'pending' RETURNING " + APPROVAL_COLUMNS;
    // The hook's half of a prompt the relay told of first: newest first, one prompt at a time per session.
    private static final String RELAYED_AWAITING_HOOK = """
            SELECT %s FROM approvals
            WHERE pane_id = ? AND status = 'pending' AND hooked = 0 AND tool_name = ? AND created_at >= ?
            ORDER BY created_at DESC, id DESC LIMIT 1""".formatted(APPROVAL_COLUMNS);
    private static final String MARK_HOOKED = "UPDATE approvals SET hooked = 1 WHERE id = ? RETURNING "
            + APPROVAL_COLUMNS;
    private static final String SAME_RELAYED_REQUEST = """
            SELECT %s FROM approvals
            WHERE pane_id = ? AND request_id = ? AND (status = 'pending' OR created_at >= ?)
            ORDER BY created_at DESC, id DESC LIMIT 1""".formatted(APPROVAL_COLUMNS);
    private static final String HOOKED_AWAITING_RELAY = """
            SELECT %s FROM approvals
            WHERE pane_id = ? AND status = 'pending' AND request_id IS NULL AND tool_name = ? AND created_at >= ?
            ORDER BY created_at DESC, id DESC LIMIT 1""".formatted(APPROVAL_COLUMNS);
    private static final String MARK_RELAYED = """
            UPDATE approvals SET request_id = ?, description = ?
            WHERE id = ? AND request_id IS NULL RETURNING %s""".formatted(APPROVAL_COLUMNS);
    // Guarded by its state: of two answers racing, exactly one finds it pending.
    private static final String ANSWER_APPROVAL = """
            UPDATE approvals SET status = 'answered', behavior = ?, answered_by_id = ?, answered_by = ?,
                                 answered_at = ?, relay_state = 'sending'
            WHERE id = ? AND status = 'pending' AND request_id IS NOT NULL
            RETURNING %s""".formatted(APPROVAL_COLUMNS);
    private static final String SET_RELAY_STATE = "UPDATE approvals SET relay_state = ? WHERE id = ? "
            + "AND status = 'answered' RETURNING " + APPROVAL_COLUMNS;
    private static final String BEING_RELAYED = "SELECT " + APPROVAL_COLUMNS
            + " FROM approvals WHERE relay_state = 'sending' ORDER BY answered_at, id";
    private static final String LEAD_OF = "SELECT lead_id FROM panes WHERE id = ?";
    private static final String SET_LEAD = "UPDATE panes SET lead_id = ? WHERE id = ? AND status = 'live'";
    private static final String LEADS = "SELECT id, lead_id FROM panes WHERE lead_id IS NOT NULL";
    private static final String PANES_LED_BY = "SELECT id FROM panes WHERE lead_id = ? ORDER BY created_at, id";
    private static final String DELETE_CHANNEL_OF_PANE = "DELETE FROM channels WHERE pane_id = ?";
    // Guarded by the pane's state in the same statement: a registration that races with the pane's stop never stays.
    private static final String INSERT_CHANNEL = """
            INSERT INTO channels (pane_id, port, secret, down, registered_at, not_seen, socket, hub_id)
            SELECT ?, ?, ?, 0, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM panes WHERE id = ? AND status = 'live')""";
    // This hub's registration only: a channel on another machine may have the same port number (DESIGN §6).
    private static final String DELETE_CHANNEL =
            "DELETE FROM channels WHERE pane_id = ? AND port = ? AND (hub_id = ? OR hub_id IS NULL)";
    // Written by the hub the channel registered with, which alone holds its lease (V110).
    private static final String SET_CHANNEL_QUIET = "UPDATE channels SET quiet = ? WHERE pane_id = ? AND quiet <> ? "
            + "AND (hub_id = ? OR hub_id IS NULL)";
    // Only a seen receipt lifts a not_seen mark: a push that merely succeeds leaves it down. A delivery through
    // Claude Code's messaging socket that succeeds does lift down (not not_seen): messages reach the agent again.
    private static final String SET_CHANNEL_DOWN =
            "UPDATE channels SET down = ? WHERE pane_id = ? AND port = ? AND secret = ?"
            + " AND (? = 1 OR not_seen = 0 OR socket = 1)";
    private static final String EXPIRE_CHANNEL = "DELETE FROM channels WHERE pane_id = ? AND port = ? AND secret = ?";
    private static final String CHANNEL_COLUMNS = "pane_id, port, secret, down, registered_at, not_seen, socket";
    private static final String CHANNEL_OF_PANE = "SELECT " + CHANNEL_COLUMNS + " FROM channels WHERE pane_id = ?";
    private static final String ALL_CHANNELS = "SELECT " + CHANNEL_COLUMNS + " FROM channels";

    // ---- hubs sharing the database (DESIGN §6)
    private static final String MOVE_PANE_TO_HUB = "UPDATE panes SET hub_id = ? WHERE id = ?";
    private static final String HEARTBEAT = """
            INSERT INTO hubs (id, heartbeat_at) VALUES (?, ?)
            ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at""";
    private static final String PANES_OF_SILENT_HUBS = """
            SELECT p.id FROM panes p JOIN hubs h ON h.id = p.hub_id
            WHERE p.status = 'live' AND h.heartbeat_at < ? AND h.id <> ?""";
    private static final String PANES_WITH_REMOTE_CHANNELS =
            "SELECT pane_id FROM channels WHERE hub_id IS NOT NULL AND hub_id <> ?";
    private static final String QUIET_CHANNELS = "SELECT pane_id FROM channels WHERE quiet = 1";
    private static final String LOCAL_CHANNELS =
            "SELECT " + CHANNEL_COLUMNS + " FROM channels WHERE hub_id = ? OR hub_id IS NULL";

    /** The hub id of a store that is the only one on its database (tests, tools). */
    public static final String LONE_HUB = "local";

    private final Database db;
    /** The hub this store works for: its panes, registrations and claims are marked with it. */
    private final String hubId;
    /**
     * Set by every write that stores a message, where the full-text index is kept in batches: so an idle hub's
     * {@link #indexText} writes nothing. Set inside the write, on the one writer connection, so the write that clears
     * it and then indexes runs after that message's, and sees it. True at start: a crash may have left some behind.
     */
    private final AtomicBoolean textUnindexed = new AtomicBoolean(true);

    public JdbcStore(Database db) {
        this(db, LONE_HUB);
    }

    public JdbcStore(Database db, String hubId) {
        this.db = db;
        this.hubId = hubId;
    }

    // ---- panes

    @Override
    public Pane createPane(NewPane p) {
        return db.write(c -> {
            if (!queryPanes(c, LIVE_PANES_NAMED, Names.key(p.name())).isEmpty()) {
                throw new NameTakenException(p.name());
            }
            try (PreparedStatement s = c.prepareStatement(INSERT_PANE)) {
                s.setString(1, p.id());
                s.setString(2, p.name());
                s.setString(3, Names.key(p.name()));
                s.setString(4, p.kind().wire());
                s.setString(5, p.tokenHash());
                s.setString(6, p.createdAt());
                s.setString(7, hubId);
                s.executeUpdate();
            } catch (SQLException e) {
                if (db.isUniqueViolation(e)) {
                    throw new NameTakenException(p.name());
                }
                throw e;
            }
            return new Pane(p.id(), p.name(), p.kind(), PaneStatus.LIVE, p.createdAt());
        });
    }

    @Override
    public Optional<Pane> pane(String id) {
        return db.read(c -> queryPanes(c, PANE_BY_ID, id).stream().findFirst());
    }

    @Override
    public Optional<Pane> livePaneByTokenHash(String tokenHash) {
        return db.read(c -> queryPanes(c, LIVE_PANE_BY_TOKEN, tokenHash).stream().findFirst());
    }

    @Override
    public List<Pane> panes() {
        return db.read(c -> queryPanes(c, ALL_PANES));
    }

    @Override
    public List<Pane> livePanesNamed(String name) {
        return db.read(c -> queryPanes(c, LIVE_PANES_NAMED, Names.key(name)));
    }

    @Override
    public boolean stopPane(String id) {
        return db.write(c -> {
            update(c, DELETE_CHANNEL_OF_PANE, id);
            return update(c, STOP_PANE, id) == 1;
        });
    }

    @Override
    public boolean deletePane(String id) {
        return db.write(c -> {
            update(c, DELETE_CHANNEL_OF_PANE, id);
            update(c, DELETE_AGENT_SESSION, id);
            return update(c, DELETE_PANE, id, id, id) == 1;
        });
    }

    @Override
    public void recordProcess(String id, PaneProcess process) {
        db.write(c -> update(c, RECORD_PROCESS, process.pid(), process.cwd(), process.size().cols(),
                process.size().rows(), id));
    }

    @Override
    public void resizePane(String id, TerminalSize size) {
        db.write(c -> update(c, RESIZE_PANE, size.cols(), size.rows(), id));
    }

    @Override
    public boolean markExited(String id, int exitCode) {
        return db.write(c -> {
            update(c, SET_EXIT_CODE, exitCode, id);
            // Its channel died with it: nothing to push to, here or after a restart.
            update(c, DELETE_CHANNEL_OF_PANE, id);
            return update(c, MARK_EXITED, id) == 1;
        });
    }

    @Override
    public int exitOrphanedPanes() {
        return db.write(c -> update(c, EXIT_ORPHANED_PANES, hubId));
    }

    @Override
    public Map<String, Long> unreadCounts() {
        return db.read(c -> {
            Map<String, Long> counts = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement(UNREAD_COUNTS); ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
            }
            return counts;
        });
    }

    // ---- messages

    @Override
    public SendResult send(SendBatch batch) {
        return db.write(c -> {
            db.lockRecipients(c, batch.messages().stream().map(Message::toId).toList());
            if (batch.idempotencyKey() != null) {
                Optional<String> earlier = findIdempotent(c, batch);
                if (earlier.isPresent()) {
                    return new SendResult.Replayed(earlier.get());
                }
                update(c, DELETE_IDEMPOTENT, batch.senderId(), batch.idempotencyKey());
                update(c, INSERT_IDEMPOTENT, batch.senderId(), batch.idempotencyKey(), batch.response(),
                        batch.messages().getFirst().createdAt());
            }
            Map<String, HandOff> handOffs = handOffs(c, batch.claimPushFor());
            List<Message> stored = new ArrayList<>(batch.messages().size());
            List<Message> claimed = new ArrayList<>();
            insertAll(c, batch.messages(), handOffs, stored, claimed);
            List<Message> read = batch.readOnReply() == null ? List.of() : queryMessages(c, MARK_READ_ON_REPLY,
                    batch.messages().getFirst().createdAt(), batch.readOnReply(), batch.senderId());
            claimed.addAll(claimPushes(c, handOffs));
            return new SendResult.Stored(stored, claimed, read.stream().findFirst());
        });
    }

    @Override
    public Optional<String> idempotentResponse(String senderId, String key, String since) {
        return db.read(c -> findIdempotent(c, senderId, key, since));
    }

    @Override
    public int pruneIdempotency(String before) {
        return db.write(c -> update(c, PRUNE_IDEMPOTENT, before) + RoomTables.pruneKeys(c, before));
    }

    private static Optional<String> findIdempotent(Connection c, SendBatch batch) throws SQLException {
        return findIdempotent(c, batch.senderId(), batch.idempotencyKey(), batch.idempotencySince());
    }

    private static Optional<String> findIdempotent(Connection c, String senderId, String key, String since)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(FIND_IDEMPOTENT)) {
            s.setString(1, senderId);
            s.setString(2, key);
            s.setString(3, since);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * How a send (or a room's notices) hands an idle lane its next push, in the sender's transaction. The claim's
     * rules stay CLAIM_PUSHES's: one push in flight per pane, the oldest queued first, one probe at a time on a
     * registration whose pushes went unseen, none while another hub holds the registration.
     */
    private enum HandOff {
        /** Nothing queued or in flight, no probe rule, no other hub: the new messages go in claimed (up to a batch). */
        STORE_CLAIMED,
        /** Older messages queued, or a probe rule to apply: CLAIM_PUSHES runs after the insert, as for a lane. */
        CLAIM_AFTER,
        /** A push in flight, or the registration is another hub's: CLAIM_PUSHES would claim nothing. */
        NONE
    }

    private Map<String, HandOff> handOffs(Connection c, Set<String> paneIds) throws SQLException {
        if (paneIds.isEmpty()) {
            return Map.of();
        }
        Map<String, HandOff> out = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(HAND_OFF_STATE)) {
            for (String paneId : paneIds) {
                bind(s, paneId, paneId, paneId, paneId, hubId);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    boolean inFlight = rs.getInt(1) == 1;
                    boolean queued = rs.getInt(2) == 1;
                    boolean probing = rs.getInt(3) == 1;
                    boolean elsewhere = rs.getInt(4) == 1;
                    out.put(paneId, inFlight || elsewhere ? HandOff.NONE
                            : queued || probing ? HandOff.CLAIM_AFTER : HandOff.STORE_CLAIMED);
                }
            }
        }
        return out;
    }

    /**
     * Inserts the messages in order, adding each as stored to {@code stored} (queued, as the sender is told) and, for a
     * lane that takes it at once, also to {@code claimed}: up to a batch per pane, as CLAIM_PUSHES would take.
     */
    private void insertAll(Connection c, List<Message> messages, Map<String, HandOff> handOffs, List<Message> stored,
                           List<Message> claimed) throws SQLException {
        String now = Timestamps.now();
        Map<String, Integer> claimedPerPane = new HashMap<>();
        textUnindexed.set(true);
        for (Message m : messages) {
            boolean claim = handOffs.get(m.toId()) == HandOff.STORE_CLAIMED
                    && claimedPerPane.merge(m.toId(), 1, Integer::sum) <= PUSH_BATCH;
            Message row = insert(c, m, claim ? now : null);
            stored.add(row);
            if (claim) {
                claimed.add(row.withStatus(MessageStatus.PUSHING));
            }
        }
    }

    /** The claims that must run after the insert: each pane's oldest queued messages, as a lane would claim them. */
    private List<Message> claimPushes(Connection c, Map<String, HandOff> handOffs) throws SQLException {
        List<Message> claimed = new ArrayList<>();
        for (Map.Entry<String, HandOff> e : handOffs.entrySet()) {
            if (e.getValue() == HandOff.CLAIM_AFTER) {
                claimed.addAll(claimPushes(c, e.getKey(), PUSH_BATCH));
            }
        }
        return claimed;
    }

    /** @param claimedAt when the message is stored already claimed for its lane; null: stored queued */
    private Message insert(Connection c, Message m, String claimedAt) throws SQLException {
        boolean claim = claimedAt != null;
        try (PreparedStatement s = c.prepareStatement(INSERT_MESSAGE)) {
            bind(s, m.id(), m.fromId(), m.fromName(), m.toId(), m.toName(), m.subject(), m.text(), m.threadId(),
                    m.inReplyTo(), m.createdAt(), claim ? "pushing" : "queued", claim ? 1 : 0, claimedAt,
                    claim ? hubId : null, m.roomId(), m.roomName());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                long seq = rs.getLong(1);
                return new Message(m.id(), seq, m.fromId(), m.fromName(), m.toId(), m.toName(), m.subject(),
                        m.text(), m.threadId(), m.inReplyTo(), m.createdAt(), MessageStatus.QUEUED, null, null,
                        null, null, false, m.roomId(), m.roomName());
            }
        }
    }

    @Override
    public Optional<Message> message(String id) {
        return db.read(c -> queryMessages(c, MESSAGE_BY_ID, id).stream().findFirst());
    }

    @Override
    public List<Message> thread(String threadId) {
        return db.read(c -> queryMessages(c, THREAD, threadId));
    }

    @Override
    public List<Message> recentMessages(int limit) {
        return db.read(c -> queryMessages(c, RECENT_MESSAGES, limit));
    }

    @Override
    public List<Message> peekInbox(String paneId, int limit) {
        return db.read(c -> queryMessages(c, PEEK_INBOX, paneId, limit));
    }

    @Override
    public List<Message> takeInbox(String paneId, int limit) {
        String now = Timestamps.now();
        List<Message> taken = db.write(c -> queryMessages(c, TAKE_INBOX, now, now, paneId, limit));
        List<Message> ordered = new ArrayList<>(taken);
        ordered.sort(Comparator.comparingLong(Message::seq)); // RETURNING promises no order
        return ordered;
    }

    @Override
    public List<Message> peekUnread(String paneId, int limit) {
        return db.read(c -> queryMessages(c, PEEK_UNREAD, paneId, limit));
    }

    @Override
    public List<Message> takeUnread(String paneId, int limit) {
        String now = Timestamps.now();
        List<Message> taken = new ArrayList<>(db.write(c -> queryMessages(c, TAKE_UNREAD, now, now, paneId, limit)));
        taken.sort(Comparator.comparingLong(Message::seq)); // RETURNING promises no order
        return taken;
    }

    @Override
    public SeenResult markSeen(String paneId, List<String> messageIds, String at) {
        return db.write(c -> {
            List<Message> seen = new ArrayList<>();
            for (String id : messageIds) {
                seen.addAll(queryMessages(c, MARK_SEEN, at, id, paneId));
            }
            // Only a seen push proves notifications reach the agent: a message seen through the socket keeps the
            // pane on the socket.
            boolean pushSeen = seen.stream().anyMatch(m -> m.deliveredVia() == DeliveredVia.PUSH);
            boolean restored = pushSeen && update(c, RESTORE_PUSH, paneId) == 1;
            return new SeenResult(seen, restored);
        });
    }

    @Override
    public List<Message> requeueUnseen(String before) {
        boolean any = db.read(c -> {
            try (PreparedStatement s = c.prepareStatement(ANY_UNSEEN)) {
                bind(s, before, before);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next();
                }
            }
        });
        if (!any) {
            return List.of();
        }
        return db.write(c -> {
            update(c, SOCKET_UNSEEN, before, before);
            List<Message> requeued = new ArrayList<>(queryMessages(c, REQUEUE_UNSEEN, before, before));
            requeued.sort(Comparator.comparingLong(Message::seq));
            for (String paneId : requeued.stream().map(Message::toId).distinct().toList()) {
                update(c, MARK_NOT_SEEN, paneId);
            }
            return requeued;
        });
    }

    @Override
    public Optional<Message> markRead(String messageId, String recipientId) {
        return db.write(c -> queryMessages(c, MARK_READ, Timestamps.now(), messageId, recipientId)
                .stream().findFirst());
    }

    @Override
    public List<Message> claimPushes(String paneId, int max) {
        return db.write(c -> claimPushes(c, paneId, max));
    }

    private List<Message> claimPushes(Connection c, String paneId, int max) throws SQLException {
        List<Message> claimed = queryMessages(c, CLAIM_PUSHES, Timestamps.now(), hubId, paneId, max, paneId, paneId,
                paneId, paneId, paneId, hubId);
        if (claimed.size() > 1) {
            claimed.sort(Comparator.comparingLong(Message::seq)); // RETURNING promises no order
        }
        return claimed;
    }

    @Override
    public boolean markPushed(String messageId, DeliveredVia via) {
        // Lazily (no fsync of its own, BENCHMARKS.md: push path): lost only with the machine, the message is then still
        // `pushing`, and the restart returns it as `redelivered` (RELEASE_ALL_PUSHES), a copy the contract allows.
        return db.writeLazily(c -> update(c, MARK_PUSHED, via.wire(), Timestamps.now(), messageId) == 1);
    }

    @Override
    public List<String> markAllPushed(List<String> messageIds, DeliveredVia via) {
        // Lazily, as markPushed: the whole batch then stays `pushing` and comes back `redelivered` after a power cut.
        String now = Timestamps.now();
        return db.writeLazily(c -> updateEach(c, MARK_PUSHED, messageIds, id -> new Object[] {via.wire(), now, id}));
    }

    @Override
    public List<String> releasePushes(List<String> messageIds, boolean maybeSeen) {
        return db.write(c -> updateEach(c, RELEASE_PUSH, messageIds, id -> new Object[] {maybeSeen ? 1 : 0, id}));
    }

    /** Runs one statement per id in the caller's transaction; the ids whose row it changed, in the given order. */
    private static List<String> updateEach(Connection c, String sql, List<String> ids,
                                           java.util.function.Function<String, Object[]> args) throws SQLException {
        List<String> changed = new ArrayList<>(ids.size());
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (String id : ids) {
                bind(s, args.apply(id));
                if (s.executeUpdate() == 1) {
                    changed.add(id);
                }
            }
        }
        return changed;
    }

    @Override
    public boolean releasePush(String messageId, boolean maybeSeen) {
        return db.write(c -> update(c, RELEASE_PUSH, maybeSeen ? 1 : 0, messageId) == 1);
    }

    @Override
    public int releaseAllPushes() {
        return db.write(c -> update(c, RELEASE_ALL_PUSHES, hubId));
    }

    @Override
    public List<Message> releaseStalePushes(String claimedBefore) {
        return db.write(c -> queryMessages(c, RELEASE_STALE_PUSHES, claimedBefore));
    }

    // ---- search (DESIGN §6): the match itself is the database's (FTS5 or tsvector), the rest is shared

    @Override
    public List<Message> search(SearchTerms terms, Optional<String> partyId, int limit) {
        if (terms.isEmpty()) {
            return List.of();
        }
        try {
            indexText(); // what was stored since the last batch, so the search finds every message stored before it
        } catch (StoreUnavailableException e) {
            // The database takes no writes now (locked, read-only, full): what is indexed can still be searched, and
            // sends fail meanwhile, so at most the last batch's messages are missing from the answer.
            LOG.warn("search: cannot index the newest messages first, they may be missing: {}", e.getMessage());
        }
        String sql = "SELECT " + MESSAGE_COLUMNS + " FROM messages m WHERE " + db.textMatchCondition()
                + (partyId.isPresent() ? " AND (m.to_id = ? OR m.from_id = ?)" : "") + " ORDER BY m.seq DESC LIMIT ?";
        String match = db.textMatchParameter(terms.words());
        return db.read(c -> partyId.isPresent()
                ? queryMessages(c, sql, match, partyId.get(), partyId.get(), limit)
                : queryMessages(c, sql, match, limit));
    }

    @Override
    public void indexText() {
        if (!db.indexesTextInBatches() || !textUnindexed.getAndSet(false)) {
            return;
        }
        try {
            // Lazily: a batch lost with the machine is indexed again from its mark, which is lost with it. One write
            // per batch, so sends queued meanwhile commit between them.
            boolean more = true;
            while (more) {
                more = db.writeLazily(db::indexText);
            }
        } catch (RuntimeException e) {
            textUnindexed.set(true);
            throw e;
        }
    }

    // ---- agent states

    @Override
    public Optional<AgentSession> agentSession(String paneId) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement(AGENT_SESSION)) {
                bind(s, paneId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(new AgentSession(rs.getString("pane_id"),
                            rs.getString("session_id"), AgentState.fromWire(rs.getString("state")),
                            rs.getString("updated_at"))) : Optional.<AgentSession>empty();
                }
            }
        });
    }

    @Override
    public Map<String, AgentState> agentStates() {
        return db.read(c -> {
            Map<String, AgentState> states = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement(AGENT_STATES); ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    states.put(rs.getString(1), AgentState.fromWire(rs.getString(2)));
                }
            }
            return states;
        });
    }

    @Override
    public boolean putAgentSession(AgentSession a) {
        return db.write(c -> update(c, PUT_AGENT_SESSION, a.paneId(), a.sessionId(), a.state().wire(), a.updatedAt(),
                a.paneId()) == 1);
    }

    // ---- approvals

    @Override
    public ApprovalRecorded addHookApproval(Approval a, String mergeSince) {
        return db.write(c -> {
            Optional<Approval> relayed = queryApprovals(c, RELAYED_AWAITING_HOOK, a.paneId(), a.request().toolName(),
                    mergeSince).stream().findFirst();
            if (relayed.isPresent()) {
                return new ApprovalRecorded(queryApprovals(c, MARK_HOOKED, relayed.get().id()).getFirst(), true);
            }
            insertApproval(c, a, true);
            return new ApprovalRecorded(a, true);
        });
    }

    @Override
    public ApprovalRecorded addRelayedApproval(RelayedRequest r) {
        String requestId = r.request().requestId().orElseThrow();
        return db.write(c -> {
            Optional<Approval> same = queryApprovals(c, SAME_RELAYED_REQUEST, r.paneId(), requestId,
                    r.duplicateSince()).stream().findFirst();
            if (same.isPresent()) {
                return new ApprovalRecorded(same.get(), false);
            }
            Optional<Approval> hooked = queryApprovals(c, HOOKED_AWAITING_RELAY, r.paneId(), r.request().toolName(),
                    r.mergeSince()).stream().findFirst();
            if (hooked.isPresent()) {
                return new ApprovalRecorded(queryApprovals(c, MARK_RELAYED, requestId,
                        r.request().description().orElse(null), hooked.get().id()).getFirst(), true);
            }
            Approval a = new Approval(r.newId(), r.paneId(), r.paneName(), r.request(), ApprovalStatus.PENDING,
                    r.at(), ApprovalAnswer.NONE);
            insertApproval(c, a, false);
            return new ApprovalRecorded(a, true);
        });
    }

    private static void insertApproval(Connection c, Approval a, boolean hooked) throws SQLException {
        update(c, INSERT_APPROVAL, a.id(), a.paneId(), a.paneName(), a.request().toolName(),
                a.request().inputPreview(), a.request().description().orElse(null),
                a.request().requestId().orElse(null), hooked ? 1 : 0, a.createdAt());
    }

    @Override
    public Optional<Approval> approval(String id) {
        return db.read(c -> queryApprovals(c, APPROVAL_BY_ID, id).stream().findFirst());
    }

    @Override
    public Optional<Approval> answerApproval(ApprovalAnswered a) {
        return db.write(c -> queryApprovals(c, ANSWER_APPROVAL, a.behavior().wire(), a.byId(), a.byName(), a.at(),
                a.approvalId()).stream().findFirst());
    }

    @Override
    public Optional<Approval> setRelayState(String approvalId, RelayState state) {
        return db.write(c -> queryApprovals(c, SET_RELAY_STATE, state.wire(), approvalId).stream().findFirst());
    }

    @Override
    public List<Approval> approvalsBeingRelayed() {
        return db.read(c -> queryApprovals(c, BEING_RELAYED));
    }

    @Override
    public List<Approval> approvals(Optional<ApprovalStatus> status) {
        return db.read(c -> status.isPresent() ? queryApprovals(c, APPROVALS_IN, status.get().wire())
                : queryApprovals(c, ALL_APPROVALS));
    }

    @Override
    public List<Approval> closePendingApprovals(String paneId, ApprovalStatus status, String at) {
        return db.write(c -> queryApprovals(c, CLOSE_PENDING_APPROVALS, status.wire(), at, paneId));
    }

    private static List<Approval> queryApprovals(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            try (ResultSet rs = s.executeQuery()) {
                List<Approval> out = new ArrayList<>();
                while (rs.next()) {
                    ToolRequest request = new ToolRequest(rs.getString("tool_name"), rs.getString("input_preview"),
                            Optional.ofNullable(rs.getString("description")),
                            Optional.ofNullable(rs.getString("request_id")));
                    ApprovalAnswer answer = new ApprovalAnswer(Optional.ofNullable(rs.getString("answered_at")),
                            Optional.ofNullable(rs.getString("behavior")).map(ApprovalBehavior::fromWire),
                            Optional.ofNullable(rs.getString("answered_by_id")),
                            Optional.ofNullable(rs.getString("answered_by")),
                            Optional.ofNullable(rs.getString("relay_state")).map(RelayState::fromWire));
                    out.add(new Approval(rs.getString("id"), rs.getString("pane_id"), rs.getString("pane_name"),
                            request, ApprovalStatus.fromWire(rs.getString("status")), rs.getString("created_at"),
                            answer));
                }
                return out;
            }
        }
    }

    // ---- leads

    @Override
    public Optional<String> leadOf(String paneId) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement(LEAD_OF)) {
                bind(s, paneId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    @Override
    public boolean setLead(String paneId, Optional<String> leadId) {
        return db.write(c -> update(c, SET_LEAD, leadId.orElse(null), paneId) == 1);
    }

    @Override
    public Map<String, String> leads() {
        return db.read(c -> {
            Map<String, String> leads = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement(LEADS); ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    leads.put(rs.getString(1), rs.getString(2));
                }
            }
            return leads;
        });
    }

    @Override
    public List<String> panesLedBy(String leadId) {
        return db.read(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(PANES_LED_BY)) {
                bind(s, leadId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            return ids;
        });
    }

    // ---- rooms

    @Override
    public RoomWritten createRoom(NewRoom r) {
        return db.write(c -> {
            if (RoomTables.openRoomNamed(c, r.room().name())) {
                throw new RoomNameTakenException(r.room().name());
            }
            try {
                RoomTables.insert(c, r.room());
            } catch (SQLException e) {
                if (db.isUniqueViolation(e)) {
                    throw new RoomNameTakenException(r.room().name());
                }
                throw e;
            }
            return new RoomWritten(r.room(), storeMessages(c, r.notices(), r.claimPushFor()));
        });
    }

    @Override
    public Optional<Room> room(String id) {
        return db.read(c -> RoomTables.byId(c, id));
    }

    @Override
    public Optional<Room> roomNamed(String name) {
        return db.read(c -> RoomTables.named(c, name));
    }

    @Override
    public List<Room> rooms() {
        return db.read(RoomTables::all);
    }

    @Override
    public List<RoomPost> roomPosts(String roomId) {
        return db.read(c -> RoomTables.posts(c, roomId));
    }

    @Override
    public Optional<String> roomPostAnswer(String senderId, String key, String since) {
        return db.read(c -> RoomTables.postAnswer(c, senderId, key, since));
    }

    @Override
    public Optional<RoomWritten> changeRoom(RoomChange change) {
        return db.write(c -> {
            if (!RoomTables.change(c, change)) {
                return Optional.<RoomWritten>empty();
            }
            Room room = RoomTables.byId(c, change.roomId()).orElseThrow();
            return Optional.of(new RoomWritten(room, storeMessages(c, change.messages(), change.claimPushFor())));
        });
    }

    /** Inserts messages and claims the next push of the given idle lanes, in the caller's transaction. */
    private SendResult.Stored storeMessages(Connection c, List<Message> messages, Set<String> claimPushFor)
            throws SQLException {
        Map<String, HandOff> handOffs = handOffs(c, claimPushFor);
        List<Message> stored = new ArrayList<>(messages.size());
        List<Message> claimed = new ArrayList<>();
        insertAll(c, messages, handOffs, stored, claimed);
        claimed.addAll(claimPushes(c, handOffs));
        return new SendResult.Stored(stored, claimed, Optional.empty());
    }

    // ---- channels

    @Override
    public boolean putChannel(ChannelRegistration r) {
        return db.write(c -> {
            update(c, DELETE_CHANNEL_OF_PANE, r.paneId());
            boolean kept = update(c, INSERT_CHANNEL, r.paneId(), r.port(), r.secret(), r.registeredAt(),
                    r.notSeen() ? 1 : 0, r.socket() ? 1 : 0, hubId, r.paneId()) == 1;
            if (kept) {
                update(c, MOVE_PANE_TO_HUB, hubId, r.paneId()); // the pane lives where its channel is
            }
            return kept;
        });
    }

    @Override
    public boolean removeChannel(String paneId, int port) {
        return db.write(c -> update(c, DELETE_CHANNEL, paneId, port, hubId) == 1);
    }

    @Override
    public boolean setChannelDown(ChannelRegistration r, boolean down) {
        return db.write(c -> update(c, SET_CHANNEL_DOWN, down ? 1 : 0, r.paneId(), r.port(), r.secret(),
                down ? 1 : 0) == 1);
    }

    @Override
    public boolean expireChannel(ChannelRegistration r) {
        return db.write(c -> update(c, EXPIRE_CHANNEL, r.paneId(), r.port(), r.secret()) == 1);
    }

    @Override
    public Optional<ChannelRegistration> channel(String paneId) {
        return db.read(c -> queryChannels(c, CHANNEL_OF_PANE, paneId).stream().findFirst());
    }

    @Override
    public List<ChannelRegistration> channels() {
        return db.read(c -> queryChannels(c, ALL_CHANNELS));
    }

    // ---- hubs sharing the database

    @Override
    public void heartbeat(String at) {
        db.write(c -> update(c, HEARTBEAT, hubId, at));
    }

    @Override
    public Set<String> panesOfSilentHubs(String silentSince) {
        return db.read(c -> ids(c, PANES_OF_SILENT_HUBS, silentSince, hubId)); // this hub, running, is not silent
    }

    @Override
    public Set<String> panesWithRemoteChannels() {
        return db.read(c -> ids(c, PANES_WITH_REMOTE_CHANNELS, hubId));
    }

    @Override
    public boolean setChannelQuiet(String paneId, boolean quiet) {
        return db.write(c -> update(c, SET_CHANNEL_QUIET, quiet ? 1 : 0, paneId, quiet ? 1 : 0, hubId) == 1);
    }

    @Override
    public Set<String> quietChannels() {
        return db.read(c -> ids(c, QUIET_CHANNELS));
    }

    @Override
    public List<ChannelRegistration> localChannels() {
        return db.read(c -> queryChannels(c, LOCAL_CHANNELS, hubId));
    }

    @Override
    public AutoCloseable onQueued(java.util.function.Consumer<String> paneId) {
        return db.onQueued(paneId);
    }

    private static Set<String> ids(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            try (ResultSet rs = s.executeQuery()) {
                Set<String> out = new java.util.HashSet<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        }
    }

    @Override
    public void close() {
        db.close();
    }

    // ---- plumbing

    private static void bind(PreparedStatement s, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            s.setObject(i + 1, args[i]);
        }
    }

    private static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            return s.executeUpdate();
        }
    }

    private static List<Pane> queryPanes(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            try (ResultSet rs = s.executeQuery()) {
                List<Pane> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Pane(rs.getString("id"), rs.getString("name"),
                            PaneKind.fromWire(rs.getString("kind")), PaneStatus.fromWire(rs.getString("status")),
                            rs.getString("created_at"), process(rs)));
                }
                return out;
            }
        }
    }

    private static Optional<PaneProcess> process(ResultSet rs) throws SQLException {
        long pid = rs.getLong("pid");
        if (rs.wasNull()) {
            return Optional.empty();
        }
        int exit = rs.getInt("exit_code");
        OptionalInt exitCode = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(exit);
        return Optional.of(new PaneProcess(pid, rs.getString("cwd"),
                new TerminalSize(rs.getInt("cols"), rs.getInt("rows")), exitCode));
    }

    private static List<Message> queryMessages(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            try (ResultSet rs = s.executeQuery()) {
                List<Message> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Message(rs.getString("id"), rs.getLong("seq"), rs.getString("from_id"),
                            rs.getString("from_name"), rs.getString("to_id"), rs.getString("to_name"),
                            rs.getString("subject"), rs.getString("text"), rs.getString("thread_id"),
                            rs.getString("in_reply_to"), rs.getString("created_at"),
                            MessageStatus.fromWire(rs.getString("status")),
                            DeliveredVia.fromWire(rs.getString("delivered_via")), rs.getString("delivered_at"),
                            rs.getString("seen_at"), rs.getString("read_at"), rs.getInt("redelivered") == 1,
                            rs.getString("room_id"), rs.getString("room_name")));
                }
                return out;
            }
        }
    }

    private static List<ChannelRegistration> queryChannels(Connection c, String sql, Object... args)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            try (ResultSet rs = s.executeQuery()) {
                List<ChannelRegistration> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new ChannelRegistration(rs.getString("pane_id"), rs.getInt("port"),
                            rs.getString("secret"), rs.getInt("down") == 1, rs.getString("registered_at"),
                            rs.getInt("not_seen") == 1, rs.getInt("socket") == 1));
                }
                return out;
            }
        }
    }
}
