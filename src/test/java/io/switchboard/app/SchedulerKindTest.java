package io.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

class SchedulerKindTest {

    @Test
    void ejbWhereTheTimerServiceLoads() {
        assertEquals(SchedulerKind.EJB, SchedulerKind.detect(getClass().getClassLoader()));
    }

    @Test
    void executorWhereItDoesNotAsOnTomcat() throws Exception {
        try (URLClassLoader withoutEjb = new URLClassLoader(new URL[0], null)) {
            assertEquals(SchedulerKind.EXECUTOR, SchedulerKind.detect(withoutEjb));
        }
    }
}
