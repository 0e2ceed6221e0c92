package dev.mosaic.store;

import dev.mosaic.model.Message;

import java.util.List;

/**
 * What a seen receipt changed: the messages it marked seen, and whether it lifted the pane's not_seen mark (push
 * resumes).
 */
public record SeenResult(List<Message> seen, boolean pushRestored) {
}
