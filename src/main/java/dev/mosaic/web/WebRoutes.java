package dev.mosaic.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The browser's side of the hub (DESIGN.md §9): {@code /login?code=…} turns a one-time code into the session
 * cookie, {@code /} is the workstation (or, without a session, how to get a link), and every other GET outside
 * the API is a file of the page.
 */
public final class WebRoutes {
    /**
     * Scripts only from the hub; inline styles allowed because xterm.js writes a style element for its cells.
     * 'self' covers the hub's own ws:// address.
     */
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private final LoginCodes codes;
    private final Sessions sessions;
    private final StaticFiles files;

    public WebRoutes(LoginCodes codes, Sessions sessions, StaticFiles files) {
        this.codes = codes;
        this.sessions = sessions;
        this.files = files;
    }

    /** Installs the routes; call after the API's, so that the API's paths win. */
    public void install(RoutesConfig r) {
        r.get("/login", this::login);
        r.get("/", ctx -> {
            boolean in = sessions.isOpen(ctx.cookie(SessionCookie.name(ctx.req().getLocalPort())));
            serve(ctx, in ? "/index.html" : "/welcome.html");
            ctx.header("Cache-Control", "no-store");
        });
        r.get("/*", ctx -> {
            if (ctx.path().startsWith("/api/")) {
                ctx.status(404);
                return;
            }
            serve(ctx, ctx.path());
        });
    }

    private void login(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        ctx.header("Referrer-Policy", "no-referrer");
        String why = switch (codes.redeem(ctx.queryParam("code"))) {
            case ACCEPTED -> null;
            case USED -> "This login link was already used: each link works once.";
            case EXPIRED -> "This login link expired: a link works for 5 minutes.";
            case UNKNOWN -> "This is not a login link of this hub (it may be from a hub that has since restarted).";
        };
        if (why == null) {
            ctx.header("Set-Cookie", SessionCookie.header(ctx.req().getLocalPort(), sessions.open()));
            ctx.redirect("/", io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        ctx.status(401).contentType("text/html; charset=utf-8").header("Content-Security-Policy", CSP)
                .result(refusalPage(why));
    }

    private void serve(Context ctx, String path) {
        Optional<StaticFiles.Asset> found = files.find(path);
        if (found.isEmpty()) {
            ctx.status(404).contentType("text/plain; charset=utf-8").result("Not found");
            return;
        }
        StaticFiles.Asset a = found.get();
        ctx.header("ETag", a.etag());
        ctx.header("Cache-Control", a.cacheControl());
        ctx.header("X-Content-Type-Options", "nosniff");
        if (a.contentType().startsWith("text/html")) {
            ctx.header("Content-Security-Policy", CSP);
        }
        if (a.etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.status(200).contentType(a.contentType()).result(a.bytes());
    }

    private static byte[] refusalPage(String why) {
        String html = """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Mosaic: log in</title>
                <link rel="stylesheet" href="/style.css"></head>
                <body class="welcome"><main>
                <h1>Mosaic</h1>
                <p role="alert">%s</p>
                <p>Get a fresh link: run <code>./mosaic login</code> in a terminal on this machine and open the link it prints.</p>
                </main></body></html>
                """.formatted(why);
        return html.getBytes(StandardCharsets.UTF_8);
    }
}
