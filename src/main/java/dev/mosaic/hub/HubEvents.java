package dev.mosaic.hub;

import dev.mosaic.delivery.DeliveryListener;
import dev.mosaic.model.Approval;
import dev.mosaic.model.Json;
import dev.mosaic.model.DeliveredVia;
import dev.mosaic.model.Message;
import dev.mosaic.model.MessageStatus;
import dev.mosaic.model.PaneView;
import dev.mosaic.model.Room;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the hub tells the event stream (new messages, delivery changes, pane changes, alerts), and what delivery
 * tells long polls. Events are published whether or not anyone is listening: a client that reconnects with
 * Last-Event-ID gets what it missed meanwhile.
 */
final class HubEvents implements DeliveryListener {
    private final EventBus bus;
    private final PaneViews paneViews;
    private final InboxSignals inboxSignals;
    private final ChannelLeases leases;

    HubEvents(EventBus bus, PaneViews paneViews, InboxSignals inboxSignals, ChannelLeases leases) {
        this.bus = bus;
        this.paneViews = paneViews;
        this.inboxSignals = inboxSignals;
        this.leases = leases;
    }

    void message(Message m) {
        bus.publish("message", Json.MAPPER.writeValueAsString(m.forApi()));
    }

    /** A message changed status (pushed, polled, read). */
    void delivery(Message m) {
        publishDelivery(m.id(), m.toId(), m.toName(), m.forApi().status(), m.deliveredVia());
    }

    private void publishDelivery(String id, String toId, String toName, MessageStatus status, DeliveredVia via) {
        bus.publish("delivery", Json.MAPPER.writeValueAsString(deliveryData(id, toId, toName, status, via)));
    }

    private static Map<String, Object> deliveryData(String id, String toId, String toName, MessageStatus status,
                                                    DeliveredVia via) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("message_id", id);
        d.put("to_id", toId);
        d.put("to_name", toName);
        d.put("status", status);
        d.put("delivered_via", via);
        return d;
    }

    /** The agent took a pushed message in (DESIGN §10): a delivery event with {@code "seen": true}. */
    void seen(Message m) {
        Map<String, Object> d = deliveryData(m.id(), m.toId(), m.toName(), m.forApi().status(), m.deliveredVia());
        d.put("seen", true);
        d.put("seen_at", m.seenAt());
        bus.publish("delivery", Json.MAPPER.writeValueAsString(d));
    }

    /** A push the agent did not see went back to the queue, to be delivered again marked redelivered. */
    void unseen(Message m) {
        Map<String, Object> d = deliveryData(m.id(), m.toId(), m.toName(), m.forApi().status(), m.deliveredVia());
        d.put("redelivered", true);
        bus.publish("delivery", Json.MAPPER.writeValueAsString(d));
    }

    void pane(String paneId) {
        paneViews.of(paneId).ifPresent(this::pane);
    }

    /** A pane as it is now, read already. */
    void pane(PaneView v) {
        bus.publish("pane", Json.MAPPER.writeValueAsString(v));
    }

    /** An approval was asked for or answered. */
    void approval(Approval a) {
        bus.publish("approval", Json.MAPPER.writeValueAsString(a));
    }

    /** A room was created, took a post, gave the floor or closed: the room as it is now, without its transcript. */
    void room(Room r) {
        bus.publish("room", Json.MAPPER.writeValueAsString(r));
    }

    void alert(String code, String message, Map<String, String> details) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("code", code);
        a.put("message", message);
        a.putAll(details);
        bus.publish("alert", Json.MAPPER.writeValueAsString(a));
    }

    @Override
    public void pushed(Message m, DeliveredVia via) {
        leases.heard(m.toId()); // the channel proved it got the message: the surest sign it is alive
        publishDelivery(m.id(), m.toId(), m.toName(), MessageStatus.PUSHED, via);
    }

    /** Wakes long polls: a message that failed to push is theirs to take now. */
    @Override
    public void requeued(Message m) {
        inboxSignals.signal(m.toId());
    }

    @Override
    public void deliveryChanged(String paneId) {
        pane(paneId);
    }
}
