package io.switchboard.it.support;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The real server the integration tests talk to, as a client would: over HTTP and WebSocket on the loopback
 * address. Which server runs, the port it listens on and what it should report come from system properties
 * that the Maven profile (tomcat, wildfly or payara) sets on Failsafe.
 */
public final class ServerUnderTest {
    /** The context root the WAR gets on every server. */
    public static final String CONTEXT = "/switchboard/";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final int port;

    private ServerUnderTest(int port) {
        this.port = port;
    }

    /**
     * The server behind an Arquillian deployment URL. Only its port is taken: the host is always 127.0.0.1
     * (Payara Micro reports the machine's network address, but every server here listens on loopback only).
     */
    public static ServerUnderTest at(URL deploymentUrl) {
        if (deploymentUrl == null) {
            throw new IllegalStateException("Arquillian injected no deployment URL");
        }
        if (!deploymentUrl.getPath().startsWith(CONTEXT)) {
            throw new IllegalStateException("expected the WAR at " + CONTEXT + ", Arquillian reports " + deploymentUrl);
        }
        return new ServerUnderTest(deploymentUrl.getPort());
    }

    /** The build's WAR, unchanged: {@code target/switchboard.war}. */
    public static WebArchive switchboardWar() {
        File war = new File(System.getProperty("switchboard.it.war", "target/switchboard.war"));
        if (!war.isFile()) {
            throw new IllegalStateException(war + " is missing: run the integration tests with mvn verify");
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, war);
    }

    /** tomcat, wildfly or payara. */
    public static String name() {
        return System.getProperty("switchboard.it.server", "tomcat");
    }

    /** What {@code /status} must report as {@code scheduler} here: ejb on WildFly and Payara, executor on Tomcat. */
    public static String expectedScheduler() {
        return System.getProperty("switchboard.it.scheduler", "executor");
    }

    /** The heartbeat settings the IT servers run with (from {@code switchboard.it.jvm.options}). */
    public static int heartbeatIntervalSeconds() {
        return jvmOption("switchboard.heartbeat.interval", 30);
    }

    public static int heartbeatMaxMissed() {
        return jvmOption("switchboard.heartbeat.maxMissed", 3);
    }

    private static int jvmOption(String key, int fallback) {
        String options = System.getProperty("switchboard.it.jvm.options", "");
        for (String option : options.trim().split("\\s+")) {
            if (option.startsWith("-D" + key + "=")) {
                return Integer.parseInt(option.substring(key.length() + 3));
            }
        }
        return fallback;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT/switchboard/PATH}. */
    public URI http(String path) {
        return uri("http", path);
    }

    /** {@code ws://127.0.0.1:PORT/switchboard/PATH}. */
    public URI ws(String path) {
        return uri("ws", path);
    }

    /** The request path of {@code path} in the application, for clients that write their own request line. */
    public String path(String path) {
        return CONTEXT + path;
    }

    private URI uri(String scheme, String path) {
        try {
            return new URI(scheme + "://127.0.0.1:" + port + CONTEXT + path);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(path, e);
        }
    }

    /** A plain GET, no Origin header. */
    public HttpResponse<String> get(String path) {
        HttpRequest request = HttpRequest.newBuilder(http(path)).timeout(Duration.ofSeconds(20)).GET().build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code GET /status}, which must answer 200 with a JSON object. */
    public JsonObject status() {
        HttpResponse<String> response = get("status");
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /status answered " + response.statusCode() + ": " + response.body());
        }
        try (var reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }

    /** A counter of {@code /status}, wherever it sits in the object; fails if it is missing. */
    public long statusCounter(String name) {
        JsonNumber number = findNumber(status(), name);
        if (number == null) {
            throw new AssertionError("/status has no number named " + name);
        }
        return number.longValue();
    }

    private static JsonNumber findNumber(JsonObject object, String name) {
        JsonValue value = object.get(name);
        if (value instanceof JsonNumber number) {
            return number;
        }
        for (JsonValue child : object.values()) {
            if (child instanceof JsonObject nested) {
                JsonNumber found = findNumber(nested, name);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
