package dev.mosaic.web;

import dev.mosaic.testing.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The page's files from the jar: types, caching, 404s, and no way out of web/. */
class StaticFilesTest {
    @TempDir
    Path home;

    private TestHub hub;
    private Browserless browser;

    @BeforeEach
    void start() {
        hub = new TestHub(home);
        browser = new Browserless(hub.url());
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void filesComeWithTheirTypesAndCacheRules() {
        assertThat(type("/app.js")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(type("/style.css")).isEqualTo("text/css; charset=utf-8");
        assertThat(type("/welcome.html")).matches("text/html; ?charset=utf-8");

        HttpResponse<String> js = browser.get("/terminal.js", Map.of());
        assertThat(js.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(js.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        String etag = js.headers().firstValue("ETag").orElseThrow();
        assertThat(browser.get("/terminal.js", Map.of("If-None-Match", etag)).statusCode()).isEqualTo(304);
    }

    @Test
    void xtermIsServedByTheHubAndKeptForGood() {
        HttpResponse<String> xterm = browser.get("/vendor/xterm-6.0.0/lib/xterm.mjs", Map.of());
        assertThat(xterm.statusCode()).isEqualTo(200);
        assertThat(xterm.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(xterm.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
        assertThat(xterm.body()).contains("export{");
        assertThat(browser.get("/vendor/addon-fit-0.11.0/lib/addon-fit.mjs", Map.of()).statusCode()).isEqualTo(200);
        assertThat(browser.get("/vendor/xterm-6.0.0/css/xterm.css", Map.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void thePageNamesItsOwnFilesUnderItsReleaseWhichAreKeptForGood() {
        String page = browser.get("/index.html", Map.of()).body();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("src=\"/r/([A-Za-z0-9_-]+)/app\\.js\"")
                .matcher(page);
        assertThat(m.find()).as(page).isTrue();
        String release = m.group(1);
        assertThat(page).contains("href=\"/r/" + release + "/style.css\"")
                .contains("href=\"/r/" + release + "/terminal.js\"")
                .contains("href=\"/vendor/xterm-6.0.0/lib/xterm.mjs\"") // versioned already
                .doesNotContain("src=\"/app.js\"");

        HttpResponse<String> app = browser.get("/r/" + release + "/app.js", Map.of());
        assertThat(app.statusCode()).isEqualTo(200);
        assertThat(app.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(app.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
        assertThat(app.body()).isEqualTo(browser.get("/app.js", Map.of()).body());
        // Another release's name is never answered (it would be kept for good under the wrong bytes), nor a way out.
        assertThat(browser.get("/r/AAAAAAAAAAAAAAAA/app.js", Map.of()).statusCode()).isEqualTo(404);
        assertThat(browser.get("/r/" + release + "/nope.js", Map.of()).statusCode()).isEqualTo(404);
        assertThat(browser.get("/r/" + release + "/../pom.xml", Map.of()).statusCode()).isIn(400, 404);
    }

    @Test
    void theReleaseChangesWithAnyFileOfThePage(@TempDir Path classes) throws IOException {
        Path web = java.nio.file.Files.createDirectories(classes.resolve("web"));
        java.nio.file.Files.writeString(web.resolve("index.html"), "<script src=\"/a.js\"></script>");
        java.nio.file.Files.writeString(web.resolve("a.js"), "1");
        try (var loader = new java.net.URLClassLoader(new java.net.URL[]{classes.toUri().toURL()}, null)) {
            String first = new StaticFiles(loader, "web").release().orElseThrow();
            assertThat(new StaticFiles(loader, "web").release()).hasValue(first);
            java.nio.file.Files.writeString(web.resolve("a.js"), "2");
            assertThat(new StaticFiles(loader, "web").release()).isPresent().isNotEqualTo(Optional.of(first));
        }
        // From a jar too, as the hub is shipped.
        Path jar = classes.resolve("page.jar");
        try (var out = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(jar))) {
            for (String name : new String[]{"web/index.html", "web/a.js"}) {
                out.putNextEntry(new java.util.jar.JarEntry(name));
                out.write(java.nio.file.Files.readAllBytes(classes.resolve(name)));
                out.closeEntry();
            }
        }
        try (var loader = new java.net.URLClassLoader(new java.net.URL[]{jar.toUri().toURL()}, null)) {
            StaticFiles files = new StaticFiles(loader, "web");
            assertThat(files.release()).isPresent();
            assertThat(new String(files.find("/index.html").orElseThrow().bytes(), StandardCharsets.UTF_8))
                    .isEqualTo("<script src=\"/r/" + files.release().get() + "/a.js\"></script>");
        }
    }

    @Test
    void theIndexNamesNoOtherHost() {
        HttpResponse<String> page = browser.get("/index.html", Map.of());
        assertThat(page.body()).doesNotContain("http://").doesNotContain("https://").doesNotContain("//cdn");
    }

    @Test
    void unknownFilesAre404() {
        assertThat(browser.get("/nope.js", Map.of()).statusCode()).isEqualTo(404);
        assertThat(browser.get("/vendor", Map.of()).statusCode()).isEqualTo(404);
        assertThat(browser.get("/vendor/xterm-6.0.0/LICENSE", Map.of()).statusCode()).isEqualTo(404);
        HttpResponse<String> api = browser.get("/api/v2/anything", Map.of());
        assertThat(api.statusCode()).isEqualTo(404);
        assertThat(api.body()).contains("\"code\":\"not_found\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../pom.xml", "/%2e%2e/pom.xml", "/..%2fpom.xml", "/vendor/../../dev/mosaic/hub/Hub.class",
            "/.%2e/simplelogger.properties", "/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/..\\simplelogger.properties",
            "/web/app.js", "/simplelogger.properties", "/.hidden.js", "//etc/passwd"})
    void noPathLeavesTheWebFolder(String path) throws IOException {
        String answer = raw(path);
        String status = answer.substring(0, answer.indexOf("\r\n"));
        assertThat(status).as(path).matches("HTTP/1\\.1 (400|404) .*");
        assertThat(answer).doesNotContain("org.slf4j").doesNotContain("root:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../x.js", "/a/../b.js", "/./a.js", "/.a.js", "/a//b.js", "/a\\b.js", "/a%2fb.js",
            "/", "/dir/", "/noextension", "/x.class", "/x.properties", "x.js"})
    void badPathsResolveToNothing(String path) {
        assertThat(StaticFiles.relative(path)).as(path).isEmpty();
    }

    private String type(String path) {
        HttpResponse<String> r = browser.get(path, Map.of());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.headers().firstValue("Content-Type").orElseThrow();
    }

    /** Sends the path as it is, with no client normalising it first. */
    private String raw(String path) throws IOException {
        URI u = URI.create(hub.url());
        try (Socket s = new Socket(u.getHost(), u.getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + u.getHost() + ":" + u.getPort()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
