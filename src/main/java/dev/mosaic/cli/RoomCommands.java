package dev.mosaic.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The subcommands of `mosaic room`; whatever came from agents is printed through {@link Printer#text}. */
final class RoomCommands {
    private RoomCommands() {
    }

    /** Creates a room. */
    @Command(name = "create", mixinStandardHelpOptions = true, description = {"Create a room and tell its members.",
            "Policies: open (anyone posts any time), round_robin (members in the order listed), moderated (only the "
                    + "member the moderator gave the floor, once). The moderator gets every post and may always "
                    + "post; every post is a turn; the room closes after --max-turns."})
    static final class Create extends HubCommand implements Runnable {
        @Parameters(index = "0", paramLabel = "NAME", description = "the room's name (unique among open rooms)")
        String name;

        @Option(names = "--members", required = true, paramLabel = "A,B", description = "the member panes, in order")
        String members;

        @Option(names = "--moderator", paramLabel = "M",
                description = "a pane or `operator` (default: whoever creates the room)")
        String moderator;

        @Option(names = "--policy", paramLabel = "P", description = "open (default), round_robin or moderated")
        String policy;

        @Option(names = "--max-turns", paramLabel = "N", description = "1 to 1000 (default 100)")
        Integer maxTurns;

        @Option(names = "--json", description = "print the API's JSON")
        boolean json;

        Create(Map<String, String> env) {
            super(env);
        }

        @Override
        public void run() {
            List<String> list = Arrays.stream(members.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                    .toList();
            if (list.isEmpty()) {
                throw new UsageError("--members names no pane");
            }
            JsonNode room = client().createRoom(name, list, moderator, policy, maxTurns);
            if (json) {
                out().println(room);
                return;
            }
            out().println("Room " + Printer.text(room, "name") + " is open (" + Printer.text(room, "id") + "): "
                    + Printer.text(room, "policy") + ", moderator " + Printer.text(room.path("moderator"), "name")
                    + ", members " + names(room.path("members")) + ", at most " + room.path("max_turns").asInt()
                    + " turns.");
        }
    }

    /** Shows a room and its transcript. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show a room and its transcript, oldest post first (NAME: the open room of that name, "
                    + "else the newest closed one; or an id).")
    static final class Show extends HubCommand implements Runnable {
        @Parameters(index = "0", paramLabel = "NAME", description = "the room's name or id")
        String name;

        @Option(names = "--json", description = "print the API's JSON")
        boolean json;

        Show(Map<String, String> env) {
            super(env);
        }

        @Override
        public void run() {
            JsonNode room = client().room(name);
            if (json) {
                out().println(room);
                return;
            }
            PrintWriter out = out();
            out.println("Room " + Printer.text(room, "name") + " (" + Printer.text(room, "id") + "): "
                    + Printer.text(room, "policy") + ", " + Printer.text(room, "status") + ", "
                    + room.path("turns_used").asInt() + " of " + room.path("max_turns").asInt() + " turns used");
            out.println("Moderator: " + Printer.text(room.path("moderator"), "name") + "; members: "
                    + names(room.path("members")) + turn(room));
            JsonNode posts = room.path("posts");
            if (posts.isEmpty()) {
                out.println("No posts yet.");
                return;
            }
            for (JsonNode p : posts) {
                String time = Printer.text(p, "created_at");
                out.printf("%3d  %s  %s%n", p.path("turn").asInt(),
                        time.length() >= 19 ? time.substring(11, 19) : time, Printer.text(p, "from_name"));
                for (String line : Printer.text(p, "text").split("\n", -1)) {
                    out.println("     " + line);
                }
            }
        }

        private static String turn(JsonNode room) {
            JsonNode t = room.path("whose_turn");
            return t.isObject() ? "; whose turn: " + Printer.text(t, "name") : "";
        }
    }

    /** Lists rooms. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List rooms, oldest first (a pane sees the rooms it is in).")
    static final class ListRooms extends HubCommand implements Runnable {
        @Option(names = "--json", description = "print the API's JSON")
        boolean json;

        ListRooms(Map<String, String> env) {
            super(env);
        }

        @Override
        public void run() {
            JsonNode answer = client().rooms();
            if (json) {
                out().println(answer);
                return;
            }
            JsonNode rooms = answer.path("rooms");
            if (rooms.isEmpty()) {
                out().println("No rooms yet. Create one with `mosaic room create NAME --members A,B`.");
                return;
            }
            int width = 4;
            for (JsonNode r : rooms) {
                width = Math.max(width, Printer.text(r, "name").length());
            }
            String row = "%-" + width + "s  %-6s  %-11s  %-9s  %-12s  %s%n";
            out().printf(row, "NAME", "STATUS", "POLICY", "TURNS", "MODERATOR", "MEMBERS");
            for (JsonNode r : rooms) {
                out().printf(row, Printer.text(r, "name"), Printer.text(r, "status"), Printer.text(r, "policy"),
                        r.path("turns_used").asInt() + "/" + r.path("max_turns").asInt(),
                        Printer.text(r.path("moderator"), "name"), names(r.path("members")));
            }
        }
    }

    /** Posts to a room. */
    @Command(name = "post", mixinStandardHelpOptions = true,
            description = "Post to a room, as the pane in MOSAIC_* or the operator (when it moderates the room).")
    static final class Post extends HubCommand implements Runnable {
        @Parameters(index = "0", paramLabel = "NAME", description = "the room's name or id")
        String name;

        @Parameters(index = "1", paramLabel = "TEXT", description = "the post ('-' reads it from standard input)")
        String text;

        @Option(names = "--idempotency-key", paramLabel = "KEY",
                description = "posting again with the same key within 24 h stores nothing new")
        String idempotencyKey;

        @Option(names = "--json", description = "print the API's JSON")
        boolean json;

        Post(Map<String, String> env) {
            super(env);
        }

        @Override
        public void run() {
            String body = textOrStdin(text, "the post");
            JsonNode answer = client().roomPost(name, body, idempotencyKey);
            if (json) {
                out().println(answer);
                return;
            }
            JsonNode room = answer.path("room");
            String done = "Posted to room " + Printer.text(room, "name") + " (turn "
                    + answer.path("post").path("turn").asInt() + " of " + room.path("max_turns").asInt() + ")";
            if (Printer.text(room, "status").equals("closed")) {
                out().println(done + "; that was its last turn: the room is closed.");
            } else if (room.path("whose_turn").isObject()) {
                out().println(done + "; " + Printer.text(room.path("whose_turn"), "name") + "'s turn next.");
            } else {
                out().println(done + ".");
            }
        }
    }

    /** Gives a member the floor. */
    @Command(name = "floor", mixinStandardHelpOptions = true,
            description = "Give a member the floor (the room's moderator only): it is their turn, and they are told.")
    static final class Floor extends HubCommand implements Runnable {
        @Parameters(index = "0", paramLabel = "NAME", description = "the room's name or id")
        String name;

        @Parameters(index = "1", paramLabel = "MEMBER", description = "the member's name or pane id")
        String member;

        Floor(Map<String, String> env) {
            super(env);
        }

        @Override
        public void run() {
            JsonNode room = client().passFloor(name, member);
            out().println(Printer.text(room.path("whose_turn"), "name") + " has the floor in room "
                    + Printer.text(room, "name") + ".");
        }
    }

    /** Closes a room. */
    @Command(name = "close", mixinStandardHelpOptions = true,
            description = "Close a room (its moderator or the operator); its members are told, its transcript stays.")
    static final class Close extends HubCommand implements Runnable {
        @Parameters(index = "0", paramLabel = "NAME", description = "the room's name or id")
        String name;

        Close(Map<String, String> env) {
            super(env);
        }

        @Override
        public void run() {
            JsonNode room = client().closeRoom(name);
            out().println("Room " + Printer.text(room, "name") + " is closed (" + room.path("turns_used").asInt()
                    + " of " + room.path("max_turns").asInt() + " turns used).");
        }
    }

    /** "Bob, Carol": the names of a list of parties, safe for the terminal. */
    static String names(JsonNode parties) {
        List<String> names = new ArrayList<>();
        parties.forEach(p -> names.add(Printer.text(p, "name")));
        return String.join(", ", names);
    }
}
