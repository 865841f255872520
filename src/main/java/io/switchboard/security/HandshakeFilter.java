package io.switchboard.security;

import io.switchboard.logging.ThrottledLog;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;

/**
 * The gate every WebSocket handshake passes before the container upgrades it: origin (403), token when
 * authentication is on (401), connection limits (503 server full, 429 too many from one address). An
 * admitted handshake carries its {@link Identity} into the session as the user principal. Tomcat on its own
 * accepts any Origin and any number of connections; this makes the same rules hold on every server. The
 * composition root maps it to the endpoint paths.
 */
public class HandshakeFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    private static final ThrottledLog LOG = new ThrottledLog(HandshakeFilter.class);
    /** The subprotocol that carries a token from browsers, which cannot set headers: {@code bearer, <token>}. */
    public static final String BEARER = "bearer";

    private final transient OriginPolicy originPolicy;
    private final transient TokenVerifier tokenVerifier;
    private final transient ConnectionLimits limits;
    private final transient HandshakeRefusals refusals;

    /** {@code tokenVerifier} is null when authentication is off. */
    public HandshakeFilter(OriginPolicy originPolicy, TokenVerifier tokenVerifier, ConnectionLimits limits) {
        this(originPolicy, tokenVerifier, limits, new HandshakeRefusals());
    }

    /** {@code tokenVerifier} is null when authentication is off; every refusal is counted in {@code refusals}. */
    public HandshakeFilter(OriginPolicy originPolicy, TokenVerifier tokenVerifier, ConnectionLimits limits,
            HandshakeRefusals refusals) {
        this.originPolicy = originPolicy;
        this.tokenVerifier = tokenVerifier;
        this.limits = limits;
        this.refusals = refusals;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            chain.doFilter(request, response);
            return;
        }
        String address = request.getRemoteAddr();
        if (!originPolicy.allows(request.getHeader("Origin"), request.getHeader("Host"))) {
            refuse(response, HttpServletResponse.SC_FORBIDDEN, "Origin not allowed", address);
            return;
        }
        String user = null;
        if (tokenVerifier != null) {
            try {
                user = tokenVerifier.subject(token(request));
            } catch (InvalidTokenException e) {
                response.setHeader("WWW-Authenticate", "Bearer");
                refuse(response, HttpServletResponse.SC_UNAUTHORIZED, e.getMessage(), address);
                return;
            }
        }
        int refusal = limits.tryAdmit(address, System.nanoTime());
        if (refusal != 0) {
            refuse(response, refusal, refusal == ConnectionLimits.SERVER_FULL
                    ? "Too many connections" : "Too many connections from your address", address);
            return;
        }
        boolean upgraded = false;
        try {
            chain.doFilter(new IdentifiedRequest(request, new Identity(user, address)), response);
            upgraded = response.getStatus() == HttpServletResponse.SC_SWITCHING_PROTOCOLS;
        } finally {
            if (!upgraded) {
                limits.abandon(address);
            }
        }
    }

    /** The token from {@code ?access_token=} or from the subprotocol pair {@code bearer, <token>}. */
    static String token(HttpServletRequest request) {
        String fromQuery = request.getParameter("access_token");
        if (fromQuery != null) {
            return fromQuery;
        }
        var protocols = request.getHeaders("Sec-WebSocket-Protocol");
        boolean bearerSeen = false;
        while (protocols != null && protocols.hasMoreElements()) {
            for (String protocol : protocols.nextElement().split(",")) {
                String value = protocol.trim();
                if (bearerSeen && !value.isEmpty()) {
                    return value;
                }
                bearerSeen = BEARER.equals(value);
            }
        }
        return null;
    }

    private void refuse(HttpServletResponse response, int status, String reason, String address)
            throws IOException {
        refusals.refused(status);
        LOG.info("handshake-refused", () -> "Refused a WebSocket handshake from " + address + ": " + status + " " + reason);
        response.sendError(status, reason);
    }

    /** The upgrade request with the connection's identity as its user principal. */
    private static final class IdentifiedRequest extends HttpServletRequestWrapper {
        private final Identity identity;

        IdentifiedRequest(HttpServletRequest request, Identity identity) {
            super(request);
            this.identity = identity;
        }

        @Override
        public Principal getUserPrincipal() {
            return identity;
        }
    }
}
