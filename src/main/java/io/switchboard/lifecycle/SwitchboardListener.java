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

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        SwitchboardConfig config = SwitchboardConfig.load(ConfigLookup.of(context::getInitParameter));
        Switchboard.start(config, SchedulerKind.select(config.heartbeatScheduler(), context.getClassLoader()));
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        try {
            Switchboard.current().stop();
        } catch (IllegalStateException notStarted) {
            // deployment failed before start: nothing to stop
        }
    }
}
