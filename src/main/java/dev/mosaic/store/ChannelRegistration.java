package dev.mosaic.store;

/** A channel's promise: "push this pane's messages to 127.0.0.1:port, with this secret". */
public record ChannelRegistration(String paneId, int port, String secret, boolean down, String registeredAt) {
    @Override
    public String toString() {
        return "ChannelRegistration[paneId=" + paneId + ", port=" + port + ", down=" + down + "]";
    }
}
