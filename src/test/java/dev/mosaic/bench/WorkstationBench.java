package dev.mosaic.bench;

import dev.mosaic.hub.Hub;
import dev.mosaic.hub.HubConfig;
import dev.mosaic.testing.ApiClient;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The web workstation's two figures, in Debian's headless chromium: open → a grid of 20 panes rendered, and a
 * keystroke's echo in a browser terminal (bytes over the hub's WebSocket to bash and back, until xterm.js has
 * parsed them). Not a test; run with bench/workstation.sh.
 */
public final class WorkstationBench {
    private static final int PANES = 20;
    private static final int SPAWNED = 5;

    public static void main(String[] args) throws Exception {
        int loads = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int keys = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        Path home = ScratchDir.deletedAtExit("mosaic-web-bench");
        try (Hub hub = Hub.start(HubConfig.defaults(home).withPort(0))) {
            ApiClient api = new ApiClient(hub.url());
            String shellId = "";
            for (int i = 0; i < PANES; i++) {
                String body = i < SPAWNED
                        ? "{\"name\":\"shell" + i + "\",\"command\":[\"bash\",\"--norc\",\"--noprofile\"]}"
                        : "{\"name\":\"agent" + i + "\"}";
                ApiClient.Answer a = api.post(hub.operatorToken(), "/api/v1/panes", body);
                if (a.status() != 201) {
                    throw new IllegalStateException("pane " + i + ": " + a);
                }
                if (i == 0) {
                    shellId = a.json().path("id").asString();
                }
            }
            WebDriver driver = chromium();
            try (FloorPage floorPage = new FloorPage(SPAWNED, PANES)) {
                JavascriptExecutor js = (JavascriptExecutor) driver;
                driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
                List<Double> grid = new ArrayList<>();
                List<Double> floor = new ArrayList<>();
                List<Double> floorTerminals = new ArrayList<>();
                List<List<Double>> steps = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                        new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
                for (int i = 0; i < loads + 2; i++) {
                    driver.get(i == 0 ? hub.newLoginLink() : hub.url() + "/");
                    double ms = ((Number) js.executeAsyncScript(GRID_RENDERED, PANES)).doubleValue();
                    if (i >= 2) { // the first two warm the JIT and the browser's cache
                        grid.add(ms);
                        @SuppressWarnings("unchecked")
                        List<Number> at = (List<Number>) js.executeScript(STEPS);
                        for (int s = 0; s < steps.size(); s++) {
                            steps.get(s).add(at.get(s).doubleValue());
                        }
                    }
                    // The floor, right after, so the machine's load of the moment weighs on both alike.
                    driver.get(floorPage.url());
                    double f = ((Number) js.executeAsyncScript(GRID_RENDERED, PANES)).doubleValue();
                    if (i >= 2) {
                        floor.add(f);
                        floorTerminals.add(f - ((Number) js.executeScript(
                                "return performance.getEntriesByName('floor:module-run')[0].startTime")).doubleValue());
                    }
                }
                print("open → grid of " + PANES + " panes rendered (" + SPAWNED + " with live terminals)", grid);
                print("floor: open → a bare page with " + PANES + " regions and " + SPAWNED
                        + " xterm.js terminals (no hub, no data)", floor);
                print("  of which, in the floor: its module run → regions and terminals made", floorTerminals);
                System.out.printf("grid / floor: median of medians %.2f×%n", median(grid) / median(floor));
                print("  of which: open → page received", steps.get(0));
                print("  of which: open → every module run (DOMContentLoaded)", steps.get(1));
                print("  of which: open → panes listed (GET /api/v1/panes answered)", steps.get(2));
                print("  of which: open → the page has the listing (mark mosaic:panes-listed)", steps.get(3));
                print("  of which: open → tiles made, no terminal yet (mark mosaic:tiles-made)", steps.get(5));
                print("  of which: open → tiles and terminals made (mark mosaic:grid-shown)", steps.get(4));
                List<Double> terminals = new ArrayList<>();
                for (int k = 0; k < steps.get(4).size(); k++) {
                    terminals.add(steps.get(4).get(k) - steps.get(5).get(k));
                }
                print("  of which: tiles made → terminals made (beside the floor's figure above)", terminals);
                driver.get(hub.url() + "/"); // back from the floor's origin: the echo runs in the workstation
                js.executeAsyncScript(GRID_RENDERED, PANES);
                // The same program as bench/terminal.sh's round trip: the byte goes through a process, not the tty's echo.
                ApiClient.Answer cat = api.post(hub.operatorToken(), "/api/v1/panes",
                        "{\"name\":\"cat\",\"command\":[\"sh\",\"-c\",\"stty raw -echo; exec cat\"]}");
                String catId = cat.json().path("id").asString();
                @SuppressWarnings("unchecked")
                List<List<Number>> echo = (List<List<Number>>) js.executeAsyncScript(ECHO, shellId, keys);
                print("keystroke → bash's echo arrived in the page (via the hub's WebSocket)", warm(echo.get(1)));
                print("keystroke → bash's echo parsed by xterm.js", warm(echo.get(0)));
                @SuppressWarnings("unchecked")
                List<List<Number>> raw = (List<List<Number>>) js.executeAsyncScript(ECHO, catId, keys);
                print("keystroke → cat's byte arrived in the page", warm(raw.get(1)));
                print("keystroke → cat's byte parsed by xterm.js", warm(raw.get(0)));
            } finally {
                driver.quit();
            }
        }
    }

    /** Resolves with performance.now() (ms since the navigation began) once the grid has its tiles and terminals. */
    private static final String GRID_RENDERED = """
            const [want, done] = arguments;
            const ready = () => document.querySelectorAll('[role=region][data-pane-id]').length >= want
                && document.querySelectorAll('.xterm-screen').length >= %d;
            // Already there when the driver hands over (after the load event): the page's own mark says when it was made.
            const shown = performance.getEntriesByName('mosaic:grid-shown')[0];
            if (ready()) { done(shown ? shown.startTime : performance.now()); return; }
            new MutationObserver((_, obs) => { if (ready()) { obs.disconnect(); done(performance.now()); } })
                .observe(document.body, { childList: true, subtree: true });
            """.formatted(SPAWNED);

    /** Where the time to the grid went: the page's arrival, its modules run, the listing's answer (ms since open). */
    private static final String STEPS = """
            const nav = performance.getEntriesByType('navigation')[0];
            const list = performance.getEntriesByType('resource').find(r => r.name.includes('/api/v1/panes'));
            const mark = name => performance.getEntriesByName(name)[0]?.startTime ?? -1;
            return [nav.responseEnd, nav.domContentLoadedEventEnd, list ? list.responseEnd : -1,
                mark('mosaic:panes-listed'), mark('mosaic:grid-shown'), mark('mosaic:tiles-made')];
            """;

    /** One key at a time: send 'x', wait until the echo is parsed by an xterm.js terminal, repeat; then erase. */
    private static final String ECHO = """
            const [paneId, count, done] = arguments;
            (async () => {
            const { Terminal } = await import('/vendor/xterm-6.0.0/lib/xterm.mjs');
            const host = document.createElement('div');
            host.style.cssText = 'position:fixed;left:0;top:0;width:800px;height:400px';
            document.body.append(host);
            const term = new Terminal({ cols: 200, rows: 24 });
            term.open(host);
            const ws = new WebSocket(`ws://${location.host}/api/v1/panes/${paneId}/terminal`);
            ws.binaryType = 'arraybuffer';
            await new Promise(r => ws.addEventListener('open', r, { once: true }));
            await new Promise(r => setTimeout(r, 300)); // the scrollback arrives first
            const times = [], arrivals = [];
            let t0 = 0, waiting = null;
            ws.addEventListener('message', e => {
              if (typeof e.data === 'string') return;
              const bytes = new Uint8Array(e.data);
              if (waiting && bytes.includes(0x78)) arrivals.push(performance.now() - t0);
              term.write(bytes, () => {
                if (waiting && bytes.includes(0x78)) { const w = waiting; waiting = null; w(performance.now() - t0); }
              });
            });
            for (let i = 0; i < count; i++) {
              if (i > 0 && i % 150 === 0) { ws.send(new Uint8Array([0x15])); await new Promise(r => setTimeout(r, 50)); }
              const echoed = new Promise(r => { waiting = r; });
              t0 = performance.now();
              ws.send(new Uint8Array([0x78]));
              times.push(await echoed);
            }
            ws.close();
            done([times, arrivals]);
            })().catch(e => done([String(e)]));
            """;

    private static WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(new File("/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1800,1200");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Leaves out the first fifth (at most 50): the JIT and the page warming up. */
    private static List<Double> warm(List<Number> ms) {
        return ms.stream().skip(Math.min(50, ms.size() / 5)).map(Number::doubleValue).toList();
    }

    private static double median(List<Double> ms) {
        return ms.stream().sorted().toList().get(ms.size() / 2);
    }

    private static void print(String label, List<Double> ms) {
        List<Double> sorted = ms.stream().sorted().toList();
        double median = sorted.get(sorted.size() / 2);
        double p99 = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1));
        System.out.printf("%s: n=%d median %.1f ms, p99 %.1f ms, min %.1f ms, max %.1f ms%n", label, ms.size(),
                median, p99, sorted.getFirst(), sorted.getLast());
    }
}
