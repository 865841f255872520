package io.switchboard.app;

/**
 * Which clock drives the heartbeat: the EJB timer where the server has EJB, a plain executor where it does
 * not (Tomcat). Reported in {@code /status} as {@code "ejb"} or {@code "executor"}.
 */
public enum SchedulerKind {
    EJB("ejb"),
    EXECUTOR("executor");

    /** Present exactly where EJB timers can run. Named as a string: this class must load without jakarta.ejb. */
    static final String EJB_MARKER_CLASS = "jakarta.ejb.TimerService";

    private final String label;

    SchedulerKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The configured choice ({@code auto}, {@code ejb} or {@code executor}); {@code auto} detects. */
    public static SchedulerKind select(String configured, ClassLoader loader) {
        return switch (configured) {
            case "ejb" -> EJB;
            case "executor" -> EXECUTOR;
            default -> detect(loader);
        };
    }

    /** EJB when {@code jakarta.ejb.TimerService} can be loaded through {@code loader}, otherwise the executor. */
    public static SchedulerKind detect(ClassLoader loader) {
        try {
            Class.forName(EJB_MARKER_CLASS, false, loader);
            return EJB;
        } catch (ClassNotFoundException | LinkageError e) {
            return EXECUTOR;
        }
    }
}
