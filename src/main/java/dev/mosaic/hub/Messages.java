package dev.mosaic.hub;

import dev.mosaic.delivery.Pusher;
import dev.mosaic.model.Json;
import dev.mosaic.model.Message;
import dev.mosaic.model.MessageIds;
import dev.mosaic.model.MessageStatus;
import dev.mosaic.model.Pane;
import dev.mosaic.model.PaneStatus;
import dev.mosaic.model.Quote;
import dev.mosaic.model.Timestamps;
import dev.mosaic.store.SearchTerms;
import dev.mosaic.store.SendBatch;
import dev.mosaic.store.SendResult;
import dev.mosaic.store.Store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sending, reading and acknowledging messages: the rules of §2 and §5 between the HTTP layer and the store.
 * A send is validated and resolved first, then committed in one transaction, then handed to push and long polls.
 */
final class Messages {
    /** The answer to a send: 201 for new messages, 200 for a replayed idempotent send. */
    record SendReply(int status, String json) {
    }

    /** One entry of a send's answer. */
    record Sent(String id, String toId, String toName, String threadId, String status) {
    }

    /** How long an idempotency key answers for (a send's and a room post's alike). */
    static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);
    /** How often expired idempotency keys are deleted; they are ignored once expired, so this only bounds the table. */
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);

    private final Store store;
    private final Recipients recipients;
    private final MessageIds ids;
    private final Pusher pusher;
    private final InboxSignals inboxSignals;
    private final HubEvents events;
    private final RateLimiter rateLimiter;
    private final LoopGuard loopGuard;
    private final Clock clock;
    private final MessageMetrics metrics;
    private final AtomicReference<Instant> nextPrune;

    /** @param clock the wall clock for message times and idempotency expiry */
    Messages(Store store, MessageIds ids, Pusher pusher, InboxSignals inboxSignals, HubEvents events,
             RateLimiter rateLimiter, LoopGuard loopGuard, Clock clock, MessageMetrics metrics) {
        this.store = store;
        this.recipients = new Recipients(store);
        this.ids = ids;
        this.pusher = pusher;
        this.inboxSignals = inboxSignals;
        this.events = events;
        this.rateLimiter = rateLimiter;
        this.loopGuard = loopGuard;
        this.clock = clock;
        this.metrics = metrics;
        this.nextPrune = new AtomicReference<>(clock.instant());
    }

    /** Deletes expired idempotency keys when the last prune is an hour old (the first call always prunes). */
    void pruneIdempotencyKeys() {
        Instant now = clock.instant();
        Instant due = nextPrune.get();
        if (now.isBefore(due) || !nextPrune.compareAndSet(due, now.plus(PRUNE_EVERY))) {
            return;
        }
        store.pruneIdempotency(Timestamps.format(now.minus(IDEMPOTENCY_WINDOW)));
    }

    SendReply send(Caller sender, SendRequest req) {
        long started = System.nanoTime();
        Instant at = clock.instant();
        String since = Timestamps.format(at.minus(IDEMPOTENCY_WINDOW));
        if (req.idempotencyKey() != null) {
            pruneIdempotencyKeys();
            // A retry is answered as the first send was, even if recipients or limits changed since.
            var earlier = store.idempotentResponse(sender.id(), req.idempotencyKey(), since);
            if (earlier.isPresent()) {
                return new SendReply(200, earlier.get());
            }
        }
        Message original = req.replyTo() == null ? null : answered(sender, req.replyTo());
        if (original != null && req.to().isEmpty() && original.roomId() != null
                && original.fromId().equals(original.roomId())) {
            throw ApiError.badRequest("that message is a notice of room " + Quote.of(original.roomName())
                    + ", which takes no replies: post in the room instead (room_post, or `mosaic room post`)");
        }
        List<Recipients.Party> to = req.to().isEmpty()
                ? List.of(live(replyTarget(sender, original)))
                : recipients.resolve(req.to(), sender);

        admitSend(sender);

        String now = Timestamps.format(at);
        String firstId = ids.next();
        String threadId = original != null ? original.threadId() : firstId;
        if (original != null) {
            if (sender.isOperator()) {
                loopGuard.operatorSpoke(threadId);
            } else if (!loopGuard.admit(threadId)) {
                rateLimiter.refund(sender.id()); // nothing is sent: the send must not count against the pane
                events.alert("loop_detected", "panes exchanged too many messages in one thread without the "
                        + "operator; sends to it are refused for now", Map.of("thread_id", threadId,
                        "from_id", sender.id(), "from_name", sender.name()));
                throw new ApiError(429, "loop_detected", "thread " + threadId + " looks like a runaway loop: too "
                        + "many messages between panes in the last minute; stop replying, or ask the operator");
            }
        } else if (!sender.isOperator()) {
            loopGuard.admit(threadId);
        }

        List<Message> messages = new ArrayList<>(to.size());
        List<Sent> sent = new ArrayList<>(to.size());
        for (int i = 0; i < to.size(); i++) {
            Recipients.Party p = to.get(i);
            String id = i == 0 ? firstId : ids.next();
            messages.add(new Message(id, 0, sender.id(), sender.name(), p.id(), p.name(), req.subject(), req.text(),
                    threadId, original == null ? null : original.id(), now, MessageStatus.QUEUED, null, null, null,
                    null, false));
            sent.add(new Sent(id, p.id(), p.name(), threadId, MessageStatus.QUEUED.wire()));
        }
        String response = Json.MAPPER.writeValueAsString(Map.of("messages", sent));
        String readOnReply = original != null && original.toId().equals(sender.id()) ? original.id() : null;

        // Idle lanes get their next push claimed in this transaction and handed over in memory: no commit of its own.
        SendResult result = store.send(new SendBatch(messages, sender.id(), readOnReply, req.idempotencyKey(),
                response, since, pusher.lanesTakingHandOff(to.stream().map(Recipients.Party::id).toList())));
        return switch (result) {
            case SendResult.Replayed r -> new SendReply(200, r.response());
            case SendResult.Stored s -> {
                dispatch(s);
                metrics.sent(s.messages().size(), started);
                yield new SendReply(201, response);
            }
        };
    }

    /** Spends one of the pane's send tokens, or refuses with 429 rate_limited; the operator is not limited. */
    void admitSend(Caller sender) {
        if (!sender.isOperator()) {
            long wait = rateLimiter.acquire(sender.id());
            if (wait > 0) {
                throw new ApiError(429, "rate_limited", "too many messages from " + sender.name()
                        + "; wait " + wait + " s and send again", Map.of("Retry-After", Long.toString(wait)));
            }
        }
    }

    /** Gives back the send token {@link #admitSend} spent, for a send that stored nothing after all. */
    void refundSend(Caller sender) {
        if (!sender.isOperator()) {
            rateLimiter.refund(sender.id());
        }
    }

    /** Of these recipients, those whose lane takes a hand-off: a store write may claim their next push (see send). */
    Set<String> lanesTakingHandOff(List<String> recipientIds) {
        return pusher.lanesTakingHandOff(recipientIds);
    }

    /**
     * Tells everyone of messages just committed: their events, long polls, and push (the claimed ones handed straight
     * to their lanes). A room's posts and notices go out this way too.
     */
    void dispatch(SendResult.Stored s) {
        // The message events go out before any push starts, so a reader never sees a delivery first.
        for (Message m : s.messages()) {
            inboxSignals.signal(m.toId());
            events.message(m);
        }
        // A reply reads what it answers: the page's timeline and unread counts learn it as from an ack.
        s.readOnReply().ifPresent(events::delivery);
        Map<String, List<Message>> claimed = new LinkedHashMap<>(); // per pane, in seq order, as claimed
        for (Message c : s.claimed()) {
            claimed.computeIfAbsent(c.toId(), id -> new ArrayList<>()).add(c);
        }
        claimed.values().forEach(pusher::handOff);
        for (Message m : s.messages()) {
            if (!claimed.containsKey(m.toId())) {
                pusher.messageStored(m.toId());
            }
        }
    }

    /** The message being answered, which the sender must have been a party to (the operator may answer any). */
    private Message answered(Caller sender, String replyTo) {
        Message original = store.message(replyTo).orElseThrow(() ->
                ApiError.notFound("'reply_to' names no message: " + Quote.of(replyTo)));
        if (!sender.isOperator() && !original.toId().equals(sender.id()) && !original.fromId().equals(sender.id())) {
            throw ApiError.forbidden("you can only reply to a message you sent or received");
        }
        return original;
    }

    /** Whom a reply goes to when 'to' is left out: the other party of the message answered. */
    private static Recipients.Party replyTarget(Caller sender, Message original) {
        if (original.fromId().equals(sender.id())) {
            return new Recipients.Party(original.toId(), original.toName());
        }
        return new Recipients.Party(original.fromId(), original.fromName());
    }

    /** The party, unless it is a stopped pane: a stopped pane is no recipient, whether named or replied to. */
    private Recipients.Party live(Recipients.Party party) {
        boolean stopped = !party.id().equals(Pane.OPERATOR) && store.pane(party.id())
                .map(p -> p.status() == PaneStatus.STOPPED).orElse(true);
        if (stopped) {
            throw ApiError.unknownRecipient(Quote.of(party.name()) + " was stopped and takes no more messages");
        }
        return party;
    }

    /**
     * Queued messages of a party's inbox, in order; unless peeking, they become read (delivered by poll). With
     * {@code includePushed}, pushed messages not yet read come too (an agent that may have missed a push).
     */
    List<Message> inbox(Caller caller, String partyId, int limit, boolean peek, boolean includePushed, Duration wait)
            throws InterruptedException {
        checkInboxAccess(caller, partyId);
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long seen = inboxSignals.version(partyId);
            List<Message> found = includePushed
                    ? peek ? store.peekUnread(partyId, limit) : store.takeUnread(partyId, limit)
                    : peek ? store.peekInbox(partyId, limit) : store.takeInbox(partyId, limit);
            if (!found.isEmpty() || wait.isZero()) {
                if (!peek) {
                    found.forEach(events::delivery);
                }
                metrics.polled(peek ? 0 : found.size());
                return found.stream().map(Message::forApi).toList();
            }
            if (!inboxSignals.awaitChange(partyId, seen, deadline)) {
                return List.of();
            }
        }
    }

    private void checkInboxAccess(Caller caller, String partyId) {
        if (partyId.equals(Pane.OPERATOR)) {
            if (!caller.isOperator()) {
                throw ApiError.forbidden("only the operator reads the operator's inbox");
            }
            return;
        }
        if (store.pane(partyId).isEmpty()) {
            throw ApiError.notFound("no pane has the id " + Quote.of(partyId));
        }
        if (!caller.actsFor(partyId)) {
            throw ApiError.forbidden("a pane token reads only its own pane's inbox");
        }
    }

    Message ack(Caller caller, String messageId) {
        Message m = store.message(messageId).orElseThrow(() ->
                ApiError.notFound("no message has the id " + Quote.of(messageId)));
        if (!m.toId().equals(caller.id())) {
            throw ApiError.forbidden("only the recipient of a message acknowledges it");
        }
        return store.markRead(messageId, caller.id())
                .map(read -> {
                    metrics.acked();
                    events.delivery(read);
                    return read;
                })
                .orElseGet(() -> store.message(messageId).orElseThrow())
                .forApi();
    }

    Message message(Caller caller, String messageId) {
        Message m = store.message(messageId).orElseThrow(() ->
                ApiError.notFound("no message has the id " + Quote.of(messageId)));
        if (!caller.isOperator() && !caller.id().equals(m.fromId()) && !caller.id().equals(m.toId())) {
            throw ApiError.forbidden("a pane reads only the messages it sent or received");
        }
        return m.forApi();
    }

    /** The newest messages of every party, oldest first: the operator's view of what happened before it looked. */
    List<Message> recent(Caller caller, int limit) {
        if (!caller.isOperator()) {
            throw ApiError.forbidden("the list of everyone's messages is the operator's; a pane reads its inbox");
        }
        return store.recentMessages(limit).stream().map(Message::forApi).toList();
    }

    /** Full-text search, newest first: every message for the operator, a pane's own (sent or received) for a pane. */
    List<Message> search(Caller caller, String query, int limit) {
        if (query == null || query.isBlank()) {
            throw ApiError.badRequest("'q' is required: the words to search for");
        }
        Optional<String> party = caller.isOperator() ? Optional.empty() : Optional.of(caller.id());
        return store.search(SearchTerms.of(query), party, limit).stream().map(Message::forApi).toList();
    }

    /** A thread in order: all of it for the operator, a pane's own messages in it for a pane. */
    List<Message> thread(Caller caller, String threadId) {
        List<Message> all = store.thread(threadId);
        if (all.isEmpty()) {
            throw ApiError.notFound("no thread has the id " + Quote.of(threadId));
        }
        List<Message> visible = caller.isOperator() ? all : all.stream()
                .filter(m -> caller.id().equals(m.fromId()) || caller.id().equals(m.toId())).toList();
        if (visible.isEmpty()) {
            throw ApiError.forbidden("this pane has no part in that thread");
        }
        return visible.stream().map(Message::forApi).toList();
    }
}
