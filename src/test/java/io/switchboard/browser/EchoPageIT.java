package io.switchboard.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Scenario 1: the Echo panel connects, and what a person sends comes back on the page. */
@ExtendWith(BrowserSupport.class)
class EchoPageIT {

    @Test
    void sentTextIsEchoedBack(Browser browser) {
        SwitchboardPage page = browser.open("window");
        page.waitConnected("echo");
        assertEquals("connected", page.statusText("echo"));

        page.echoSend("hello, switchboard");
        page.waitUntil("the echo of 'hello, switchboard'", d -> page.echoMessages().contains("hello, switchboard"));

        String unicode = "second one: grüße, 你好, 🚀";
        page.echoSend(unicode);
        page.waitUntil("the echo of the second message", d -> page.echoMessages().size() == 2);

        assertEquals(List.of("hello, switchboard", unicode), page.echoMessages());
        page.screenshot("window");
    }
}
