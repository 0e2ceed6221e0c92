package dev.mosaic.web;

import dev.mosaic.testing.FakeChannel;
import dev.mosaic.testing.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
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

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The workstation in a real browser (Debian's chromium, headless, through its chromedriver): log in with the
 * link, see two joined panes and a spawned shell, type into the shell, send from the compose box and watch the
 * timeline and the unread count. Elements are found by their accessible names, as a screen reader would.
 */
class WorkstationBrowserTest {
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("MOSAIC_CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("MOSAIC_CHROMEDRIVER",
            "/usr/bin/chromedriver"));
    static final Path SCREENSHOT = Path.of("target", "workstation.png");

    @TempDir
    Path home;
    @TempDir
    Path work;

    private TestHub hub;
    private WebDriver driver;

    @BeforeEach
    void start() throws IOException {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present) {
            String why = "no " + CHROMIUM + " or " + CHROMEDRIVER + " (apt-get install chromium chromium-driver)";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("CI must run the browser test: " + why);
            }
            System.err.println("\n*** SKIPPED: the web workstation's browser test: " + why + " ***\n");
            Assumptions.abort(why);
        }
        // A short loop guard, so that the page's alert can be seen without sixty messages.
        // The hub's Claude Code is a stand-in that draws its screens (the spawn dialog's agent).
        Path fakeClaude = work.resolve("fake-claude.py");
        try (InputStream in = getClass().getResourceAsStream("/claude-code/fake-claude.py")) {
            Files.copy(in, fakeClaude, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(fakeClaude, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("MOSAIC_CLAUDE", fakeClaude.toString());
        env.put("FAKE_CLAUDE_LOG", work.resolve("fake-claude.log").toString()); // panes inherit the hub's environment
        env.remove("MOSAIC_LAUNCHER"); // nothing to install: the HOME of the test run stays untouched
        hub = new TestHub(home, c -> c.withLoopLimit(3, Duration.ofMinutes(1)), Clock.systemUTC(), env);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // Root in a container has no user namespace for chromium's sandbox; the page is our own.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1500,950", "--no-first-run", "--disable-extensions");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void logInSeePanesTypeIntoAShellAndSendAMessage() throws IOException {
        TestHub.Pane alicePane = hub.join("Alice");
        TestHub.Pane bobPane = hub.join("Bob");
        TestHub.Spawned shell = hub.spawn("Shell", "bash", "--norc", "--noprofile");

        driver.get(hub.hub().newLoginLink());
        await().atMost(Duration.ofSeconds(15)).until(() -> driver.getCurrentUrl().equals(hub.url() + "/"));

        WebElement alice = awaitNamed("[role=region]", "Alice");
        WebElement bob = awaitNamed("[role=region]", "Bob");
        WebElement shellTile = awaitNamed("[role=region]", "Shell");
        assertThat(alice.getText()).contains("live").contains("poll");
        assertThat(unread(bob)).isEqualTo("Unread: 0");

        // Typing into the terminal: click it (xterm.js focuses its input), type, and see bash's answer.
        await().atMost(Duration.ofSeconds(15)).until(() -> !shellTile.findElements(By.cssSelector(".xterm-screen"))
                .isEmpty());
        shellTile.findElement(By.cssSelector(".xterm-screen")).click();
        new Actions(driver).sendKeys("echo web-$((6*7))" + Keys.ENTER).perform();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(shellTile.findElement(By.cssSelector(".xterm-rows")).getText()).contains("web-42"));

        // The compose box, by its labels.
        named("input, textarea", "To").sendKeys("Bob");
        named("input, textarea", "Message").sendKeys("hello from the browser");
        named("button", "Send").click();

        WebElement timeline = awaitNamed("[role=region]", "Timeline");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(timeline.getText()).contains("operator → Bob").contains("hello from the browser")
                        .contains("queued"));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(unread(bob)).isEqualTo("Unread: 1"));
        assertThat(bob.getText()).contains("hello from the browser");


        // Bob polls: the timeline shows the route, the count goes back down.
        assertThat(hub.inbox(bobPane, "")).hasSize(1);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(timeline.getText()).contains("polled, read"));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(unread(bob)).isEqualTo("Unread: 0"));

        // Agent text is data: markup in a message is shown as text, never made into elements.
        String markup = "<img src=x onerror=alert(1)><b>ping</b>";
        String last = hub.send(alicePane.token(), "Bob", markup).get(0).path("id").asString();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(timeline.getText()).contains(markup));
        assertThat(driver.findElements(By.cssSelector("main img, aside img, main b, aside b"))).isEmpty();

        // A runaway reply loop: the hub refuses it and the page shows the alert.
        TestHub.Pane[] turn = {bobPane, alicePane};
        for (int i = 0; i < 4; i++) {
            var a = hub.api().post(turn[i % 2].token(), "/api/v1/messages",
                    "{\"reply_to\":\"" + last + "\",\"text\":\"pong " + i + "\"}");
            if (a.status() != 201) {
                assertThat(a.code()).isEqualTo("loop_detected");
                break;
            }
            last = a.json().path("messages").get(0).path("id").asString();
        }
        WebElement alerts = named("section", "Alerts");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(alerts.getText()).contains("loop_detected"));
        // A reply marks the message it answers read (§2): Bob answered the markup and Alice "pong 0", so each
        // has only the last message of the other unread, or none.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(unread(bob)).isEqualTo("Unread: 1");
            assertThat(unread(alice)).isEqualTo("Unread: 0");
        });
        // For the picture: an agent asking to run a tool.
        hook(alicePane, "PermissionRequest", ",\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"npm test\"}");
        awaitNamed("button", "Allow Bash for Alice");
        screenshot();

        // A pane stopped while its terminal is open says so, and nothing throws.
        assertThat(hub.api().delete(hub.op(), "/api/v1/panes/" + shell.id(), null).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(shellTile.getText()).contains("stopped"));
        List<LogEntry> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(severe).as("console errors").isEmpty();
    }

    @Test
    void agentStatesApprovalsHistoryAndTheOperatorsInbox() {
        TestHub.Pane alicePane = hub.join("Alice");
        TestHub.Pane bobPane = hub.join("Bob");
        // Before the page opens: a message between panes, and a question to the operator.
        String before = hub.send(alicePane.token(), "Bob", "sent before the page opened").get(0).path("id").asString();
        String question = hub.send(bobPane.token(), "operator", "a question for you").get(0).path("id").asString();

        driver.get(hub.hub().newLoginLink());
        await().atMost(Duration.ofSeconds(15)).until(() -> driver.getCurrentUrl().equals(hub.url() + "/"));
        WebElement alice = awaitNamed("[role=region]", "Alice");
        WebElement bob = awaitNamed("[role=region]", "Bob");
        WebElement timeline = awaitNamed("[role=region]", "Timeline");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(timeline.getText()).contains("sent before the page opened").contains("a question for you"));
        assertThat(shown(before)).isEqualTo(1);
        awaitNamed("button", "Inbox: 1 unread");

        // Agent state, live: nothing shown while unknown.
        assertThat(agent(alice)).isEmpty();
        hook(alicePane, "UserPromptSubmit", "");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(agent(alice)).isEqualTo("Agent: working"));
        assertThat(agent(bob)).isEmpty();

        // Naming Bob Alice's lead shows on her tile, live; Bob's tile names none.
        assertThat(lead(alice)).isEmpty();
        assertThat(hub.api().put(hub.op(), "/api/v1/panes/" + alicePane.id() + "/lead", "{\"lead\":\"Bob\"}")
                .status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(lead(alice)).isEqualTo("Lead: Bob"));
        assertThat(lead(bob)).isEmpty();

        // An approval waits, its input shown as text; the pane needs approval.
        String markup = "<b>rm</b> -rf <img src=x onerror=alert(1)>";
        hook(alicePane, "PermissionRequest", ",\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\""
                + markup.replace("\"", "\\\"") + "\"}");
        WebElement approvals = awaitNamed("[role=region]", "Approvals");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(approvals.getText()).contains("Alice").contains("Bash").contains(markup));
        assertThat(driver.findElements(By.cssSelector("aside b, aside img"))).isEmpty();
        awaitNamed("button", "Allow Bash for Alice");
        awaitNamed("button", "Deny Bash for Alice");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(agent(alice)).isEqualTo("Agent: needs approval"));
        // Answered in the terminal: the next hook closes it, and the list says so.
        hook(alicePane, "PostToolUse", ",\"tool_name\":\"Bash\"");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(find("button", "Allow Bash for Alice")).isEmpty();
            assertThat(approvals.getText()).contains("No approvals waiting");
            assertThat(agent(alice)).isEqualTo("Agent: working");
        });

        // A relayed prompt (as Alice's channel reports it) is answered from the page: Allow wins, and the hub keeps who.
        var relayed = hub.api().post(alicePane.token(), "/api/v1/panes/" + alicePane.id() + "/approvals",
                "{\"request_id\":\"abcde\",\"tool_name\":\"Write\",\"description\":\"Write notes.md\","
                        + "\"input_preview\":\"notes.md\"}");
        assertThat(relayed.status()).as(relayed.toString()).isEqualTo(201);
        awaitNamed("button", "Allow Write for Alice").click();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(find("button", "Allow Write for Alice")).isEmpty();
            var answered = hub.api().get(hub.op(), "/api/v1/approvals?status=answered").json().path("approvals");
            assertThat(answered.valueStream().map(a -> a.path("tool_name").asString() + ":" + a.path("behavior")
                    .asString() + ":" + a.path("answered_by").asString())).contains("Write:allow:operator");
        });

        // The inbox: opening it reads the question at the hub.
        named("button", "Inbox: 1 unread").click();
        WebElement inbox = named("dialog", "Inbox");
        assertThat(inbox.getText()).contains("Bob").contains("a question for you");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(hub.api()
                .get(hub.op(), "/api/v1/messages/" + question).json().path("status").asString()).isEqualTo("read"));
        inbox.findElement(By.xpath(".//button[text()='Close']")).click();
        awaitNamed("button", "Inbox: 0 unread"); // a modal dialog hides the page from the accessibility tree
        hub.send(alicePane.token(), "operator", "another one");
        awaitNamed("button", "Inbox: 1 unread");

        // After a reload: the history again, each message once, and the agent state from the listing.
        driver.navigate().refresh();
        WebElement timelineAgain = awaitNamed("[role=region]", "Timeline");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(timelineAgain.getText())
                .contains("sent before the page opened").contains("a question for you").contains("another one"));
        hub.send(alicePane.token(), "Bob", "after the reload");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(timelineAgain.getText()).contains("after the reload"));
        assertThat(shown(before)).isEqualTo(1);
        assertThat(shown(question)).isEqualTo(1);
        assertThat(timelineAgain.getText()).contains("polled, read"); // the question, read by opening the inbox
        awaitNamed("button", "Inbox: 1 unread");

        // A push the agent took in: its route goes from pushed to pushed, seen (DESIGN §10).
        try (FakeChannel channel = new FakeChannel()) {
            channel.register(hub, alicePane);
            String pushed = hub.send(bobPane.token(), "Alice", "pushed, then seen").get(0).path("id").asString();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(routeOf(pushed)).isEqualTo("pushed"));
            hook(alicePane, "UserPromptSubmit", ",\"prompt\":\"<channel source=\\\"mosaic-channel\\\" from_name=\\\"Bob\\\" "
                    + "message_id=\\\"" + pushed + "\\\">\\npushed, then seen\\n</channel>\"");
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(routeOf(pushed)).isEqualTo("pushed, seen"));
        }
        assertThat(agent(awaitNamed("[role=region]", "Alice"))).isEqualTo("Agent: working");
        List<LogEntry> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(severe).as("console errors").isEmpty();
    }

    @Test
    void theSpawnDialogStartsClaudeCodeThroughTheHub() {
        driver.get(hub.hub().newLoginLink());
        await().atMost(Duration.ofSeconds(15)).until(() -> driver.getCurrentUrl().equals(hub.url() + "/"));
        named("button", "Spawn").click();
        WebElement dialog = named("dialog", "Spawn a pane");
        WebElement worktree = dialog.findElement(By.id("spawn-worktree"));
        assertThat(worktree.isDisplayed()).as("a shell takes no worktree").isFalse();
        dialog.findElement(By.cssSelector("input[value=claude]")).click();
        assertThat(worktree.isDisplayed()).isTrue();
        assertThat(worktree.getAccessibleName()).isEqualTo("Worktree");

        // A worktree outside a git repository: the hub says why, the dialog stays.
        named("input", "Name").sendKeys("Agent");
        named("input", "Directory").sendKeys(work.toString());
        worktree.click();
        dialog.findElement(By.cssSelector("button[value=start]")).click();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(dialog.findElement(By.cssSelector(".error")).getText()).contains("git repository"));

        worktree.click();
        named("input", "Command").sendKeys("--model fake");
        dialog.findElement(By.cssSelector("button[value=start]")).click();
        WebElement tile = awaitNamed("[role=region]", "Agent");
        // The stand-in's warning is answered by the hub, and its prompt appears in the tile's terminal.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(tile.findElement(By.cssSelector(".xterm-rows")).getText()).contains("for shortcuts"));
        String cwd = hub.api().get(hub.op(), "/api/v1/panes").json().path("panes").get(0).path("cwd").asString();
        assertThat(cwd).isEqualTo(work.toString());
    }

    /**
     * The "Done when", as a new user does it, all from the page: log in with the link, spawn two panes from
     * the dialog, have one send to the other from its terminal (as an agent's tool would, with the pane's own
     * token), see it in the timeline with its route and the other's unread count, answer a relayed approval, and
     * stop a pane with its button.
     */
    @Test
    void aNewUserSpawnsTwoPanesWatchesThemTalkAnswersAnApprovalAndStopsOne() {
        driver.get(hub.hub().newLoginLink());
        await().atMost(Duration.ofSeconds(15)).until(() -> driver.getCurrentUrl().equals(hub.url() + "/"));
        assertThat(driver.findElement(By.id("panes")).getText()).contains("No panes yet");

        WebElement ann = spawnShell("Ann");
        // The new pane's terminal has the keyboard: what the user types next goes to the shell they just started.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat((Boolean) ((JavascriptExecutor) driver)
                .executeScript("return arguments[0].contains(document.activeElement)", ann)).isTrue());
        new Actions(driver).sendKeys("echo typed-$((3*3))" + Keys.ENTER).perform();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(screen(ann)).contains("typed-9"));
        WebElement ben = spawnShell("Ben");
        assertThat(driver.findElement(By.id("panes")).getText()).doesNotContain("No panes yet");
        // Two tiles share the page's height instead of a strip at its top: the terminal has the rows an agent's
        // screen needs (a Claude Code permission dialog did not fit in 320 pixels).
        assertThat(ann.getRect().getHeight()).isGreaterThan(600);
        typeInto(ann, "echo rows=$(stty size | cut -d' ' -f1)x");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(screen(ann)).containsPattern(
                "rows=([4-9][0-9]|[1-9][0-9][0-9])x"));

        // Ann sends to Ben from her terminal, with the identity the hub gave her pane.
        typeInto(ann, "curl -s -o /dev/null -w 'sent:%{http_code}\\n' -H \"Authorization: Bearer $MOSAIC_TOKEN\" "
                + "-H 'Content-Type: application/json' -d '{\"to\":\"Ben\",\"text\":\"hello Ben, from Ann\"}' "
                + "$MOSAIC_URL/api/v1/messages");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(screen(ann)).contains("sent:201"));
        WebElement timeline = awaitNamed("[role=region]", "Timeline");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(timeline.getText())
                .contains("Ann → Ben").contains("hello Ben, from Ann").contains("queued"));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(unread(ben)).isEqualTo("Unread: 1"));

        // Ben reads his inbox: the route becomes "polled, read" and his count goes down.
        typeInto(ben, "curl -s -H \"Authorization: Bearer $MOSAIC_TOKEN\" "
                + "$MOSAIC_URL/api/v1/panes/$MOSAIC_PANE_ID/inbox | grep -q 'from Ann' && echo got-$((20+1))");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(screen(ben)).contains("got-21"));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(timeline.getText()).contains("polled, read");
            assertThat(unread(ben)).isEqualTo("Unread: 0");
        });

        // Ann's agent asks to run a tool (as her channel relays it); the operator allows it from the page.
        typeInto(ann, "curl -s -o /dev/null -w 'asked:%{http_code}\\n' -H \"Authorization: Bearer $MOSAIC_TOKEN\" "
                + "-H 'Content-Type: application/json' -d '{\"request_id\":\"qwxyz\",\"tool_name\":\"Bash\","
                + "\"description\":\"Run the tests\",\"input_preview\":\"npm test\"}' "
                + "$MOSAIC_URL/api/v1/panes/$MOSAIC_PANE_ID/approvals");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(screen(ann)).contains("asked:201"));
        WebElement approvals = awaitNamed("[role=region]", "Approvals");
        assertThat(approvals.getText()).contains("Run the tests").contains("npm test");
        awaitNamed("button", "Allow Bash for Ann").click();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(approvals.getText()).contains("Allowed Bash for Ann").contains("No approvals waiting");
            var answered = hub.api().get(hub.op(), "/api/v1/approvals?status=answered").json().path("approvals");
            assertThat(answered.valueStream().map(a -> a.path("behavior").asString() + ":"
                    + a.path("answered_by").asString())).containsExactly("allow:operator");
        });

        screenshot(Path.of("target", "workstation-new-user.png"));

        // Stopping Ben with his tile's button: asked first, then the tile says so; Ann goes on.
        named("button", "Stop Ben").click();
        assertThat(driver.switchTo().alert().getText()).contains("Stop Ben?");
        driver.switchTo().alert().accept();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(ben.getText()).contains("stopped").contains("this pane was stopped"));
        assertThat(find("button", "Stop Ben")).isEmpty();
        typeInto(ann, "echo still-$((40+2))");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(screen(ann)).contains("still-42"));

        List<LogEntry> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(severe).as("console errors").isEmpty();
    }

    /**
     * Claude Code's hook and its relay tell of one prompt within moments (found with the real Claude Code,
     * ClaudeCodeWorkstationTest): the second report updates the approval shown, and the Allow button the user is on
     * stays the same button, with the focus, and answers the prompt.
     */
    @Test
    void anApprovalToldTwiceKeepsTheButtonTheUserIsOn() {
        TestHub.Pane alicePane = hub.join("Alice");
        driver.get(hub.hub().newLoginLink());
        await().atMost(Duration.ofSeconds(15)).until(() -> driver.getCurrentUrl().equals(hub.url() + "/"));
        hook(alicePane, "PermissionRequest", ",\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"make\"}");
        WebElement allow = awaitNamed("button", "Allow Bash for Alice");
        WebElement approvals = awaitNamed("[role=region]", "Approvals");
        assertThat(approvals.getText()).contains("Not relayed");
        JavascriptExecutor js = (JavascriptExecutor) driver;
        js.executeScript("arguments[0].focus()", allow);

        var relayed = hub.api().post(alicePane.token(), "/api/v1/panes/" + alicePane.id() + "/approvals",
                "{\"request_id\":\"mkmkm\",\"tool_name\":\"Bash\",\"description\":\"Build it\","
                        + "\"input_preview\":\"make\"}");
        assertThat(relayed.status()).as(relayed.toString()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(approvals.getText()).contains("Build it").doesNotContain("Not relayed"));
        assertThat(find("button", "Allow Bash for Alice")).contains(allow);
        assertThat((Boolean) js.executeScript("return document.activeElement === arguments[0]", allow)).isTrue();
        allow.click();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(approvals.getText()).contains("Allowed Bash for Alice").contains("No approvals waiting");
            var answered = hub.api().get(hub.op(), "/api/v1/approvals?status=answered").json().path("approvals");
            assertThat(answered.valueStream().map(a -> a.path("behavior").asString() + ":"
                    + a.path("request_id").asString())).containsExactly("allow:mkmkm");
        });
    }

    /** Spawns a plain shell from the dialog, as a user fills it in; its tile, once its terminal is there. */
    private WebElement spawnShell(String name) {
        named("button", "Spawn").click();
        WebElement dialog = named("dialog", "Spawn a pane");
        named("input", "Name").sendKeys(name);
        named("input", "Command").sendKeys("bash --norc --noprofile");
        named("input", "Directory").sendKeys(work.toString());
        dialog.findElement(By.cssSelector("button[value=start]")).click();
        WebElement tile = awaitNamed("[role=region]", name);
        await().atMost(Duration.ofSeconds(15)).until(() -> !dialog.isDisplayed());
        await().atMost(Duration.ofSeconds(15)).until(() -> !tile.findElements(By.cssSelector(".xterm-rows")).isEmpty());
        return tile;
    }

    /** Clicks the tile's terminal (xterm.js focuses its input) and types a line. */
    private void typeInto(WebElement tile, String line) {
        tile.findElement(By.cssSelector(".xterm-screen")).click();
        new Actions(driver).sendKeys(line + Keys.ENTER).perform();
    }

    private static String screen(WebElement tile) {
        return tile.findElement(By.cssSelector(".xterm-rows")).getText();
    }

    /** The route the timeline shows for one message. */
    private String routeOf(String messageId) {
        return driver.findElement(By.cssSelector("[data-message-id='" + messageId + "'] .route")).getText();
    }

    /** Posts a Claude Code hook's report as the pane's hook does (lib/hook.sh). */
    private void hook(TestHub.Pane pane, String event, String extra) {
        var a = hub.api().post(pane.token(), "/api/v1/panes/" + pane.id() + "/agent-events",
                "{\"session_id\":\"s1\",\"hook_event_name\":\"" + event + "\"" + extra + "}");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
    }

    /** The tile's agent state as a screen reader hears it; empty when none is shown. */
    private String lead(WebElement tile) {
        return tile.findElements(By.cssSelector(".lead")).stream().filter(WebElement::isDisplayed)
                .map(WebElement::getAccessibleName).findFirst().orElse("");
    }

    private String agent(WebElement tile) {
        return tile.findElements(By.cssSelector(".agent")).stream().filter(WebElement::isDisplayed)
                .map(WebElement::getAccessibleName).findFirst().orElse("");
    }

    /** How many times the timeline shows the message. */
    private int shown(String messageId) {
        return driver.findElements(By.cssSelector("#timeline [data-message-id='" + messageId + "']")).size();
    }

    private String unread(WebElement tile) {
        return tile.findElements(By.cssSelector("[aria-label^='Unread']")).stream().map(WebElement::getAccessibleName)
                .findFirst().orElse("");
    }

    /** The one element matching css whose accessible name is name. */
    private WebElement named(String css, String name) {
        return AccessibleNames.named(driver, css, name);
    }

    private Optional<WebElement> find(String css, String name) {
        return AccessibleNames.find(driver, css, name);
    }

    private WebElement awaitNamed(String css, String name) {
        return await().atMost(Duration.ofSeconds(15)).until(() -> find(css, name), Optional::isPresent).orElseThrow();
    }

    private void screenshot() throws IOException {
        screenshot(SCREENSHOT);
    }

    private void screenshot(Path to) {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        try {
            Files.createDirectories(to.getParent());
            Files.copy(shot.toPath(), to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
