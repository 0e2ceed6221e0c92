package dev.mosaic.web;

/**
 * The session cookie's name and attributes. The name carries the port: cookies ignore ports, and two hubs on one
 * machine must not overwrite each other's session.
 */
public final class SessionCookie {
    private SessionCookie() {
    }

    public static String name(int port) {
        return "mosaic_session_" + port;
    }

    /**
     * The Set-Cookie value: HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it), no
     * Expires (it ends with the browser session; the hub forgets it when it stops anyway). No Secure: the hub
     * speaks plain HTTP on loopback.
     */
    static String header(int port, String sessionId) {
        return name(port) + "=" + sessionId + "; Path=/; HttpOnly; SameSite=Strict";
    }
}
