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

    @Test
    void operationsKeysHaveSafeDefaultsAndAreValidated() {
        SwitchboardConfig defaults = SwitchboardConfig.defaults();
        assertEquals(true, defaults.metricsEnabled());
        assertEquals(null, defaults.metricsToken());
        assertEquals(null, defaults.apiToken(), "the API is off by default");
        assertEquals(false, defaults.auth().enabled());
        assertEquals("SWITCHBOARD_API_TOKEN", ConfigLookup.environmentName(SwitchboardConfig.API_TOKEN));
        assertEquals("SWITCHBOARD_AUTH_JWKSURL", ConfigLookup.environmentName(SwitchboardConfig.AUTH_JWKS_URL));

        SwitchboardConfig set = SwitchboardConfig.load(lookup(Map.of(), Map.of(
                "SWITCHBOARD_API_TOKEN", "an-api-token-long-enough",
                "SWITCHBOARD_METRICS_ENABLED", "false",
                "SWITCHBOARD_AUTH_JWKSURL", "https://idp.example.test/jwks.json"), Map.of()));
        assertEquals("an-api-token-long-enough", set.apiToken());
        assertEquals(false, set.metricsEnabled());
        assertEquals(true, set.auth().enabled());
        assertEquals("https://idp.example.test/jwks.json", set.auth().jwksUrl());
        assertEquals(false, set.toString().contains("an-api-token-long-enough"), "tokens never printed");

        for (Map<String, String> bad : List.of(
                Map.of(SwitchboardConfig.API_TOKEN, "short"),
                Map.of(SwitchboardConfig.METRICS_TOKEN, "has a space in it, long enough"),
                Map.of(SwitchboardConfig.METRICS_ENABLED, "yes"),
                Map.of(SwitchboardConfig.AUTH_JWKS_URL, "ftp://idp.example.test/jwks"),
                Map.of(SwitchboardConfig.AUTH_JWKS_URL, "not a url"),
                Map.of(SwitchboardConfig.AUTH_JWKS_URL, "https://a/jwks", SwitchboardConfig.AUTH_JWKS_FILE, "/x.json"),
                Map.of(SwitchboardConfig.AUTH_JWKS_MIN_REFETCH_SECONDS, "400"))) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> SwitchboardConfig.load(lookup(bad, Map.of(), Map.of())), bad.toString());
            assertEquals(false, e.getMessage().contains("short") || e.getMessage().contains("has a space"),
                    "a token is never in the message: " + e.getMessage());
        }
    }
}
