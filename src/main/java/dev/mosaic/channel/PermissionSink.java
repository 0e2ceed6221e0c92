package dev.mosaic.channel;

import dev.mosaic.model.PermissionAnswer;

/** Where approval answers the hub pushes go: Claude Code, as {@code notifications/claude/channel/permission}. */
interface PermissionSink {
    MessageSink.Outcome answer(PermissionAnswer answer);
}
