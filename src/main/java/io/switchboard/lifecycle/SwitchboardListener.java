package io.switchboard.lifecycle;

import io.switchboard.config.ConfigLookup;
import io.switchboard.config.SwitchboardConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Starts Switchboard when the WAR deploys (reading and validating the configuration, so a bad value fails
 * the deployment) and stops it on undeploy. Must not touch any {@code jakarta.ejb} type: it runs on Tomcat.
 */
@WebListener
public class SwitchboardListener implements ServletContextListener {
    /**
     * Stops Switchboard when the JVM stops. Some servers (Payara Micro) stop their network listener while
     * undeploying on shutdown, too late for the 1001 close frames sent from {@link #contextDestroyed}.
     */
    private Thread shutdownHook;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        SwitchboardConfig config = SwitchboardConfig.load(ConfigLookup.of(context::getInitParameter));
        Switchboard app = Switchboard.start(config, SchedulerKind.select(config.heartbeatScheduler(), context.getClassLoader()));
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
        try {
            Switchboard.current().stop();
        } catch (IllegalStateException notStarted) {
            // deployment failed before start, or the shutdown hook already stopped it
        }
    }
}
