package dev.mosaic.store;

import dev.mosaic.model.Room;

/** A room as a create or a change left it, and the messages stored with it (and the pushes claimed for them). */
public record RoomWritten(Room room, SendResult.Stored delivered) {
}
