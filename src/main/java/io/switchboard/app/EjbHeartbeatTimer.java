package io.switchboard.app;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;

/**
 * Drives the heartbeat from the EJB timer service on servers that have one (WildFly, Payara). Tomcat ignores
 * this class, and the composition root then starts the executor instead: exactly one clock runs.
 */
@Singleton
@Startup
public class EjbHeartbeatTimer {

    @Schedule(second = "*", minute = "*", hour = "*", persistent = false, info = "switchboard-heartbeat")
    public void tick() {
        Switchboard.ejbTick();
    }
}
