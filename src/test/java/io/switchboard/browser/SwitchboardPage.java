package io.switchboard.browser;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Switchboard page in one browser window, seen the way a person sees it: badges, ids, peer
 * chips, message lists. Every method first brings its window to the front of WebDriver's attention,
 * so tests can talk to several windows in turn. Waits are explicit and generous; nothing is timed.
 */
public final class SwitchboardPage {

    /** How long a test waits for something to appear on the page. */
    static final Duration WAIT = Duration.ofSeconds(30);

    /** A chat line as displayed: seq (from data-seq), username, clock time and text. */
    public record ChatLine(long seq, String username, String time, String text) {
    }

    /** A relay message as displayed: the sender's id and the text. */
    public record RelayLine(String from, String text) {
    }

    private final Browser browser;
    private final String name;
    private final String handle;

    SwitchboardPage(Browser browser, String name, String handle) {
        this.browser = browser;
        this.name = name;
        this.handle = handle;
    }

    String name() {
        return name;
    }

    String handle() {
        return handle;
    }

    private WebDriver driver() {
        browser.focus(this);
        return browser.driver();
    }

    private WebElement byTestId(String testId) {
        return driver().findElement(By.cssSelector("[data-testid='" + testId + "']"));
    }

    private List<WebElement> allByTestId(String testId) {
        return driver().findElements(By.cssSelector("[data-testid='" + testId + "']"));
    }

    /** Waits (in this window) until the condition returns a non-null, non-false value. */
    <T> T waitUntil(String what, Function<WebDriver, T> condition) {
        WebDriver d = driver();
        return new WebDriverWait(d, WAIT, Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class)
                .withMessage(() -> "window '" + name + "': " + what)
                .until(condition);
    }

    void waitForLoad() {
        waitUntil("page loaded", d -> !d.findElements(By.id("chat-log")).isEmpty());
    }

    public Path screenshot(String label) {
        return browser.screenshot(this, label);
    }

    /** Closes this window (its WebSockets close with it). */
    public void close() {
        driver().close();
        browser.closed(this);
    }

    // ------------------------------------------------------------------ connection badges

    /** The badge's state: connecting, connected or disconnected. */
    public String status(String panel) {
        return byTestId(panel + "-status").getAttribute("data-state");
    }

    public String statusText(String panel) {
        return byTestId(panel + "-status").getText();
    }

    public void waitConnected(String panel) {
        waitUntil(panel + " shows connected", d -> "connected".equals(status(panel)));
    }

    public void waitDisconnected(String panel) {
        waitUntil(panel + " shows disconnected", d -> "disconnected".equals(status(panel)));
    }

    public void waitAllConnected() {
        waitConnected("echo");
        waitConnected("relay");
        waitConnected("chat");
    }

    // ------------------------------------------------------------------------------ echo

    public void echoSend(String text) {
        waitConnected("echo");
        type("echo-input", text);
        byTestId("echo-send").click();
    }

    public List<String> echoMessages() {
        return rows("echo-message", null, ".text").stream().map(r -> r.get(0)).collect(Collectors.toList());
    }

    // ----------------------------------------------------------------------------- relay

    /** The id the page shows as "Your id", once the relay welcomed it. */
    public String relayId() {
        return waitUntil("relay shows an id", d -> {
            String id = byTestId("relay-id").getText().trim();
            return id.matches("#?[^–\\s]+") ? id.replaceFirst("^#", "") : null;
        });
    }

    /** Peer ids in the "Peers online" list. */
    public List<String> relayPeers() {
        return rows("relay-peer", "data-peer").stream().map(r -> r.get(0)).collect(Collectors.toList());
    }

    public void waitForPeer(String id) {
        waitUntil("peer #" + id + " listed", d -> relayPeers().contains(id));
    }

    public void waitForPeerGone(String id) {
        waitUntil("peer #" + id + " no longer listed", d -> !relayPeers().contains(id));
    }

    public void relaySelect(String id) {
        waitForPeer(id);
        driver().findElement(By.cssSelector("[data-testid='relay-peer-button'][data-peer='" + id + "']")).click();
        waitUntil("recipient #" + id + " selected", d -> id.equals(byTestId("relay-to").getAttribute("data-peer")));
    }

    public void relaySend(String to, String text) {
        waitConnected("relay");
        relaySelect(to);
        type("relay-input", text);
        byTestId("relay-send").click();
    }

    /** The state shown on the last message this window sent: pending, delivered or failed. */
    public String lastRelaySentState() {
        List<WebElement> sent = allByTestId("relay-sent");
        return sent.isEmpty() ? null : sent.get(sent.size() - 1).getAttribute("data-state");
    }

    public List<RelayLine> relayMessages() {
        return rows("relay-message", null, "[data-testid='relay-from'] .peer-id", "[data-testid='relay-text']").stream()
                .map(r -> new RelayLine(r.get(0).replaceFirst("^#", ""), r.get(1)))
                .collect(Collectors.toList());
    }

    public RelayLine waitForRelayMessage(String text) {
        return waitUntil("relay message '" + text + "' shown",
                d -> relayMessages().stream().filter(m -> m.text().equals(text)).findFirst().orElse(null));
    }

    // ------------------------------------------------------------------------------ chat

    public void chatJoin(String room) {
        type("chat-room", room);
        byTestId("chat-join").click();
        waitUntil("current room #" + room, d -> byTestId("chat-current-room").getText().equals("#" + room));
        waitConnected("chat");
    }

    public String chatRoom() {
        return byTestId("chat-current-room").getText().replaceFirst("^#", "");
    }

    public void chatUsername(String username) {
        type("chat-username", username);
    }

    public void chatSend(String text) {
        waitConnected("chat");
        type("chat-input", text);
        byTestId("chat-send").click();
    }

    /** The member count shown, or -1 while it shows none (not connected). */
    public int chatMembers() {
        String shown = byTestId("chat-members-count").getText().trim();
        return shown.matches("\\d+") ? Integer.parseInt(shown) : -1;
    }

    public void waitMembers(int n) {
        waitUntil("member count " + n, d -> chatMembers() == n);
    }

    public List<ChatLine> chatMessages() {
        return rows("chat-message", "data-seq", "[data-testid='chat-message-username']",
                "[data-testid='chat-message-time']", "[data-testid='chat-message-text']").stream()
                .map(r -> new ChatLine(Long.parseLong(r.get(0)), r.get(1), r.get(2), r.get(3)))
                .collect(Collectors.toList());
    }

    public List<String> chatTexts() {
        return chatMessages().stream().map(ChatLine::text).collect(Collectors.toList());
    }

    public ChatLine waitForChat(String text) {
        return waitUntil("chat message '" + text + "' shown",
                d -> chatMessages().stream().filter(m -> m.text().equals(text)).findFirst().orElse(null));
    }

    /** Notices and errors the chat log shows (e.g. "Reconnected · catching up on 3 messages"). */
    public List<String> chatNotices() {
        @SuppressWarnings("unchecked")
        List<String> notices = (List<String>) ((JavascriptExecutor) driver()).executeScript(
                "return [...document.querySelectorAll('#chat-log .entry.notice, #chat-log .entry.error')]"
                + ".map(e => e.innerText);");
        return notices;
    }

    // ----------------------------------------------------------------------------- other

    /** Number of elements matching a CSS selector, e.g. images that should not exist. */
    public int count(String css) {
        return driver().findElements(By.cssSelector(css)).size();
    }

    /** True when a JavaScript dialog (alert, confirm, prompt) is open in this window. */
    public boolean dialogOpen() {
        try {
            driver().switchTo().alert();
            return true;
        } catch (NoAlertPresentException e) {
            return false;
        }
    }

    /** Takes this window off the network (DevTools emulation), or puts it back. */
    public void setOffline(boolean offline) {
        browser.cdp(this, "Network.enable", Map.of());
        browser.cdp(this, "Network.emulateNetworkConditions", Map.of(
                "offline", offline,
                "latency", 0,
                "downloadThroughput", -1,
                "uploadThroughput", -1));
    }

    private void type(String testId, String text) {
        WebElement input = byTestId(testId);
        input.clear();
        input.sendKeys(text);
    }

    /**
     * Reads every element with the test id in one round trip: for each, the attribute (if given)
     * and then the rendered text ({@code innerText}, what a person sees) of each child selector.
     */
    @SuppressWarnings("unchecked")
    private List<List<String>> rows(String testId, String attribute, String... childCss) {
        Object result = ((JavascriptExecutor) driver()).executeScript(
                "const [testId, attribute, children] = arguments;"
                + "return [...document.querySelectorAll(`[data-testid='${testId}']`)].map(e => {"
                + "  const row = attribute ? [e.getAttribute(attribute)] : [];"
                + "  for (const css of children) { const c = e.querySelector(css); row.push(c ? c.innerText : null); }"
                + "  return row; });",
                testId, attribute, List.of(childCss));
        return (List<List<String>>) result;
    }
}
