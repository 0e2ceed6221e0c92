package dev.mosaic.channel;

import dev.mosaic.client.HubException;
import dev.mosaic.model.Backoff;
import dev.mosaic.model.Json;
import dev.mosaic.model.DeliveredVia;
import dev.mosaic.model.Message;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * The tools the agent calls: send, reply, list_agents, read_inbox, and for rooms room_post and pass_floor. Blocking
 * calls to the hub, as this pane.
 */
final class ChannelTools {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelTools.class);
    /** The tools' names, in the order they are listed; the stdin filter needs them before the tools exist. */
    static final List<String> NAMES = List.of("send", "reply", "list_agents", "read_inbox", "room_post",
            "pass_floor");

    /**
     * A room post whose answer did not come is tried again this many times, with the same idempotency key, before
     * the agent hears that the hub is unreachable: the hub stores it once, whichever try got through.
     */
    private static final int POST_TRIES = 3;
    private static final Backoff POST_BACKOFF = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(2));

    private final HubLink hub;
    private final SeenIds seen;
    private final McpJsonMapper mapper;
    private final RoomPostKeys postKeys = new RoomPostKeys();

    ChannelTools(HubLink hub, SeenIds seen, McpJsonMapper mapper) {
        this.hub = hub;
        this.seen = seen;
        this.mapper = mapper;
    }

    List<SyncToolSpecification> specifications() {
        return List.of(
                tool("send", "Send a message to other agents (or the operator) through Mosaic. They see it at once "
                                + "if their channel is live, otherwise in their inbox.",
                        """
                        {"type": "object",
                         "properties": {
                           "to": {
                             "description": "a name or id from list_agents, a list of them, or \\"*\\" for all others",
                             "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
                           "text": {"type": "string", "description": "the message"},
                           "subject": {"type": "string", "description": "optional short subject"}},
                         "required": ["to", "text"]}""",
                        this::send),
                tool("reply", "Reply to a message you received in a <channel> tag: it goes to its sender, in the same "
                                + "thread.",
                        """
                        {"type": "object",
                         "properties": {
                           "message_id": {
                             "type": "string",
                             "description": "the message_id attribute of the <channel> tag you answer"},
                           "text": {"type": "string", "description": "your reply"}},
                         "required": ["message_id", "text"]}""",
                        this::reply),
                tool("list_agents", "List the agents (panes) in Mosaic: name, status, whether messages reach them at "
                                + "once (push) or when they check (poll), and how many they have not read. Stopped "
                                + "panes are left out unless all is true.",
                        """
                        {"type": "object",
                         "properties": {
                           "all": {
                             "type": "boolean",
                             "description": "also list stopped panes, and exited ones with nothing unread"}}}""",
                        this::listAgents),
                tool("read_inbox", "Read messages queued for you that were not delivered as <channel> tags (for "
                                + "example while this channel was down). Returns them oldest first and marks them "
                                + "read. With all: true, also messages pushed to you that you have not answered or "
                                + "read yet (marked redelivered=\"true\": you may have seen them).",
                        """
                        {"type": "object",
                         "properties": {
                           "limit": {
                             "type": "integer", "minimum": 1, "maximum": 100,
                             "description": "at most this many (default 100)"},
                           "all": {
                             "type": "boolean",
                             "description": "also pushed messages not yet read"}}}""",
                        this::readInbox),
                tool("room_post", "Post to a Mosaic room you are in (the room attribute of its <channel> tags): the "
                                + "post reaches every member and the moderator. The room's policy says when you may "
                                + "post: open (any time), round_robin (in turn), moderated (when the moderator gave "
                                + "you the floor, once). Out of turn, the post is refused and says whose turn it is.",
                        """
                        {"type": "object",
                         "properties": {
                           "room": {"type": "string", "description": "the room's name or id"},
                           "text": {"type": "string", "description": "your post"}},
                         "required": ["room", "text"]}""",
                        this::roomPost),
                tool("pass_floor", "As a room's moderator, give a member the floor: it is their turn to post, once "
                                + "(moderated rooms), or the round continues from them (round_robin rooms). They are "
                                + "told it is their turn.",
                        """
                        {"type": "object",
                         "properties": {
                           "room": {"type": "string", "description": "the room's name or id"},
                           "to": {"type": "string", "description": "the member's name or pane id"}},
                         "required": ["room", "to"]}""",
                        this::passFloor));
    }

    private SyncToolSpecification tool(String name, String description, String schema,
                                       Function<ToolArguments, String> body) {
        McpSchema.Tool tool = McpSchema.Tool.builder(name, mapper, schema).description(description).build();
        return SyncToolSpecification.builder().tool(tool)
                .callHandler((exchange, request) -> run(name, body, request)).build();
    }

    /** Runs a tool; whatever goes wrong becomes an error result that says what to do, never a dead channel. */
    private CallToolResult run(String name, Function<ToolArguments, String> body, McpSchema.CallToolRequest request) {
        try {
            return result(body.apply(new ToolArguments(name, request.arguments())), false);
        } catch (ToolError e) {
            return result(e.getMessage(), true);
        } catch (HubException e) {
            return result(explain(e), true);
        } catch (RuntimeException e) {
            LOG.error("tool {} failed", name, e);
            return result("The Mosaic channel failed unexpectedly (" + e + "). Try again; if it keeps failing, "
                    + "tell the operator.", true);
        }
    }

    private static CallToolResult result(String text, boolean error) {
        return CallToolResult.builder().addTextContent(text).isError(error).build();
    }

    private String send(ToolArguments args) {
        List<String> to = args.recipients("to");
        String text = args.text("text", "the message to send");
        String subject = args.optionalText("subject");
        JsonNode answer = hub.client().send(to, text, subject, null, null);
        return "Message sent to " + names(answer) + ".";
    }

    private String reply(ToolArguments args) {
        String messageId = args.text("message_id", "the message_id attribute of the <channel> tag you answer");
        String text = args.text("text", "your reply");
        JsonNode answer = hub.client().send(List.of(), text, null, messageId, null);
        return "Reply sent to " + names(answer) + ".";
    }

    private String roomPost(ToolArguments args) {
        String room = args.text("room", "the room's name (the room attribute of its <channel> tags)");
        String text = args.text("text", "your post");
        JsonNode answer = inRoom(() -> postOnce(room, text));
        JsonNode after = answer.path("room");
        String name = after.path("name").asString(room);
        String turn = "turn " + answer.path("post").path("turn").asInt() + " of " + after.path("max_turns").asInt();
        if (after.path("status").asString().equals("closed")) {
            return "Posted to room " + name + " (" + turn + "). That was its last turn: the room is closed.";
        }
        JsonNode next = after.path("whose_turn");
        return "Posted to room " + name + " (" + turn + ")."
                + (next.isObject() ? " It is now " + next.path("name").asString() + "'s turn." : "");
    }

    /**
     * Posts with an idempotency key, trying again with the same key while the hub's answer does not come: a post whose
     * answer was lost (a timeout, a dropped connection, a hub restart) is then answered from the hub's record of it,
     * not stored twice. When every try fails the key is kept for the agent's own retry of the same post.
     */
    private JsonNode postOnce(String room, String text) {
        String key = postKeys.keyFor(room, text);
        for (int tries = 1; ; tries++) {
            try {
                JsonNode answer = hub.client().roomPost(room, text, key);
                postKeys.answered(room, text);
                return answer;
            } catch (HubException e) {
                if (!e.unreachable()) {
                    postKeys.answered(room, text);
                    throw e;
                }
                if (tries >= POST_TRIES) {
                    throw new ToolError(hub.hubUnreachable(e) + " The post may or may not have reached the room: "
                            + "call room_post again with the same room and text once the hub is back; the hub "
                            + "stores it at most once.");
                }
                LOG.info("room post to {}: no answer from the hub ({}); trying again with the same key", room,
                        e.getMessage());
                pause(POST_BACKOFF.delay(tries, ThreadLocalRandom.current()::nextDouble));
            }
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolError("The room post was interrupted; call room_post again with the same text.");
        }
    }

    private String passFloor(ToolArguments args) {
        String room = args.text("room", "the room's name or id");
        String to = args.text("to", "the member to give the floor to");
        JsonNode after = inRoom(() -> hub.client().passFloor(room, to));
        return after.path("whose_turn").path("name").asString(to) + " has the floor in room "
                + after.path("name").asString(room) + " and was told it is their turn.";
    }

    /** A room call, whose refusals about who may do what are the room's rules, not a message's. */
    private static JsonNode inRoom(java.util.function.Supplier<JsonNode> call) {
        try {
            return call.get();
        } catch (HubException e) {
            String said = e.getMessage() == null ? e.code() : e.getMessage().strip();
            throw switch (e.code()) {
                case "forbidden", "bad_request" -> new ToolError(said + ".");
                case "not_found" -> new ToolError(said + ". Pass the room attribute of the room's <channel> tags.");
                default -> e;
            };
        }
    }

    private String listAgents(ToolArguments args) {
        boolean all = args.optionalFlag("all");
        JsonNode panes = hub.client().panes(all).path("panes");
        String me = hub.paneId();
        List<String> lines = new ArrayList<>();
        for (JsonNode p : panes) {
            String delivery = p.path("delivery").asString("");
            String how = switch (delivery) {
                case "push" -> "push (gets messages at once)";
                case "poll" -> "poll (reads its inbox)";
                default -> delivery;
            };
            lines.add("- " + p.path("name").asString() + (p.path("id").asString().equals(me) ? " (you)" : "")
                    + ": " + p.path("status").asString() + ", " + how + ", " + p.path("unread").asLong()
                    + " unread (id " + p.path("id").asString() + ")");
        }
        if (lines.isEmpty()) {
            return "No agents are registered with the hub yet.";
        }
        return "Agents in Mosaic (" + lines.size() + "):\n" + String.join("\n", lines)
                + "\nThe operator (the human) can always be reached with to: \"operator\"."
                + (all ? "" : "\nStopped panes are left out; pass all: true to list them too.");
    }

    private String readInbox(ToolArguments args) {
        int limit = args.optionalInt("limit", 1, 100, 100);
        boolean all = args.optionalFlag("all");
        JsonNode messages = hub.client().inbox(limit, false, all, 0).path("messages");
        List<String> tags = new ArrayList<>();
        for (JsonNode n : messages) {
            Message m = Json.MAPPER.treeToValue(n, Message.class);
            seen.firstTime(m.id()); // read now: should the hub still push it, do not show it twice
            // One that was pushed (or sent through the socket) may have reached the agent already: say so, as a
            // redelivery does.
            tags.add(ChannelEvent.of(m, m.deliveredVia() == DeliveredVia.PUSH
                    || m.deliveredVia() == DeliveredVia.SOCKET).asTag());
        }
        if (tags.isEmpty()) {
            return all ? "No unread messages." : "No queued messages.";
        }
        return String.join("\n", tags);
    }

    /** "Bob", "Bob and Carol", "Bob, Carol and Dave": the recipients the hub stored the message for. */
    private static String names(JsonNode answer) {
        Set<String> names = new LinkedHashSet<>();
        answer.path("messages").forEach(m -> names.add(m.path("to_name").asString()));
        List<String> list = List.copyOf(names);
        if (list.isEmpty()) {
            return "nobody";
        }
        if (list.size() == 1) {
            return list.getFirst();
        }
        return String.join(", ", list.subList(0, list.size() - 1)) + " and " + list.getLast();
    }

    private String explain(HubException e) {
        String message = e.getMessage() == null ? e.code() : e.getMessage().strip();
        String said = message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
        return switch (e.code()) {
            case "unreachable" -> hub.hubUnreachable(e);
            case "config" -> message;
            case "unknown_recipient" -> said + ". Call list_agents to see the agents' names.";
            case "ambiguous_recipient" -> said + ". Pass the pane id from list_agents instead of the name.";
            case "not_found" -> "The hub knows no such message (" + said + "). Pass the message_id attribute of the "
                    + "<channel> tag you are answering.";
            case "rate_limited", "loop_detected" -> said + ". Wait before sending more; if agents are answering "
                    + "each other in a loop, stop replying.";
            case "too_large" -> said + ". Shorten the text (at most 64 KiB).";
            case "not_your_turn" -> said + ". Do not post again until it is your turn.";
            case "room_closed" -> said + ". The room takes no more posts; use send to reach someone directly.";
            case "unauthorized" -> "The hub refused this pane (" + said + "). Ask the operator to rejoin this "
                    + "session (`mosaic join NAME`) and restart Claude Code.";
            case "forbidden" -> said + ". Reply only to messages you sent or received; to reach someone else, use "
                    + "send.";
            default -> "The hub refused the call: " + said + " (" + e.code() + ").";
        };
    }
}
