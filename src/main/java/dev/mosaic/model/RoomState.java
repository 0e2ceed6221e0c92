package dev.mosaic.model;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Where a room stands: open or closed, how many turns were used, and whose turn it is (the member with the floor in
 * a moderated room, the next member in a round-robin one; null when anyone may post or the moderator has not given
 * the floor). {@code version} grows with every change: a change is written only over the version it was decided on.
 */
public record RoomState(RoomStatus status, int turnsUsed, Party whoseTurn, String closedAt,
                        @JsonIgnore long version) {
}
