package dev.mosaic.channel;

/** What the channel tells the hub of Claude Code's messaging socket when it registers (DESIGN §10). */
enum SocketOffer {
    /** Claude Code gave this process no socket: notifications are the only way to the agent. */
    NONE(""),
    /** The socket is there, for when a push goes unseen. */
    OFFERED("; Claude Code's messaging socket offered"),
    /**
     * The socket is there and Claude Code was started without channel flags ({@link ClaudeLaunch}): it drops every
     * notification, so messages go through the socket from the first one.
     */
    FIRST("; Claude Code was started without channels: messages go through its messaging socket");

    private final String logged;

    SocketOffer(String logged) {
        this.logged = logged;
    }

    /** The tail of the channel's "registered" log line. */
    String logged() {
        return logged;
    }
}
