package dev.mosaic.delivery;

import dev.mosaic.model.DeliveredVia;
import dev.mosaic.model.Message;

/** Told what delivery did, for the event stream. */
public interface DeliveryListener {
    /** A message was pushed to its recipient's channel, which delivered it this way (push or socket). */
    void pushed(Message message, DeliveredVia via);

    /** A push failed and the message is queued again, so an inbox poll can take it. */
    void requeued(Message message);

    /** A pane's delivery mode (push or poll) may have changed. */
    void deliveryChanged(String paneId);
}
