package dev.mosaic.store;

/**
 * When a SQLite commit counts as done (its {@code PRAGMA synchronous}): {@link #FULL} after the WAL is fsynced, so a
 * sent message survives a power cut; {@link #NORMAL} once the WAL is written, so it survives the hub's crash but a
 * power cut or an OS crash may lose the last moments' messages (never corrupt the file).
 */
public enum Synchronous {
    FULL,
    NORMAL
}
