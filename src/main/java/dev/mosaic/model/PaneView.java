package dev.mosaic.model;

/** A pane as `GET /api/v1/panes` shows it. */
public record PaneView(String id, String name, PaneKind kind, PaneStatus status, Delivery delivery, long unread,
                       String createdAt) {
}
