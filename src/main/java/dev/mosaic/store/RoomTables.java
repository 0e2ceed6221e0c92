package dev.mosaic.store;

import dev.mosaic.model.Names;
import dev.mosaic.model.Party;
import dev.mosaic.model.Room;
import dev.mosaic.model.RoomPolicy;
import dev.mosaic.model.RoomPost;
import dev.mosaic.model.RoomState;
import dev.mosaic.model.RoomStatus;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL of rooms, their members and transcripts (portable: SQLite and PostgreSQL alike), for {@link JdbcStore}. */
final class RoomTables {
    private static final String ROOM_COLUMNS = """
            id, name, policy, moderator_id, moderator_name, max_turns, turns_used, turn_id, turn_name, status,
            thread_id, version, created_at, closed_at""";
    private static final String INSERT_ROOM = """
            INSERT INTO rooms (id, name, name_key, policy, moderator_id, moderator_name, max_turns, turns_used,
                               turn_id, turn_name, status, thread_id, version, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, 'open', ?, 0, ?)""";
    private static final String OPEN_ROOM_NAMED = "SELECT 1 FROM rooms WHERE name_key = ? AND status = 'open'";
    private static final String INSERT_MEMBER =
            "INSERT INTO room_members (room_id, position, pane_id, pane_name) VALUES (?, ?, ?, ?)";
    private static final String ROOM_BY_ID = "SELECT " + ROOM_COLUMNS + " FROM rooms WHERE id = ?";
    // The open room of that name, else the newest closed one: a finished debate still reads back by its name.
    private static final String ROOM_NAMED = """
            SELECT %s FROM rooms WHERE name_key = ?
            ORDER BY CASE WHEN status = 'open' THEN 0 ELSE 1 END, created_at DESC, id DESC
            LIMIT 1""".formatted(ROOM_COLUMNS);
    private static final String ALL_ROOMS = "SELECT " + ROOM_COLUMNS + " FROM rooms ORDER BY created_at, id";
    private static final String MEMBERS_OF =
            "SELECT room_id, pane_id, pane_name FROM room_members WHERE room_id = ? ORDER BY position";
    private static final String ALL_MEMBERS =
            "SELECT room_id, pane_id, pane_name FROM room_members ORDER BY room_id, position";
    // Guarded by the version the change was decided on: of two changes racing, the second writes nothing.
    private static final String CHANGE_ROOM = """
            UPDATE rooms SET status = ?, turns_used = ?, turn_id = ?, turn_name = ?, closed_at = ?, version = ?
            WHERE id = ? AND version = ?""";
    private static final String INSERT_POST = """
            INSERT INTO room_posts (room_id, turn, id, from_id, from_name, text, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)""";
    private static final String POST_ANSWER =
            "SELECT response FROM room_post_keys WHERE sender_id = ? AND key = ? AND created_at >= ?";
    private static final String DELETE_EXPIRED_KEY =
            "DELETE FROM room_post_keys WHERE sender_id = ? AND key = ? AND created_at < ?";
    // DO NOTHING: a post with this key stored meanwhile (PostgreSQL waits for it to commit) keeps its answer.
    private static final String INSERT_KEY = """
            INSERT INTO room_post_keys (sender_id, key, room_id, response, created_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (sender_id, key) DO NOTHING""";
    private static final String DELETE_KEY = "DELETE FROM room_post_keys WHERE sender_id = ? AND key = ?";
    private static final String PRUNE_KEYS = "DELETE FROM room_post_keys WHERE created_at < ?";
    private static final String POSTS_OF = """
            SELECT turn, id, from_id, from_name, text, created_at FROM room_posts WHERE room_id = ?
            ORDER BY turn""";

    private RoomTables() {
    }

    /** Whether an open room has that name (case-insensitively). */
    static boolean openRoomNamed(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(OPEN_ROOM_NAMED)) {
            s.setString(1, Names.key(name));
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    static void insert(Connection c, Room r) throws SQLException {
        Party turn = r.state().whoseTurn();
        update(c, INSERT_ROOM, r.id(), r.name(), Names.key(r.name()), r.policy().wire(), r.moderator().id(),
                r.moderator().name(), r.maxTurns(), turn == null ? null : turn.id(), turn == null ? null : turn.name(),
                r.threadId(), r.createdAt());
        for (int i = 0; i < r.members().size(); i++) {
            Party m = r.members().get(i);
            update(c, INSERT_MEMBER, r.id(), i, m.id(), m.name());
        }
    }

    /**
     * Writes the change's state over the version it was decided on, its post and the post's idempotency key; false,
     * with nothing written, when the room moved on or a post with that key was stored meanwhile (deciding again
     * finds its answer).
     */
    static boolean change(Connection c, RoomChange change) throws SQLException {
        RoomPostKey key = change.key();
        if (key != null) {
            update(c, DELETE_EXPIRED_KEY, key.senderId(), key.key(), key.since());
            if (update(c, INSERT_KEY, key.senderId(), key.key(), change.roomId(), key.response(),
                    change.post().orElseThrow().createdAt()) != 1) {
                return false;
            }
        }
        RoomState s = change.state();
        Party turn = s.whoseTurn();
        int changed = update(c, CHANGE_ROOM, s.status().wire(), s.turnsUsed(), turn == null ? null : turn.id(),
                turn == null ? null : turn.name(), s.closedAt(), s.version(), change.roomId(),
                change.expectedVersion());
        if (changed != 1) {
            if (key != null) {
                update(c, DELETE_KEY, key.senderId(), key.key()); // this post is not stored: neither is its key
            }
            return false;
        }
        if (change.post().isPresent()) {
            RoomPost p = change.post().get();
            update(c, INSERT_POST, change.roomId(), p.turn(), p.id(), p.fromId(), p.fromName(), p.text(),
                    p.createdAt());
        }
        return true;
    }

    /** The answer of the post stored with this key by this sender since {@code since}, if any. */
    static Optional<String> postAnswer(Connection c, String senderId, String key, String since) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(POST_ANSWER)) {
            bind(s, senderId, key, since);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Forgets the keys of posts made before {@code before}; returns how many. */
    static int pruneKeys(Connection c, String before) throws SQLException {
        return update(c, PRUNE_KEYS, before);
    }

    static Optional<Room> byId(Connection c, String id) throws SQLException {
        return query(c, ROOM_BY_ID, id).stream().findFirst();
    }

    static Optional<Room> named(Connection c, String name) throws SQLException {
        return query(c, ROOM_NAMED, Names.key(name)).stream().findFirst();
    }

    static List<Room> all(Connection c) throws SQLException {
        return query(c, ALL_ROOMS);
    }

    static List<RoomPost> posts(Connection c, String roomId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(POSTS_OF)) {
            s.setString(1, roomId);
            try (ResultSet rs = s.executeQuery()) {
                List<RoomPost> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new RoomPost(rs.getInt("turn"), rs.getString("id"), rs.getString("from_id"),
                            rs.getString("from_name"), rs.getString("text"), rs.getString("created_at")));
                }
                return out;
            }
        }
    }

    private static List<Room> query(Connection c, String sql, Object... args) throws SQLException {
        List<Room> rooms = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rooms.add(room(rs));
                }
            }
        }
        if (rooms.isEmpty()) {
            return rooms;
        }
        // One room: its members alone; a list: every member at once, rather than a query per room.
        Map<String, List<Party>> members = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(rooms.size() == 1 ? MEMBERS_OF : ALL_MEMBERS)) {
            if (rooms.size() == 1) {
                s.setString(1, rooms.getFirst().id());
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    members.computeIfAbsent(rs.getString("room_id"), k -> new ArrayList<>())
                            .add(new Party(rs.getString("pane_id"), rs.getString("pane_name")));
                }
            }
        }
        List<Room> out = new ArrayList<>(rooms.size());
        for (Room r : rooms) {
            out.add(new Room(r.id(), r.name(), r.policy(), r.maxTurns(), r.moderator(),
                    members.getOrDefault(r.id(), List.of()), r.threadId(), r.createdAt(), r.state()));
        }
        return out;
    }

    private static Room room(ResultSet rs) throws SQLException {
        String turnId = rs.getString("turn_id");
        RoomState state = new RoomState(RoomStatus.fromWire(rs.getString("status")), rs.getInt("turns_used"),
                turnId == null ? null : new Party(turnId, rs.getString("turn_name")), rs.getString("closed_at"),
                rs.getLong("version"));
        return new Room(rs.getString("id"), rs.getString("name"), RoomPolicy.fromWire(rs.getString("policy")),
                rs.getInt("max_turns"), new Party(rs.getString("moderator_id"), rs.getString("moderator_name")),
                List.of(), rs.getString("thread_id"), rs.getString("created_at"), state);
    }

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
}
