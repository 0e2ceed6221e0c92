package dev.mosaic.store;

import dev.mosaic.model.AgentState;
import dev.mosaic.model.Approval;
import dev.mosaic.model.ApprovalStatus;
import dev.mosaic.model.DeliveredVia;
import dev.mosaic.model.Message;
import dev.mosaic.model.Pane;
import dev.mosaic.model.PaneProcess;
import dev.mosaic.model.RelayState;
import dev.mosaic.model.Room;
import dev.mosaic.model.RoomPost;
import dev.mosaic.model.TerminalSize;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the hub keeps: panes, messages with their delivery state machine, idempotency records and channel
 * registrations. Each method is one transaction; each status move is one guarded statement whose row count
 * says whether it happened. Methods throw {@link StoreUnavailableException} when the database cannot serve.
 */
public interface Store extends AutoCloseable {

    // ---- panes

    /** Adds a pane; throws {@link NameTakenException} when a live pane has that name (case-insensitively). */
    Pane createPane(NewPane pane);

    Optional<Pane> pane(String id);

    /** The live pane whose token hashes to this, if any. */
    Optional<Pane> livePaneByTokenHash(String tokenHash);

    /** Every pane, oldest first. */
    List<Pane> panes();

    /** Live panes whose name matches case-insensitively (at most one, by the unique index; a list for safety). */
    List<Pane> livePanesNamed(String name);

    /** Marks a pane stopped and drops its channel registration; false when it was not live. */
    boolean stopPane(String id);

    /** Removes a pane nobody used (a spawn whose process failed to start); false when it has messages. */
    boolean deletePane(String id);

    /** Records the process a spawned pane runs, once it started. */
    void recordProcess(String id, PaneProcess process);

    /** Records a spawned pane's new terminal size. */
    void resizePane(String id, TerminalSize size);

    /** Records a spawned pane's exit code, drops its channel, and marks it exited if it was live; true if it was. */
    boolean markExited(String id, int exitCode);

    /** Marks every live spawned pane exited: run at start, when no process of a previous run is ours any more. */
    int exitOrphanedPanes();

    /** Messages not yet read, per recipient id. */
    Map<String, Long> unreadCounts();

    // ---- messages

    /** Stores a send (one message per recipient) in one transaction, or answers an earlier send with the same key. */
    SendResult send(SendBatch batch);

    /** The answer given to the sender's earlier send with that key, if made at or after {@code since}. */
    Optional<String> idempotentResponse(String senderId, String key, String since);

    /** Forgets the idempotency keys of sends and room posts made before {@code before}; returns how many. */
    int pruneIdempotency(String before);

    Optional<Message> message(String id);

    /** A thread's messages in seq order. */
    List<Message> thread(String threadId);

    /** The newest {@code limit} messages of everyone, oldest first. */
    List<Message> recentMessages(int limit);

    /** The pane's queued messages in order, changing nothing. */
    List<Message> peekInbox(String paneId, int limit);

    /** The pane's queued messages in order, marked read and delivered by poll in the same statement. */
    List<Message> takeInbox(String paneId, int limit);

    /** The pane's unread messages, queued and pushed alike, in order, changing nothing. */
    List<Message> peekUnread(String paneId, int limit);

    /**
     * The pane's unread messages, queued and pushed alike, in order, marked read in the same statement: queued ones
     * delivered by poll, pushed ones keep {@code delivered_via = push}. Like a poll, never past a push in flight.
     */
    List<Message> takeUnread(String paneId, int limit);

    /**
     * Records that the pane's agent took these pushed messages in (DESIGN §10). Ids of messages that were not
     * pushed to this pane, or were seen already, change nothing. A receipt also lifts the pane's not_seen mark.
     */
    SeenResult markSeen(String paneId, List<String> messageIds, String at);

    /**
     * pushed → queued, marked redelivered, for every message pushed before {@code before} and not seen, to a pane
     * whose agent has been idle since before {@code before}; those panes' registrations are marked down and
     * not_seen in the same transaction. Returns the messages, in seq order.
     */
    List<Message> requeueUnseen(String before);

    /** Marks a message to this recipient read; empty when no such unread message exists. */
    Optional<Message> markRead(String messageId, String recipientId);

    /** The most messages one push carries (DESIGN §4): a batch claimed together, pushed in one request. */
    int PUSH_BATCH = 32;

    /** queued → pushing for the pane's oldest queued message, unless one is already in flight. */
    default Optional<Message> claimNextPush(String paneId) {
        return claimPushes(paneId, 1).stream().findFirst();
    }

    /**
     * queued → pushing for up to {@code max} of the pane's oldest queued messages, returned in seq order, unless a
     * push to it is already in flight; one at most (a probe) while its pushes go unseen (DESIGN §10).
     */
    List<Message> claimPushes(String paneId, int max);

    /**
     * pushing → pushed for a batch delivered by one push, in one write; the ids that changed (the others' claims were
     * lost meanwhile, e.g. read by a poll).
     */
    List<String> markAllPushed(List<String> messageIds, DeliveredVia via);

    /** pushing → queued for a batch whose push failed, in one write; the ids that changed. */
    List<String> releasePushes(List<String> messageIds, boolean maybeSeen);

    /** pushing → pushed, by the channel's notification; false when the claim was lost (read meanwhile). */
    default boolean markPushed(String messageId) {
        return markPushed(messageId, DeliveredVia.PUSH);
    }

    /** pushing → pushed, delivered this way (push or socket); false when the claim was lost (read meanwhile). */
    boolean markPushed(String messageId, DeliveredVia via);

    /** pushing → queued after a failed push; maybeSeen marks it redelivered for its next delivery. */
    boolean releasePush(String messageId, boolean maybeSeen);

    /** Every pushing message back to queued, marked redelivered: run at start, when no push can be in flight. */
    int releaseAllPushes();

    /**
     * pushing → queued, marked redelivered, for every message claimed before {@code claimedBefore}: claims that
     * nobody will settle (the pusher could not record the outcome, or went away). Returns the messages released.
     */
    List<Message> releaseStalePushes(String claimedBefore);

    // ---- search (DESIGN §6)

    /**
     * Messages whose subject or text holds every word, newest first; with a party, only those it sent or received.
     * No words, no messages.
     */
    List<Message> search(SearchTerms terms, Optional<String> partyId, int limit);

    /**
     * Brings the full-text index up to the messages stored so far, where it is kept in batches (SQLite) rather than as
     * each message is written; {@link #search} does it first itself, and the hub every second so that stays short.
     */
    void indexText();

    // ---- agent states

    /** The session a pane's hooks report from and the state they put it in; empty before the first report. */
    Optional<AgentSession> agentSession(String paneId);

    /** Every pane's reported agent state, by pane id (panes without a report are absent). */
    Map<String, AgentState> agentStates();

    /** Records a pane's agent session and state; false when the pane is not live (nothing written). */
    boolean putAgentSession(AgentSession session);

    // ---- approvals

    /**
     * Stores an approval the {@code PermissionRequest} hook told of, or merges it into the pane's pending relayed
     * approval for the same tool that no hook told of yet and that was made at or after {@code mergeSince} (the hook
     * and the relay report one prompt at the same moment, in either order).
     */
    ApprovalRecorded addHookApproval(Approval approval, String mergeSince);

    /**
     * Stores a relayed permission request, or merges it into the pane's pending approval for the same tool that the
     * hook told of and no relay did yet, made at or after {@code mergeSince}; a request with the same {@code request_id} for that pane that is pending, or
     * was made at or after {@code duplicateSince}, is the same one again (a retry: nothing changes).
     */
    ApprovalRecorded addRelayedApproval(RelayedRequest request);

    Optional<Approval> approval(String id);

    /** pending → answered, for a relayed approval only; empty when it is not (any more) pending and relayed. */
    Optional<Approval> answerApproval(ApprovalAnswered answer);

    /** Records how far an answer got towards the channel; empty when there is no such answered approval. */
    Optional<Approval> setRelayState(String approvalId, RelayState state);

    /** Answered approvals whose answer has not reached the channel yet, oldest first. */
    List<Approval> approvalsBeingRelayed();

    /** Approvals oldest first; with a status, only those in it. */
    List<Approval> approvals(Optional<ApprovalStatus> status);

    /** Moves the pane's pending approvals to {@code status} answered at {@code at}; returns them as they are now. */
    List<Approval> closePendingApprovals(String paneId, ApprovalStatus status, String at);

    // ---- leads

    /** The pane the operator named as this pane's lead, if any. */
    Optional<String> leadOf(String paneId);

    /** Names (or, empty, clears) a pane's lead; false when the pane is not live (nothing written). */
    boolean setLead(String paneId, Optional<String> leadId);

    /** Each pane that has a lead, by id, with its lead's id. */
    Map<String, String> leads();

    /** The panes whose lead this pane is. */
    List<String> panesLedBy(String leadId);

    // ---- rooms

    /**
     * Stores a new room, its members and the notices that tell them, in one transaction; throws
     * {@link RoomNameTakenException} when an open room has that name (case-insensitively).
     */
    RoomWritten createRoom(NewRoom room);

    Optional<Room> room(String id);

    /** The open room of that name (case-insensitively), else the newest closed one of that name. */
    Optional<Room> roomNamed(String name);

    /** Every room, oldest first. */
    List<Room> rooms();

    /** A room's transcript: its posts in turn order. */
    List<RoomPost> roomPosts(String roomId);

    /**
     * Writes a change decided on the room at {@code change.expectedVersion()} (its new state, its post, its messages)
     * in one transaction, with the post's idempotency key; empty, with nothing written, when the room changed since or
     * a post with that key was stored meanwhile.
     */
    Optional<RoomWritten> changeRoom(RoomChange change);

    /**
     * The answer of the room post this sender stored with this idempotency key since {@code since} (a room post's
     * keys are apart from a send's), if any.
     */
    Optional<String> roomPostAnswer(String senderId, String key, String since);

    // ---- channel registrations

    /** Registers a pane's channel, replacing any earlier one (latest wins); false when the pane is not live. */
    boolean putChannel(ChannelRegistration registration);

    /** Removes the pane's registration if it is still the one on that port, made with this hub. */
    boolean removeChannel(String paneId, int port);

    /**
     * Marks this registration down or up again; false when it is no longer the current one (a later registration,
     * even on the same port, has another secret).
     */
    boolean setChannelDown(ChannelRegistration registration, boolean down);

    /** Removes this registration if it is still the current one (same port and secret); false otherwise. */
    boolean expireChannel(ChannelRegistration registration);

    Optional<ChannelRegistration> channel(String paneId);

    List<ChannelRegistration> channels();

    // ---- hubs sharing the database (DESIGN §6)

    /** Records that this store's hub is alive now. */
    void heartbeat(String at);

    /** Live panes of another hub that has not heartbeaten since {@code silentSince}: offline on every hub. */
    Set<String> panesOfSilentHubs(String silentSince);

    /** Panes whose channel is registered with another hub (that hub pushes to it). */
    Set<String> panesWithRemoteChannels();

    /**
     * Records whether the pane's channel went quiet (its lease lapsed) or was heard again; only this hub's registration
     * changes (the hub a channel registered with holds its lease). False when nothing changed.
     */
    boolean setChannelQuiet(String paneId, boolean quiet);

    /** Panes whose channel's hub said it went quiet: no push, on any hub, until it is heard again. */
    Set<String> quietChannels();

    /** The registrations this hub pushes to (made with it). */
    List<ChannelRegistration> localChannels();

    /**
     * Calls {@code paneId} with the id of a pane that has a message queued, when another hub may have queued it
     * (null: some may have been missed, look at every pane; also sent every few seconds, the safety net under lost
     * notifications). Where only one hub uses the database, nothing ever calls.
     */
    AutoCloseable onQueued(java.util.function.Consumer<String> paneId);

    @Override
    void close();
}
