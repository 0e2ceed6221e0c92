package dev.mosaic.web;

import dev.mosaic.model.Json;
import dev.mosaic.testing.ApiClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The "Done when" with the real Claude Code (pinned, against the fake model API of e2e/claude-code), as a new
 * user does it: {@code ./mosaic up --open} opens the login link in the browser (here: headless Chromium), two Claude
 * Code agents are spawned from the page's dialog, the user types a prompt into one agent's terminal tile, that
 * agent's model calls the channel's {@code send} tool to the other, the timeline shows the message and the answer
 * with their routes, and a tool call that needs permission is relayed by the hub and allowed on the page, so the
 * command runs. Nothing after {@code ./mosaic up} goes through a shell or the API: the API is only read, to check.
 * <p>
 * Runs only when {@code MOSAIC_E2E_CLAUDE} names the pinned Claude Code (e2e/claude-code/web.sh installs it and sets
 * it); skipped otherwise, saying so.
 */
class ClaudeCodeWorkstationTest {
    private static final String API_KEY =
            "sk-ant-api03-mosaic-e2e-fake-key-0000000000000000-AAAAAAAAAAAAAAAAAAAA";
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path SCREENSHOT = Path.of("target", "workstation-claude-code.png");

    /** Kept when the test fails: the hub's log, the fake API's requests, each Claude Code's debug file. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    private final Duration step = Duration.ofSeconds(Long.parseLong(
            System.getenv().getOrDefault("MOSAIC_E2E_TIMEOUT", "180")));
    private final List<Process> processes = new ArrayList<>();
    private Path project;
    private Process hub;
    private String hubUrl;
    private ApiClient api;
    private String operatorToken;
    private WebDriver driver;

    @BeforeEach
    void start() throws IOException {
        String claude = System.getenv("MOSAIC_E2E_CLAUDE");
        if (claude == null || !Files.isExecutable(Path.of(claude))) {
            String why = "MOSAIC_E2E_CLAUDE does not name Claude Code (e2e/claude-code/web.sh installs the pinned one "
                    + "and runs this test with it)";
            System.err.println("\n*** SKIPPED: the web workstation with the real Claude Code: " + why + " ***\n");
            Assumptions.abort(why);
        }
        if (!Files.isExecutable(WorkstationBrowserTest.CHROMIUM)
                || !Files.isExecutable(WorkstationBrowserTest.CHROMEDRIVER)) {
            throw new IllegalStateException("no " + WorkstationBrowserTest.CHROMIUM + " or "
                    + WorkstationBrowserTest.CHROMEDRIVER + " (apt-get install chromium chromium-driver)");
        }
        System.err.println("ClaudeCodeWorkstationTest: the run's files are in " + work + " (kept if it fails)");
        String fakeApi = startFakeApi();
        Path home = seedHome();

        // `./mosaic up --open`, with a BROWSER that only notes the link it is given (Chromium below opens it), and
        // the environment a user with Claude Code would have (here: pointed at the fake model API).
        Path browser = work.resolve("browser");
        Path opened = work.resolve("opened");
        Files.writeString(browser, "#!/bin/sh\nprintf '%s\\n' \"$1\" > '" + opened + "'\n");
        Files.setPosixFilePermissions(browser, PosixFilePermissions.fromString("rwx------"));
        ProcessBuilder up = new ProcessBuilder(ROOT.resolve("mosaic").toString(), "up", "--open", "--port", "0")
                .directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("hub.log").toFile());
        Map<String, String> env = up.environment();
        env.keySet().removeIf(k -> k.startsWith("MOSAIC_"));
        env.put("MOSAIC_HOME", work.resolve("mosaic-home").toString());
        env.put("HOME", home.toString());
        env.put("BROWSER", browser.toString());
        env.put("MOSAIC_CLAUDE", claude);
        env.put("ANTHROPIC_BASE_URL", fakeApi);
        env.put("ANTHROPIC_API_KEY", API_KEY);
        env.put("CLAUDE_CODE_GB_DISK_CACHE_WHEN_TELEMETRY_OFF", "1");
        env.put("DISABLE_TELEMETRY", "1");
        env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
        env.put("DISABLE_AUTOUPDATER", "1");
        env.put("ENABLE_TOOL_SEARCH", "false");
        env.put("MCP_TIMEOUT", System.getenv().getOrDefault("MOSAIC_E2E_MCP_TIMEOUT", "30000"));
        hub = started(up);
        await("the hub to start and hand the browser its link").atMost(step).until(() -> {
            assertThat(hub.isAlive()).as("the hub runs: %s", log("hub.log")).isTrue();
            return Files.exists(opened) && !Files.readString(opened).isBlank();
        });
        JsonNode hubFile = Json.MAPPER.readTree(work.resolve("mosaic-home/hub.json").toFile());
        hubUrl = hubFile.path("url").asString();
        api = new ApiClient(hubUrl);
        operatorToken = hubFile.path("token").asString();

        ChromeOptions options = new ChromeOptions();
        options.setBinary(WorkstationBrowserTest.CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1500,950", "--no-first-run", "--disable-extensions");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(WorkstationBrowserTest.CHROMEDRIVER.toFile()).usingAnyFreePort().build(),
                options);
        driver.get(Files.readString(opened).strip());
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (driver != null) {
            driver.quit();
        }
        // The hub stops its panes (Claude Code and the channels they started) before it exits.
        for (Process p : processes.reversed()) {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }

    @Test
    void twoClaudeCodeAgentsSpawnedFromThePageTalkTakeTypedKeysAndGetAnApprovalAnswered() throws IOException {
        await("the workstation after the login link").atMost(step)
                .until(() -> driver.getCurrentUrl().equals(hubUrl + "/"));

        WebElement ace = spawnClaude("Ace");
        WebElement bee = spawnClaude("Bee");
        for (WebElement tile : List.of(ace, bee)) {
            // The hub answered the development-channels warning; the prompt is up and the channel registered.
            await("Claude Code's prompt in " + tile.getAccessibleName() + "'s tile").atMost(step).untilAsserted(() ->
                    assertThat(compact(screen(tile))).contains("forshortcuts"));
            await(tile.getAccessibleName() + "'s channel (push)").atMost(step).untilAsserted(() ->
                    assertThat(tile.findElement(By.cssSelector(".badge")).getText()).isEqualTo("push"));
        }

        // Typed into Ace's terminal: the keys reach Claude Code (its prompt shows them), Enter sends the prompt, and
        // Ace's model answers with the channel's send tool, to Bee.
        ace.findElement(By.cssSelector(".xterm-screen")).click();
        new Actions(driver).sendKeys("SEND:Bee:hello Bee, from Ace").perform();
        await("the typed prompt in Ace's terminal").atMost(step).untilAsserted(() ->
                assertThat(compact(screen(ace))).contains("SEND:Bee:helloBee,fromAce"));
        new Actions(driver).sendKeys(Keys.ENTER).perform();

        // The timeline: Ace's message to Bee, pushed to Bee's channel, seen by her session, read when she answered;
        // her answer, pushed to Ace and seen there.
        WebElement timeline = awaitNamed("[role=region]", "Timeline");
        WebElement hello = await("Ace's message in the timeline").atMost(step)
                .until(() -> message(timeline, "hello Bee, from Ace"), Optional::isPresent).orElseThrow();
        assertThat(hello.findElement(By.cssSelector(".who")).getText()).isEqualTo("Ace → Bee");
        await("the route of Ace's message").atMost(step).untilAsserted(() ->
                assertThat(hello.findElement(By.cssSelector(".route")).getText()).isEqualTo("pushed, seen, read"));
        WebElement answer = await("Bee's answer in the timeline").atMost(step)
                .until(() -> message(timeline, "pong from Bob"), Optional::isPresent).orElseThrow();
        assertThat(answer.findElement(By.cssSelector(".who")).getText()).isEqualTo("Bee → Ace");
        await("the route of Bee's answer").atMost(step).untilAsserted(() ->
                assertThat(answer.findElement(By.cssSelector(".route")).getText()).isEqualTo("pushed, seen"));
        JsonNode sent = messages().stream().filter(m -> m.path("text").asString().equals("hello Bee, from Ace"))
                .findFirst().orElseThrow();
        assertThat(sent.path("from_name").asString()).isEqualTo("Ace");

        // The compose box asks Bee to run a command; Claude Code asks for permission, the hub relays it to the page,
        // and Allow there lets the command run.
        named("input, textarea", "To").sendKeys("Bee");
        named("input, textarea", "Message").sendKeys("please RUN:touch ran-from-the-page");
        named("button", "Send").click();
        WebElement allow = await("the relayed approval on the page").atMost(step)
                .until(() -> find("button", "Allow Bash for Bee"), Optional::isPresent).orElseThrow();
        WebElement approvals = awaitNamed("[role=region]", "Approvals");
        assertThat(approvals.getText()).contains("touch ran-from-the-page");
        await("Bee needing approval").atMost(step).untilAsserted(() ->
                assertThat(bee.findElement(By.cssSelector(".agent")).getAccessibleName())
                        .isEqualTo("Agent: needs approval"));
        screenshot();
        allow.click();
        await("the allowed command to run").atMost(step).until(() ->
                Files.exists(project.resolve("ran-from-the-page")));
        await("the page to say it was allowed").atMost(step).untilAsserted(() ->
                assertThat(approvals.getText()).contains("Allowed Bash for Bee").contains("No approvals waiting"));

        List<LogEntry> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(severe).as("console errors").isEmpty();
    }

    /** Claude Code from the spawn dialog, as a user fills it in: its tile, once its terminal is there. */
    private WebElement spawnClaude(String name) {
        named("button", "Spawn").click();
        WebElement dialog = named("dialog", "Spawn a pane");
        dialog.findElement(By.cssSelector("input[value=claude]")).click();
        named("input", "Name").sendKeys(name);
        // Claude Code's own arguments: a debug file, kept with the run's files when it fails.
        named("input", "Command").sendKeys("--debug-file " + work.resolve(name + "-debug.log"));
        named("input", "Directory").sendKeys(project.toString());
        dialog.findElement(By.cssSelector("button[value=start]")).click();
        WebElement tile = awaitNamed("[role=region]", name);
        await(name + "'s dialog to close").atMost(step).untilAsserted(() ->
                assertThat(dialog.isDisplayed()).as(dialog.getText()).isFalse());
        await(name + "'s terminal").atMost(step).until(() -> !tile.findElements(By.cssSelector(".xterm-rows"))
                .isEmpty());
        return tile;
    }

    /** The fake Anthropic API of e2e/claude-code, logging every request; its URL. */
    private String startFakeApi() throws IOException {
        Path portFile = work.resolve("fake.port");
        started(new ProcessBuilder("node", ROOT.resolve("e2e/claude-code/fake-anthropic.mjs").toString(), "serve",
                "--log", work.resolve("requests.jsonl").toString(), "--port-file", portFile.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("fake-api.log").toFile()));
        await("the fake API to listen").atMost(Duration.ofSeconds(30)).until(() ->
                Files.exists(portFile) && !Files.readString(portFile).isBlank());
        return "http://127.0.0.1:" + Files.readString(portFile).strip();
    }

    /**
     * A HOME for Claude Code as run.sh seeds it: onboarding done, the fake key approved, the project trusted, the
     * permission relay's feature flags on, the channel's tools allowed (Bash is not: it needs an approval). The hub
     * adds the channel's MCP entry and Mosaic's hooks itself when the page spawns Claude Code.
     */
    private Path seedHome() throws IOException {
        Path home = work.resolve("home");
        project = work.resolve("project");
        Files.createDirectories(home.resolve(".claude"));
        Files.createDirectories(project);
        project = project.toRealPath();
        var claudeJson = Json.MAPPER.createObjectNode();
        claudeJson.put("hasCompletedOnboarding", true).put("hasSeenAutoDefaultNudge", true).put("theme", "dark");
        claudeJson.putObject("customApiKeyResponses").putArray("approved").add(API_KEY.substring(API_KEY.length() - 20));
        claudeJson.withObject("customApiKeyResponses").putArray("rejected");
        claudeJson.putObject("projects").putObject(project.toString()).put("hasTrustDialogAccepted", true);
        claudeJson.putObject("cachedGrowthBookFeatures").put("tengu_harbor", true)
                .put("tengu_harbor_permissions", true);
        Files.writeString(home.resolve(".claude.json"), claudeJson.toPrettyString());
        Files.setPosixFilePermissions(home.resolve(".claude.json"), PosixFilePermissions.fromString("rw-------"));
        var settings = Json.MAPPER.createObjectNode();
        var allow = settings.putObject("permissions").put("defaultMode", "default").putArray("allow");
        for (String tool : List.of("reply", "send", "list_agents", "read_inbox", "room_post", "pass_floor")) {
            allow.add("mcp__mosaic-channel__" + tool);
        }
        Files.writeString(home.resolve(".claude/settings.json"), settings.toPrettyString());
        return home;
    }

    private Process started(ProcessBuilder pb) throws IOException {
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    private String log(String name) {
        try {
            return Files.readString(work.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<JsonNode> messages() {
        ApiClient.Answer a = api.get(operatorToken, "/api/v1/messages?limit=100");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        return a.json().path("messages").valueStream().toList();
    }

    /** The timeline's entry of the message with this text. */
    private static Optional<WebElement> message(WebElement timeline, String text) {
        return timeline.findElements(By.cssSelector("article.message")).stream()
                .filter(m -> m.findElement(By.cssSelector(".text")).getText().equals(text)).findFirst();
    }

    /** What the tile's terminal shows. */
    private static String screen(WebElement tile) {
        return tile.findElement(By.cssSelector(".xterm-rows")).getText();
    }

    /** Text without its whitespace: Claude Code moves the cursor between words instead of writing spaces. */
    private static String compact(String s) {
        return s.replaceAll("[\\s\\u00a0]+", "");
    }

    private WebElement named(String css, String name) {
        return AccessibleNames.named(driver, css, name);
    }

    private Optional<WebElement> find(String css, String name) {
        return AccessibleNames.find(driver, css, name);
    }

    private WebElement awaitNamed(String css, String name) {
        return await(css + " " + name).atMost(step).until(() -> find(css, name), Optional::isPresent).orElseThrow();
    }

    private void screenshot() {
        try {
            Files.createDirectories(SCREENSHOT.getParent());
            Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOT,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
