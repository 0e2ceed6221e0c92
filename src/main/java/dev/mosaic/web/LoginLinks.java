package dev.mosaic.web;

import java.util.function.Supplier;

/** Makes login links, {@code http://127.0.0.1:PORT/login?code=…}, for {@code mosaic up} and {@code mosaic login}. */
public final class LoginLinks {
    private final LoginCodes codes;
    private final Supplier<String> hubUrl;

    /** hubUrl: the hub's base URL, known once it listens. */
    public LoginLinks(LoginCodes codes, Supplier<String> hubUrl) {
        this.codes = codes;
        this.hubUrl = hubUrl;
    }

    /** A link with a fresh code; it works once, for {@link LoginCodes#LIFETIME}. */
    public String issue() {
        return hubUrl.get() + "/login?code=" + codes.issue();
    }
}
