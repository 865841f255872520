package io.switchboard.bench;

import java.net.URI;
import java.util.List;

/**
 * {@code idle}: many echo connections opened and held; the server's resident memory and its live heap (after
 * a full GC) are read before and after, and the growth is divided by the connections opened.
 */
final class Idle {
    private final Run run;

    Idle(Run run) {
        this.run = run;
    }

    Result run(Target target) throws Exception {
        Settings s = run.settings;
        Result r = new Result("idle", s.idleConnections + " conns", target.name());
        ServerProbe probe = target.probe(); // memory and heap are the first node's: every connection goes there
        long heap0 = probe.liveHeapKiB();
        long rss0 = probe.rssKiB();
        int threads0 = probe.threads();
        ServerProbe.Mark a = probe.mark();
        URI uri = target.uri(0, "/echo");
        Clients.Opened opened = run.clients.open(i -> uri, s.idleConnections, s.idleOpenConcurrency,
                s.idleOpenConcurrency, i -> new Conn(i, null));
        List<Conn> conns = opened.conns();
        ServerProbe.Mark b = probe.mark();
        Run.log("idle: %d connections open (%d failed) in %.1f s; holding %.0f s",
                conns.size(), opened.failed(), (b.nanos() - a.nanos()) / 1e9, s.idleHold);
        Run.sleepSeconds(s.idleHold);
        ServerProbe.Mark c = probe.mark();
        long stillOpen = conns.stream().filter(x -> !x.isClosed()).count();
        long heap1 = probe.liveHeapKiB();
        long rss1 = probe.rssKiB();
        int threads1 = probe.threads();
        int n = conns.size();
        r.put("requested", s.idleConnections).put("opened", n).put("openFailures", opened.failed());
        if (opened.failed() > 0) {
            r.put("firstError", opened.firstError());
        }
        r.put("openSeconds", Result.round((b.nanos() - a.nanos()) / 1e9, 2));
        r.put("stillOpenAfterHold", stillOpen);
        r.put("serverRssBeforeKiB", rss0).put("serverRssAfterKiB", rss1);
        r.put("serverLiveHeapBeforeKiB", heap0).put("serverLiveHeapAfterKiB", heap1);
        r.put("serverThreadsBefore", threads0).put("serverThreadsAfter", threads1);
        r.put("rssPerConnectionKiB", n == 0 ? null : Result.round((rss1 - rss0) / (double) n, 1));
        r.put("liveHeapPerConnectionKiB", n == 0 ? null : Result.round((heap1 - heap0) / (double) n, 1));
        r.put("serverCpuSecondsOpening", Result.round(b.serverCpu() - a.serverCpu(), 2));
        r.put("serverCpuSecondsHolding", Result.round(c.serverCpu() - b.serverCpu(), 2));
        Clients.closeAll(conns, 30000);
        return r;
    }
}
