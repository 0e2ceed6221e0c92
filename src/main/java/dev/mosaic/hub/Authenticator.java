package dev.mosaic.hub;

import dev.mosaic.store.Store;
import dev.mosaic.web.SessionCookie;
import dev.mosaic.web.Sessions;
import io.javalin.http.Context;

/**
 * Turns an Authorization header, or the browser's session cookie (the operator, DESIGN.md §9), into the
 * {@link Caller} it names, or a 401.
 */
final class Authenticator {
    private static final String BEARER = "Bearer ";

    private final String operatorToken;
    private final Store store;
    private final Sessions sessions;

    Authenticator(String operatorToken, Store store, Sessions sessions) {
        this.operatorToken = operatorToken;
        this.store = store;
        this.sessions = sessions;
    }

    /** The bearer header when there is one (a client that sends it means it), else the session cookie. */
    Caller authenticate(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization == null && byCookie(ctx)) {
            return new Caller.Operator();
        }
        return authenticate(authorization);
    }

    /** Whether this request has no bearer header and carries an open session's cookie. */
    boolean byCookie(Context ctx) {
        return ctx.header("Authorization") == null
                && sessions.isOpen(ctx.cookie(SessionCookie.name(ctx.req().getLocalPort())));
    }

    Caller authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw ApiError.unauthorized("send 'Authorization: Bearer <token>' with a pane token or the "
                    + "operator token (MOSAIC_TOKEN, or the token in hub.json); a browser logs in with "
                    + "the link 'mosaic login' prints");
        }
        String token = authorization.substring(BEARER.length()).strip();
        if (Tokens.sameSecret(token, operatorToken)) {
            return new Caller.Operator();
        }
        return store.livePaneByTokenHash(Tokens.hash(token))
                .<Caller>map(Caller.AsPane::new)
                .orElseThrow(() -> ApiError.unauthorized("unknown token: it belongs to no live pane (was the pane "
                        + "stopped?) and is not the operator token"));
    }
}
