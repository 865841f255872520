package io.switchboard.bench;

/** CPU use between two marks: server, generator, and everything else on the machine. */
record Window(double seconds, double serverCpu, double clientCpu, double otherCpu) {

    static Window between(ServerProbe.Mark a, ServerProbe.Mark b) {
        double server = b.serverCpu() - a.serverCpu();
        double client = b.selfCpu() - a.selfCpu();
        double machine = b.machineBusy() - a.machineBusy();
        return new Window((b.nanos() - a.nanos()) / 1e9, server, client, Math.max(0, machine - server - client));
    }

    /** Server CPU microseconds per message. */
    double serverMicrosPer(long messages) {
        return messages == 0 ? Double.NaN : serverCpu * 1e6 / messages;
    }
}
