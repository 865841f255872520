package io.switchboard.testing;

import io.switchboard.app.Switchboard;
import io.switchboard.app.SwitchboardListener;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.WebResourceRoot;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.loader.WebappLoader;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.webresources.DirResourceSet;
import org.apache.catalina.webresources.StandardRoot;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * The application deployed, as the WAR would be, on a real Tomcat inside the test JVM, at 127.0.0.1 and a free
 * port: annotations scanned, the web listener and the handshake filter active. For what only a servlet
 * container shows (handshake refusals with HTTP statuses, response headers, the page). Configuration is given
 * as web.xml context parameters, which also exercises that configuration path.
 */
public final class EmbeddedTomcat extends ServerUnderTest implements AutoCloseable {
    private final Tomcat tomcat;
    private final Context context;
    private final int port;
    private final File base;

    private EmbeddedTomcat(Tomcat tomcat, Context context, int port, File base) {
        this.tomcat = tomcat;
        this.context = context;
        this.port = port;
        this.base = base;
    }

    /** The application at a free port of 127.0.0.1. */
    public static EmbeddedTomcat start(Map<String, String> contextParameters) {
        return start(0, contextParameters);
    }

    /** The application at {@code port} of 127.0.0.1 (0: a free one). */
    public static EmbeddedTomcat start(int port, Map<String, String> contextParameters) {
        try {
            // Tomcat takes the first instance's directory as catalina.home for every later one: give them all one
            // that stays, so each instance's own base directory can go when it stops
            System.setProperty("catalina.home", Files.createDirectories(Path.of("target", "embedded-tomcat-home"))
                    .toAbsolutePath().toString());
            File base = ScratchDirectories.create("embedded-tomcat").toFile();
            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(base.getAbsolutePath());
            Connector connector = new Connector();
            connector.setPort(port);
            connector.setProperty("address", "127.0.0.1");
            tomcat.setConnector(connector);

            tomcat.setAddDefaultWebXmlToWebapp(false); // no JSP engine here: add only the static-file servlet
            Context context = tomcat.addWebapp("/switchboard", new File("src/main/webapp").getAbsolutePath());
            Tomcat.addDefaultMimeTypeMappings(context);
            Tomcat.addServlet(context, "default", new DefaultServlet());
            context.addServletMappingDecoded("/", "default");
            context.addWelcomeFile("index.html");
            WebResourceRoot resources = new StandardRoot(context);
            resources.addPreResources(new DirResourceSet(resources, "/WEB-INF/classes",
                    new File("target/classes").getAbsolutePath(), "/"));
            context.setResources(resources);
            WebappLoader loader = new WebappLoader();
            loader.setDelegate(true); // the test sees the same Switchboard the webapp runs
            context.setLoader(loader);
            context.setParentClassLoader(EmbeddedTomcat.class.getClassLoader());
            ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
            Map<String, String> parameters = new HashMap<>(contextParameters);
            parameters.putIfAbsent("switchboard.heartbeat.scheduler", "executor");
            parameters.forEach(context::addParameter);

            tomcat.start();
            if (!context.getState().isAvailable()) {
                tomcat.stop();
                tomcat.destroy();
                throw new IllegalStateException("the web application did not start");
            }
            return new EmbeddedTomcat(tomcat, context, connector.getLocalPort(), base);
        } catch (Exception e) {
            throw new IllegalStateException("embedded Tomcat did not start", e);
        }
    }

    @Override
    public int port() {
        return port;
    }

    /** The application running inside this Tomcat. */
    public Switchboard app() {
        return (Switchboard) context.getServletContext().getAttribute(SwitchboardListener.ATTRIBUTE);
    }

    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException(e);
        }
        ScratchDirectories.delete(base.toPath());
    }
}
