package io.switchboard.app;

import io.switchboard.config.ConfigLookup;
import io.switchboard.config.SwitchboardConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.websocket.DeploymentException;

/**
 * Starts Switchboard when the WAR deploys (reading and validating the configuration, so a bad value fails the
 * deployment), registers what it serves ({@link Routes}) and stops it on undeploy. The running instance is
 * kept as a context attribute ({@link #ATTRIBUTE}) for tests that deploy the WAR. Must not touch any
 * {@code jakarta.ejb} type: it runs on Tomcat.
 */
@WebListener
public class SwitchboardListener implements ServletContextListener {
    /** The servlet context attribute that holds the running {@link Switchboard}. */
    public static final String ATTRIBUTE = Switchboard.class.getName();

    /**
     * Stops Switchboard when the JVM stops. Some servers (Payara Micro) stop their network listener while
     * undeploying on shutdown, too late for the 1001 close frames sent from {@link #contextDestroyed}.
     */
    private Thread shutdownHook;
    private Switchboard app;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        SwitchboardConfig config = SwitchboardConfig.load(ConfigLookup.of(context::getInitParameter));
        app = Switchboard.start(config, SchedulerKind.select(config.heartbeatScheduler(), context.getClassLoader()));
        try {
            Routes.deploy(app, context);
        } catch (DeploymentException e) {
            app.stop();
            throw new IllegalStateException("Switchboard could not register its endpoints", e);
        }
        context.setAttribute(ATTRIBUTE, app);
        shutdownHook = new Thread(app::stop, "switchboard-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException jvmShuttingDown) {
                // the hook is running or has run: stop() below is then a no-op
            }
        }
        if (app != null) {
            app.stop();
        }
    }
}
