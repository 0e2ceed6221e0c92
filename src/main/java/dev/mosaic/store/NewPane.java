package dev.mosaic.store;

import dev.mosaic.model.PaneKind;

/** What it takes to add a pane: its id, name, kind and the hash of its token. */
public record NewPane(String id, String name, PaneKind kind, String tokenHash, String createdAt) {
}
