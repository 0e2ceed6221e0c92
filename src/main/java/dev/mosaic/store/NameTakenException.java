package dev.mosaic.store;

/** A live pane already has that name. */
public class NameTakenException extends RuntimeException {
    public NameTakenException(String name) {
        super("a live pane is already named '" + name + "'");
    }
}
