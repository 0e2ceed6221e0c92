package dev.mosaic.model;

/** One post of a room's transcript: the turn it used, who wrote it and what. */
public record RoomPost(int turn, String id, String fromId, String fromName, String text, String createdAt) {
}
