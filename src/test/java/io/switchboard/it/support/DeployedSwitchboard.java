package io.switchboard.it.support;

import io.switchboard.testing.ServerUnderTest;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the integration tests that need Switchboard deployed for the whole class: Arquillian deploys the
 * WAR the build produced, unchanged, to the server the build chose, and the tests run outside it, as clients.
 * Which server runs and what it should report come from system properties the pom sets on Failsafe.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
public abstract class DeployedSwitchboard {

    @Deployment(testable = false)
    public static WebArchive switchboard() {
        return war();
    }

    @ArquillianResource
    private URL deploymentUrl;

    /** The deployed application, reached on 127.0.0.1. */
    protected ServerUnderTest server() {
        return at(deploymentUrl);
    }

    /** The server behind an Arquillian deployment URL. */
    public static ServerUnderTest at(URL deploymentUrl) {
        try {
            return ServerUnderTest.at(deploymentUrl == null ? null : deploymentUrl.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(deploymentUrl.toString(), e);
        }
    }

    /** The build's WAR, unchanged: {@code target/switchboard.war}. */
    public static WebArchive war() {
        File war = new File(System.getProperty("switchboard.it.war", "target/switchboard.war"));
        if (!war.isFile()) {
            throw new IllegalStateException(war + " is missing: run the integration tests with mvn verify");
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, war);
    }

    /** The build's WAR with {@code contextParameters} added to its web.xml (configuration a test needs). */
    public static WebArchive war(Map<String, String> contextParameters) {
        WebArchive war = war();
        String webXml;
        try (InputStream in = war.get("/WEB-INF/web.xml").getAsset().openStream()) {
            webXml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder parameters = new StringBuilder();
        contextParameters.forEach((name, value) -> parameters.append("  <context-param>\n    <param-name>").append(name)
                .append("</param-name>\n    <param-value>").append(value).append("</param-value>\n  </context-param>\n"));
        war.delete("/WEB-INF/web.xml");
        war.addAsWebInfResource(new StringAsset(webXml.replace("</web-app>", parameters + "</web-app>")), "web.xml");
        return war;
    }

    /** tomcat, wildfly or payara. */
    public static String serverName() {
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
}
