package io.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cluster keys: unset means a single node; a Redis URL, a node id and the node TTL otherwise. */
class ClusterConfigTest {

    private static SwitchboardConfig load(Map<String, String> env) {
        return SwitchboardConfig.load(new ConfigLookup(key -> null, env::get, key -> null));
    }

    @Test
    void singleNodeByDefaultWithAGeneratedNodeId() {
        SwitchboardConfig config = SwitchboardConfig.defaults();
        assertFalse(config.clustered());
        assertNull(config.redisUrl());
        assertTrue(config.nodeId().matches("[a-z0-9]{8}"), config.nodeId());
        assertNotEquals(config.nodeId(), SwitchboardConfig.defaults().nodeId(), "unique per running node");
        assertEquals(Duration.ofSeconds(10), config.nodeTtl());
    }

    @Test
    void clusterKeysFromTheEnvironment() {
        SwitchboardConfig config = load(Map.of("SWITCHBOARD_REDIS_URL", "redis://:secret@10.0.0.5:6380/2",
                "SWITCHBOARD_NODE_ID", "node-1", "SWITCHBOARD_CLUSTER_NODETTLSECONDS", "4"));
        assertTrue(config.clustered());
        assertEquals("redis://:secret@10.0.0.5:6380/2", config.redisUrl());
        assertEquals("node-1", config.nodeId());
        assertEquals(Duration.ofSeconds(4), config.nodeTtl());
    }

    @Test
    void invalidValuesAreRefusedWithoutShowingTheUrl() {
        ConfigException badUrl = assertThrows(ConfigException.class,
                () -> load(Map.of("SWITCHBOARD_REDIS_URL", "http://:secret@host")));
        assertFalse(badUrl.getMessage().contains("secret"), badUrl.getMessage());
        assertThrows(ConfigException.class, () -> load(Map.of("SWITCHBOARD_NODE_ID", "a.b")));
        assertThrows(ConfigException.class, () -> load(Map.of("SWITCHBOARD_CLUSTER_NODETTLSECONDS", "0")));
    }
}
