package dev.mosaic.hub;

import dev.mosaic.store.Store;

/** Turns an Authorization header into the {@link Caller} it names, or a 401. */
final class Authenticator {
    private static final String BEARER = "Bearer ";

    private final String operatorToken;
    private final Store store;

    Authenticator(String operatorToken, Store store) {
        this.operatorToken = operatorToken;
        this.store = store;
    }

    Caller authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw ApiError.unauthorized("send 'Authorization: Bearer <token>' with a pane token or the "
                    + "operator token (MOSAIC_TOKEN, or the token in hub.json)");
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
