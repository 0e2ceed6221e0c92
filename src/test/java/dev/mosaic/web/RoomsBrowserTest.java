package dev.mosaic.web;

import dev.mosaic.testing.ApiClient;
import dev.mosaic.testing.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static dev.mosaic.testing.ApiClient.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The workstation's Rooms region in a real browser: whose turn it is, kept live, and the transcript as text. */
class RoomsBrowserTest {
    @TempDir
    Path home;

    private TestHub hub;
    private WebDriver driver;

    @BeforeEach
    void start() {
        Path chromium = WorkstationBrowserTest.CHROMIUM;
        Path chromedriver = WorkstationBrowserTest.CHROMEDRIVER;
        if (!Files.isExecutable(chromium) || !Files.isExecutable(chromedriver)) {
            String why = "no " + chromium + " or " + chromedriver + " (apt-get install chromium chromium-driver)";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("CI must run the browser test: " + why);
            }
            Assumptions.abort(why);
        }
        hub = new TestHub(home);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1500,950", "--no-first-run", "--disable-extensions");
        driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().build(), options);
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
    void aRoomShowsWhoseTurnItIsLiveAndItsTranscriptAsText() {
        TestHub.Pane alice = hub.join("Alice");
        hub.join("Bob");
        hub.join("Carol");
        ApiClient.Answer created = hub.api().post(hub.op(), "/api/v1/rooms", "{\"name\":\"debate\",\"members\":"
                + "[\"Bob\",\"Carol\"],\"moderator\":\"Alice\",\"policy\":\"moderated\",\"max_turns\":10}");
        assertThat(created.status()).isEqualTo(201);
        String markup = "<img src=x onerror=\"document.title='owned'\"> tabs or spaces?";
        assertThat(hub.api().post(alice.token(), "/api/v1/rooms/debate/posts", "{\"text\":" + q(markup) + "}")
                .status()).isEqualTo(201);

        driver.get(hub.hub().newLoginLink());
        await().atMost(Duration.ofSeconds(15)).until(() -> driver.getCurrentUrl().equals(hub.url() + "/"));
        WebElement room = awaitNamed("li", "Room: debate");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(room.getText()).contains("debate · moderated · open · 1/10 turns"));

        room.findElement(By.tagName("summary")).click();
        WebElement transcript = awaitNamed("ol", "Transcript of debate");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(transcript.getText()).contains("Alice").contains(markup));
        assertThat(transcript.findElements(By.tagName("img"))).as("agent text is never markup").isEmpty();
        assertThat(room.getText()).contains("Moderator: Alice; members: Bob, Carol");

        assertThat(hub.api().post(alice.token(), "/api/v1/rooms/debate/floor", "{\"to\":\"Bob\"}").status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(room.getText()).contains("Bob's turn"));
        assertThat(driver.getTitle()).isNotEqualTo("owned");
    }

    private WebElement awaitNamed(String css, String name) {
        return await().atMost(Duration.ofSeconds(15)).until(() -> AccessibleNames.find(driver, css, name),
                Optional::isPresent).orElseThrow();
    }
}
