package dev.mosaic.web;

import dev.mosaic.hub.Hub;
import dev.mosaic.hub.HubConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Login links, the session cookie and the Origin checks, against a real hub over real HTTP (DESIGN.md §9). */
class WebLoginTest {
    @TempDir
    Path home;

    private final MutableClock clock = new MutableClock();
    private Hub hub;
    private Browserless browser;

    @BeforeEach
    void start() {
        hub = Hub.start(HubConfig.defaults(home).withPort(0), clock);
        browser = new Browserless(hub.url());
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private String cookieName() {
        return SessionCookie.name(hub.port());
    }

    /** Logs in with a fresh link and returns the session cookie's value. */
    private String logIn() {
        HttpResponse<String> r = browser.get(hub.newLoginLink(), Map.of());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
    }

    private Map<String, String> cookie(String session) {
        return Map.of("Cookie", cookieName() + "=" + session);
    }

    private Map<String, String> cookie(String session, String origin) {
        return Map.of("Cookie", cookieName() + "=" + session, "Origin", origin);
    }

    @Test
    void aLinkBecomesAnHttpOnlyStrictCookieAndRedirectsHome() {
        String link = hub.newLoginLink();
        assertThat(link).startsWith(hub.url() + "/login?code=").doesNotContain(hub.operatorToken());

        HttpResponse<String> r = browser.get(link, Map.of());

        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue("/");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith(cookieName() + "=").contains("; HttpOnly").contains("; SameSite=Strict")
                .contains("; Path=/").doesNotContain(hub.operatorToken());
    }

    @Test
    void theCookieActsAsTheOperatorForTheApi() {
        String session = logIn();

        assertThat(browser.get("/api/v1/panes", cookie(session)).statusCode()).isEqualTo(200);
        HttpResponse<String> join = browser.send("POST", "/api/v1/panes", "{\"name\":\"Alice\"}",
                cookie(session, hub.url()));
        assertThat(join.statusCode()).as(join.body()).isEqualTo(201);
        assertThat(browser.get("/api/v1/panes", Map.of()).statusCode()).isEqualTo(401);
        assertThat(browser.get("/api/v1/panes", cookie("made-up")).statusCode()).isEqualTo(401);
    }

    @Test
    void aCodeWorksOnce() {
        String link = hub.newLoginLink();
        assertThat(browser.get(link, Map.of()).statusCode()).isEqualTo(303);

        HttpResponse<String> again = browser.get(link, Map.of());

        assertThat(again.statusCode()).isEqualTo(401);
        assertThat(again.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(again.body()).contains("already used").contains("./mosaic login");
    }

    @Test
    void aCodeExpiresAfterFiveMinutes() {
        String fresh = hub.newLoginLink();
        String old = hub.newLoginLink();
        clock.advance(Duration.ofMinutes(4).plusSeconds(59));
        assertThat(browser.get(fresh, Map.of()).statusCode()).isEqualTo(303);
        clock.advance(Duration.ofSeconds(1));

        HttpResponse<String> r = browser.get(old, Map.of());

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("expired");
    }

    @Test
    void aMadeUpCodeOrNoneIsRefused() {
        for (String path : new String[]{"/login?code=AAAAAAAAAAAAAAAAAAAAAA", "/login", "/login?code="}) {
            HttpResponse<String> r = browser.get(path, Map.of());
            assertThat(r.statusCode()).as(path).isEqualTo(401);
            assertThat(r.body()).contains("not a login link").contains("./mosaic login");
            assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
        }
    }

    @Test
    void withoutACookieTheHomePageSaysHowToGetALink() {
        HttpResponse<String> out = browser.get("/", Map.of());
        assertThat(out.statusCode()).isEqualTo(200);
        assertThat(out.body()).contains("./mosaic login").doesNotContain("app.js");

        HttpResponse<String> in = browser.get("/", cookie(logIn()));
        assertThat(in.body()).contains("/app.js").contains("aria-label=\"Timeline\"");
        assertThat(in.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("script-src 'self'"));
    }

    @Test
    void aCookieOfAPreviousHubRunIsRefused() {
        String session = logIn();
        hub.close();
        hub = Hub.start(HubConfig.defaults(home).withPort(0), clock);
        browser = new Browserless(hub.url());

        assertThat(browser.get("/api/v1/panes", cookie(session)).statusCode()).isEqualTo(401);
        assertThat(browser.get("/", cookie(session)).body()).contains("./mosaic login");
    }

    @Test
    void onlyTheOperatorMakesLoginCodes() {
        Browserless api = browser;
        HttpResponse<String> made = api.send("POST", "/api/v1/login-codes", "{}",
                Map.of("Authorization", "Bearer " + hub.operatorToken()));
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        assertThat(made.body()).contains(hub.url() + "/login?code=").contains("\"expires_in_seconds\":300");

        HttpResponse<String> join = api.send("POST", "/api/v1/panes", "{\"name\":\"Bob\"}",
                Map.of("Authorization", "Bearer " + hub.operatorToken()));
        String paneToken = join.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
        assertThat(api.send("POST", "/api/v1/login-codes", "{}", Map.of("Authorization", "Bearer " + paneToken))
                .statusCode()).isEqualTo(403);
        assertThat(api.send("POST", "/api/v1/login-codes", "{}", Map.of()).statusCode()).isEqualTo(401);
    }

    @Test
    void stateChangingRequestsFromAnotherOriginAreRefused() {
        String session = logIn();
        String body = "{\"name\":\"Mallory\"}";

        HttpResponse<String> foreign = browser.send("POST", "/api/v1/panes", body,
                cookie(session, "http://evil.example"));
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).contains("\"code\":\"forbidden\"");
        assertThat(browser.send("POST", "/api/v1/panes", body, cookie(session, "http://127.0.0.1:1"))
                .statusCode()).isEqualTo(403);
        assertThat(browser.send("POST", "/api/v1/panes", body, cookie(session)).statusCode())
                .as("a cookie without any Origin").isEqualTo(403);
        assertThat(browser.send("POST", "/api/v1/panes", body, Map.of("Authorization",
                "Bearer " + hub.operatorToken(), "Origin", "http://evil.example")).statusCode()).isEqualTo(403);
        assertThat(browser.get("/api/v1/panes", cookie(session, "http://evil.example")).statusCode())
                .as("a read: SameSite keeps the cookie off other sites, and the page cannot read the answer")
                .isEqualTo(200);

        HttpResponse<String> cli = browser.send("POST", "/api/v1/panes", body,
                Map.of("Authorization", "Bearer " + hub.operatorToken()));
        assertThat(cli.statusCode()).as("a bearer client without Origin keeps working").isEqualTo(201);
    }

    @Test
    void theTerminalUpgradeTakesTheCookieFromTheHubsOwnPagesOnly() throws Exception {
        String session = logIn();
        HttpResponse<String> spawn = browser.send("POST", "/api/v1/panes",
                "{\"name\":\"Shell\",\"command\":[\"cat\"]}", Map.of("Authorization", "Bearer " + hub.operatorToken()));
        assertThat(spawn.statusCode()).as(spawn.body()).isEqualTo(201);
        String id = spawn.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        URI ws = URI.create(hub.url().replace("http:", "ws:") + "/api/v1/panes/" + id + "/terminal");

        // The JDK's client reports a refused upgrade only in words: "Unexpected HTTP response status code 403".
        assertThatThrownBy(() -> open(ws, session, "http://evil.example")).hasStackTraceContaining("status code 403");
        assertThatThrownBy(() -> open(ws, "made-up", hub.url())).hasStackTraceContaining("status code 401");

        WebSocket socket = open(ws, session, hub.url());
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    }

    private WebSocket open(URI ws, String session, String origin) {
        try {
            return browser.http().newWebSocketBuilder().header("Cookie", cookieName() + "=" + session)
                    .header("Origin", origin).buildAsync(ws, new WebSocket.Listener() {
                    }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }
}
