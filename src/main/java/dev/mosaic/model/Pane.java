package dev.mosaic.model;

/** One agent as the store keeps it (its token only as a hash, never here). */
public record Pane(String id, String name, PaneKind kind, PaneStatus status, String createdAt) {

    /** The operator is a party like a pane, with this id and name. */
    public static final String OPERATOR = "operator";

    public boolean isLive() {
        return status == PaneStatus.LIVE;
    }
}
