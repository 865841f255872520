package io.switchboard.security;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Which browser origins may open a WebSocket: by default only the page's own (Origin host equals the Host
 * header, as gorilla/websocket checks), else the configured allow-list, or any with {@code *}. Requests without
 * an Origin header come from non-browser clients and are allowed.
 */
public final class OriginPolicy {
    private final List<String> allowed;
    private final boolean any;

    public OriginPolicy(List<String> allowedOrigins) {
        this.allowed = allowedOrigins.stream().map(OriginPolicy::normalise).toList();
        this.any = allowed.contains("*");
    }

    /** The full decision, for callers that know the request's Host header. */
    public boolean allows(String origin, String host) {
        if (origin == null || any) {
            return true;
        }
        if (!allowed.isEmpty()) {
            return allowed.contains(normalise(origin));
        }
        return host != null && host.equalsIgnoreCase(authority(origin));
    }

    /**
     * The decision without the Host header (the WebSocket configurator does not see it): the allow-list when
     * one is configured; with the same-origin default, the servlet filter that sees the Host decides.
     */
    public boolean allowsListed(String origin) {
        return origin == null || any || allowed.isEmpty() || allowed.contains(normalise(origin));
    }

    private static String authority(String origin) {
        try {
            return URI.create(origin.trim()).getRawAuthority();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String normalise(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}
