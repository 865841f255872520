package io.switchboard.bench;

/**
 * CPU use between two marks: server (every node), generator, Redis (NaN without one), and everything else on
 * the machine.
 */
record Window(double seconds, double serverCpu, double clientCpu, double redisCpu, double otherCpu) {

    static Window between(ServerProbe.Mark a, ServerProbe.Mark b) {
        double server = b.serverCpu() - a.serverCpu();
        double client = b.selfCpu() - a.selfCpu();
        double redis = b.redisCpu() - a.redisCpu();
        double machine = b.machineBusy() - a.machineBusy();
        double known = server + client + (Double.isNaN(redis) ? 0 : redis);
        return new Window((b.nanos() - a.nanos()) / 1e9, server, client, redis, Math.max(0, machine - known));
    }

    /** Server CPU microseconds per message. */
    double serverMicrosPer(long messages) {
        return messages == 0 ? Double.NaN : serverCpu * 1e6 / messages;
    }

    /** Redis CPU microseconds per message (NaN without a Redis). */
    double redisMicrosPer(long messages) {
        return messages == 0 ? Double.NaN : redisCpu * 1e6 / messages;
    }
}
