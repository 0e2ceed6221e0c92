package dev.mosaic.channel;

/** A tool call that cannot be done; the message is a sentence telling the agent what to do instead. */
final class ToolError extends RuntimeException {
    ToolError(String message) {
        super(message, null, false, false);
    }
}
