package io.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SwitchboardConfigTest {

    private static ConfigLookup lookup(Map<String, String> system, Map<String, String> env, Map<String, String> context) {
        return new ConfigLookup(system::get, env::get, context::get);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        SwitchboardConfig config = SwitchboardConfig.defaults();
        assertEquals(1000, config.historySize());
        assertEquals(4096, config.textMaxChars());
        assertEquals(65536, config.maxMessageBytes());
        assertEquals(256, config.sendQueueMax());
        assertEquals(Duration.ofSeconds(30), config.heartbeatInterval());
        assertEquals(3, config.heartbeatMaxMissed());
        assertEquals(List.of(), config.allowedOrigins());
        assertFalse(config.adminEnabled());
    }

    @Test
    void systemPropertyBeatsEnvironmentBeatsContextParameter() {
        String key = SwitchboardConfig.HEARTBEAT_INTERVAL;
        String env = "SWITCHBOARD_HEARTBEAT_INTERVAL";
        assertEquals(Duration.ofSeconds(1), SwitchboardConfig.load(lookup(Map.of(key, "1"), Map.of(env, "2"),
                Map.of(key, "3"))).heartbeatInterval());
        assertEquals(Duration.ofSeconds(2), SwitchboardConfig.load(lookup(Map.of(), Map.of(env, "2"),
                Map.of(key, "3"))).heartbeatInterval());
        assertEquals(Duration.ofSeconds(3), SwitchboardConfig.load(lookup(Map.of(), Map.of(),
                Map.of(key, "3"))).heartbeatInterval());
    }

    @Test
    void environmentNamesAreUpperCaseWithUnderscores() {
        assertEquals("SWITCHBOARD_SENDQUEUE_MAX", ConfigLookup.environmentName(SwitchboardConfig.SEND_QUEUE_MAX));
        SwitchboardConfig config = SwitchboardConfig.load(lookup(Map.of(),
                Map.of("SWITCHBOARD_SENDQUEUE_MAX", "12", "SWITCHBOARD_ALLOWEDORIGINS", "https://a.example, https://b.example",
                        "SWITCHBOARD_ADMIN_ENABLED", "TRUE"), Map.of()));
        assertEquals(12, config.sendQueueMax());
        assertEquals(List.of("https://a.example", "https://b.example"), config.allowedOrigins());
        assertTrue(config.adminEnabled());
    }

    @Test
    void anInvalidValueFailsWithAMessageNamingTheKey() {
        for (String bad : List.of("abc", "0", "-5", "1.5", "99999999999")) {
            ConfigException e = assertThrows(ConfigException.class, () -> SwitchboardConfig.load(
                    lookup(Map.of(SwitchboardConfig.HISTORY_SIZE, bad), Map.of(), Map.of())));
            assertTrue(e.getMessage().contains("switchboard.history.size"), e.getMessage());
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
        ConfigException e = assertThrows(ConfigException.class, () -> SwitchboardConfig.load(
                lookup(Map.of(SwitchboardConfig.ADMIN_ENABLED, "yes"), Map.of(), Map.of())));
        assertTrue(e.getMessage().contains("switchboard.admin.enabled"));
    }

    @Test
    void blankValuesCountAsUnset() {
        assertEquals(256, SwitchboardConfig.load(lookup(Map.of(SwitchboardConfig.SEND_QUEUE_MAX, "  "), Map.of(),
                Map.of())).sendQueueMax());
    }
}
