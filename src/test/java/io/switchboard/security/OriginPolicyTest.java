package io.switchboard.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {

    @Test
    void byDefaultOnlyTheSameOriginAsTheHostHeaderIsAllowed() {
        OriginPolicy policy = new OriginPolicy(List.of());
        assertTrue(policy.allows("http://localhost:8080", "localhost:8080"));
        assertTrue(policy.allows("https://Chat.Example.com", "chat.example.com"));
        assertFalse(policy.allows("http://evil.example", "localhost:8080"));
        assertFalse(policy.allows("http://localhost:9999", "localhost:8080"));
        assertFalse(policy.allows("null", "localhost:8080"));
        assertFalse(policy.allows("http://localhost:8080", null));
    }

    @Test
    void aRequestWithoutOriginIsAllowed() {
        assertTrue(new OriginPolicy(List.of()).allows(null, "localhost:8080"));
        assertTrue(new OriginPolicy(List.of("https://a.example")).allows(null, "x"));
    }

    @Test
    void anAllowListReplacesTheSameOriginRule() {
        OriginPolicy policy = new OriginPolicy(List.of("https://a.example", "http://b.example:8080/"));
        assertTrue(policy.allows("https://a.example", "server.internal"));
        assertTrue(policy.allows("http://b.example:8080", "server.internal"));
        assertFalse(policy.allows("https://server.internal", "server.internal"));
        assertTrue(policy.allowsListed("https://a.example"));
        assertFalse(policy.allowsListed("https://c.example"));
    }

    @Test
    void starAllowsAny() {
        OriginPolicy policy = new OriginPolicy(List.of("*"));
        assertTrue(policy.allows("https://anything.example", "localhost"));
        assertTrue(policy.allowsListed("https://anything.example"));
    }

    @Test
    void withoutAListTheConfiguratorDefersToTheFilter() {
        assertTrue(new OriginPolicy(List.of()).allowsListed("https://evil.example"));
    }
}
