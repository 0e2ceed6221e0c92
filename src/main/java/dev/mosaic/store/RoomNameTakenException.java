package dev.mosaic.store;

/** An open room already has that name. */
public class RoomNameTakenException extends RuntimeException {
    public RoomNameTakenException(String name) {
        super("an open room is already named '" + name + "'");
    }
}
