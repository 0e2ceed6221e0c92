package dev.mosaic.model;

import java.util.Optional;

/**
 * One agent as the store keeps it (its token only as a hash, never here). {@code process} is present for a spawned
 * pane once its process started.
 */
public record Pane(String id, String name, PaneKind kind, PaneStatus status, String createdAt,
                   Optional<PaneProcess> process) {

    /** The operator is a party like a pane, with this id and name. */
    public static final String OPERATOR = "operator";

    /** A pane with no process of the hub's (joined, or spawned but not started yet). */
    public Pane(String id, String name, PaneKind kind, PaneStatus status, String createdAt) {
        this(id, name, kind, status, createdAt, Optional.empty());
    }

    public boolean isLive() {
        return status == PaneStatus.LIVE;
    }
}
