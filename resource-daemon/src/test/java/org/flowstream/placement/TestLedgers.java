package org.flowstream.placement;

import java.util.List;
import org.flowstream.placement.construction.RoundRobinPlacer;
import org.flowstream.placement.domain.ModuleNode;
import org.flowstream.placement.domain.Platform;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.domain.SinkNode;
import org.flowstream.placement.feasibility.LoadLedger;

/** Ledgers for the repair tests: the round robin's start, and a ledger rebuilt from a placement. */
public final class TestLedgers {
    private TestLedgers() {}

    /** The services placed by the round robin (one rack try, violations allowed): where the repairs start. */
    public static LoadLedger greedy(Platform platform, List<ServiceGraph> services) {
        LoadLedger ledger = new LoadLedger(platform);
        for (ServiceGraph ns : services) ledger.register(ns);
        RoundRobinPlacer placer = new RoundRobinPlacer(ledger, 1, 4096);
        for (ServiceGraph ns : services) placer.place(ns, true);
        return ledger;
    }

    /** A fresh ledger with {@code from}'s placement, its totals summed from nothing. */
    public static LoadLedger rebuilt(Platform platform, List<ServiceGraph> services, LoadLedger from) {
        LoadLedger fresh = new LoadLedger(platform);
        for (ServiceGraph ns : services) {
            fresh.register(ns);
            for (ModuleNode pm : ns.pms()) fresh.assignPm(pm.key(), from.serverOf(pm.key()));
            for (SinkNode s : ns.sinks()) fresh.assignSink(s.key(), from.ioOf(s.key()));
        }
        return fresh;
    }
}
