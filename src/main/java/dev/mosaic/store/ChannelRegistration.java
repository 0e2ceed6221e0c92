package dev.mosaic.store;

/**
 * A channel's promise: "push this pane's messages to 127.0.0.1:port, with this secret". {@code notSeen}: a push to it
 * was not seen by the agent (DESIGN §10), so it is down until a later push is seen. {@code socket}: the channel can
 * also deliver through Claude Code's messaging socket, and no delivery that way has gone unseen yet.
 */
public record ChannelRegistration(String paneId, int port, String secret, boolean down, String registeredAt,
                                  boolean notSeen, boolean socket) {

    /** A registration that no unseen push has marked. */
    public ChannelRegistration(String paneId, int port, String secret, boolean down, String registeredAt) {
        this(paneId, port, secret, down, registeredAt, false, false);
    }

    /** A registration without the socket. */
    public ChannelRegistration(String paneId, int port, String secret, boolean down, String registeredAt,
                               boolean notSeen) {
        this(paneId, port, secret, down, registeredAt, notSeen, false);
    }

    /**
     * True when this pane's messages go through the socket: pushes to it were not seen, and the channel offered the
     * socket (which has not failed to be seen either).
     */
    public boolean socketRoute() {
        return notSeen && socket;
    }

    /** Whether both are the same channel's registration: the same port and secret (a port alone may be reused). */
    public boolean sameChannel(ChannelRegistration other) {
        return other != null && port == other.port && secret.equals(other.secret);
    }

    @Override
    public String toString() {
        return "ChannelRegistration[paneId=" + paneId + ", port=" + port + ", down=" + down + ", notSeen=" + notSeen
                + ", socket=" + socket + "]";
    }
}
