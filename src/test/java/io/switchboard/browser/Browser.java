package io.switchboard.browser;

import io.switchboard.testing.ScratchDirectories;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.stream.Collectors;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * One headless Chromium (Debian's, driven through Debian's chromedriver) with any number of
 * windows, each showing the Switchboard page. Selenium Manager never runs: the driver and the
 * browser are given by path. Each browser gets a fresh profile under {@code target/browser/profiles}.
 */
public final class Browser {

    /** Held so the level sticks (JUL keeps loggers weakly): hides "Unable to find CDP implementation". */
    private static final java.util.logging.Logger SELENIUM_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium");

    private final String scenario;
    private final ChromeDriver driver;
    private final ChromeDriverService service;
    private final String baseUrl;
    private final Path outputDir;
    private final Path profile;
    private final List<SwitchboardPage> windows = new ArrayList<>();
    private String current;

    private Browser(String scenario, ChromeDriver driver, ChromeDriverService service, String baseUrl, Path outputDir,
            Path profile) {
        this.scenario = scenario;
        this.profile = profile;
        this.driver = driver;
        this.service = service;
        this.baseUrl = baseUrl;
        this.outputDir = outputDir;
    }

    static Browser launch(String scenario, Path chromium, Path chromedriver, String baseUrl, Path outputDir) {
        // Statistics off, and the explicit paths below keep Selenium Manager from running at all.
        System.setProperty("SE_AVOID_STATS", "true");
        System.setProperty("webdriver.chrome.driver", chromedriver.toString());
        SELENIUM_LOG.setLevel(Level.SEVERE);
        try {
            Path profile = Files.createDirectories(outputDir.resolve("profiles").resolve(scenario + "-" + UUID.randomUUID()));
            ChromeOptions options = new ChromeOptions();
            options.setBinary(chromium.toFile());
            options.addArguments(
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    // Nothing leaves this machine: no proxy auto-detection, no name lookups except the
                    // server's host (Chromium otherwise still asks DNS for Google's update, time,
                    // sign-in and optimization-guide hosts), and those background features off.
                    "--no-proxy-server",
                    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE " + URI.create(baseUrl).getHost(),
                    "--disable-features=OptimizationHints,OptimizationGuideModelDownloading,OptimizationHintsFetching,"
                            + "NetworkTimeServiceQuerying,MediaRouter,Translate",
                    "--disable-default-apps",
                    "--disable-extensions",
                    "--disable-domain-reliability",
                    "--disable-client-side-phishing-detection",
                    "--no-default-browser-check",
                    "--disable-dev-shm-usage",
                    "--window-size=1280,860",
                    "--lang=en-US",
                    "--user-data-dir=" + profile.toAbsolutePath());
            // An alert must stay open so a test can see it (the safety scenario asserts there is none).
            options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);

            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(chromedriver.toFile())
                    .usingAnyFreePort()
                    .withLogFile(outputDir.resolve("chromedriver-" + scenario + ".log").toFile())
                    .build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
            return new Browser(scenario, driver, service, baseUrl, outputDir, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ChromeDriver driver() {
        return driver;
    }

    String scenario() {
        return scenario;
    }

    /** Opens the page in a new window (the first call reuses the browser's initial window). */
    public SwitchboardPage open(String windowName) {
        return open(windowName, "");
    }

    /** Opens the page with a query string, e.g. {@code "?room=other"}. */
    public SwitchboardPage open(String windowName, String query) {
        if (!windows.isEmpty()) {
            driver.switchTo().newWindow(WindowType.WINDOW);
        }
        String handle = driver.getWindowHandle();
        current = handle;
        driver.get(baseUrl + query);
        SwitchboardPage page = new SwitchboardPage(this, windowName, handle);
        windows.add(page);
        page.waitForLoad();
        return page;
    }

    /** Makes the page's window the one WebDriver talks to. */
    void focus(SwitchboardPage page) {
        if (!page.handle().equals(current)) {
            driver.switchTo().window(page.handle());
            current = page.handle();
        }
    }

    void closed(SwitchboardPage page) {
        windows.remove(page);
        current = null;
        if (!windows.isEmpty()) {
            focus(windows.get(0));
        }
    }

    /** Saves the window's screenshot as {@code target/browser/screenshots/<scenario>-<label>.png}. */
    Path screenshot(SwitchboardPage page, String label) {
        focus(page);
        try {
            Path dir = Files.createDirectories(outputDir.resolve("screenshots"));
            Path target = dir.resolve(scenario + "-" + label + ".png");
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void screenshotAll(String label) {
        for (SwitchboardPage page : List.copyOf(windows)) {
            try {
                screenshot(page, label + "-" + page.name());
            } catch (RuntimeException e) {
                System.err.println("Could not take a screenshot of window " + page.name() + ": " + e);
            }
        }
    }

    /**
     * Fails if the console reported a Content-Security-Policy violation or an uncaught script
     * error. (Failed WebSocket connections during a reconnect are expected and not counted.)
     */
    void assertNoPageErrors() {
        List<String> problems = new ArrayList<>();
        for (SwitchboardPage page : List.copyOf(windows)) {
            focus(page);
            for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
                String msg = entry.getMessage();
                if (msg.contains("Content Security Policy") || msg.contains("Uncaught")) {
                    problems.add(page.name() + ": " + msg);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("The page reported errors in the browser console:\n"
                    + problems.stream().collect(Collectors.joining("\n")));
        }
    }

    /** Chrome DevTools command on the current window, through chromedriver (no CDP client needed). */
    Map<String, Object> cdp(SwitchboardPage page, String command, Map<String, Object> params) {
        focus(page);
        return driver.executeCdpCommand(command, params);
    }

    void quit() {
        try {
            driver.quit();
        } catch (RuntimeException e) {
            System.err.println("Browser did not quit cleanly: " + e);
        } finally {
            service.stop();
            ScratchDirectories.delete(profile);
        }
    }
}
