package org.flowstream.placement.feasibility;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.flowstream.placement.domain.DelayBound;
import org.flowstream.placement.domain.ModuleNode;
import org.flowstream.placement.domain.PlacementSolution;
import org.flowstream.placement.domain.PlatformLink;
import org.flowstream.placement.domain.ServerNode;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.domain.SinkNode;
import org.flowstream.placement.domain.Units;

/**
 * Recomputes a solution's violations from scratch, independently of Timefold's score: used for the
 * per-kind columns of the benchmark tables and to explain, in words, what is violated and where.
 */
public final class ViolationEvaluator {
    private ViolationEvaluator() {}

    public static LoadLedger ledgerOf(PlacementSolution solution) {
        LoadLedger ledger = new LoadLedger(solution.getPlatform());
        for (ServiceGraph ns : solution.getServices()) ledger.register(ns);
        for (ModuleNode pm : solution.getPms()) if (pm.getServer() != null) ledger.assignPm(pm.key(), pm.getServer());
        for (SinkNode s : solution.getSinks()) if (s.getIoNode() != null) ledger.assignSink(s.key(), s.getIoNode());
        return ledger;
    }

    public static ViolationReport evaluate(PlacementSolution solution) {
        return ledgerOf(solution).report(solution.getServices());
    }

    /** Human-readable violations, worst first, at most {@code limit}. */
    public static List<String> explain(PlacementSolution solution, int limit) {
        LoadLedger ledger = ledgerOf(solution);
        record Item(long amount, String text) {}
        List<Item> items = new ArrayList<>();
        for (ServerNode s : solution.getPlatform().servers()) {
            long cpu = ledger.cpuUsed(s) - s.cpuCenti();
            if (cpu > 0)
                items.add(new Item(
                        cpu,
                        String.format(
                                "CPU on server %s: %.2f cores needed, %.2f available (%.2f over)",
                                s.name(), ledger.cpuUsed(s) / 100.0, s.cpuCenti() / 100.0, cpu / 100.0)));
            long mem = ledger.memoryUsed(s) - s.memoryMb();
            if (mem > 0)
                items.add(new Item(
                        mem,
                        String.format(
                                "memory on server %s: %d MB needed, %d MB available (%d MB over)",
                                s.name(), ledger.memoryUsed(s), s.memoryMb(), mem)));
            long in = Units.excessMbps(ledger.internalUsed(s) - s.internalBps());
            if (in > 0)
                items.add(new Item(
                        in,
                        String.format(
                                "intra-server bandwidth on %s: %d Mbps over its %d Mbps",
                                s.name(), in, s.internalBps() / Units.BITS_PER_MBPS)));
        }
        for (PlatformLink l : solution.getPlatform().links()) {
            long over = Units.excessMbps(ledger.linkLoad(l) - l.capacityBps());
            if (over > 0)
                items.add(new Item(
                        over,
                        String.format(
                                "bandwidth on link %s: %d Mbps reserved, %d Mbps available (%d Mbps over)",
                                l.name(),
                                ledger.linkLoad(l) / Units.BITS_PER_MBPS,
                                l.capacityBps() / Units.BITS_PER_MBPS,
                                over)));
        }
        for (ServiceGraph ns : solution.getServices()) {
            for (DelayBound b : ns.delayBounds()) {
                int d = ledger.pathDelay(b);
                if (d > b.bound())
                    items.add(new Item(
                            d - b.bound(),
                            String.format("delay of %s: %d, bound %d (%d over)", b.id(), d, b.bound(), d - b.bound())));
            }
        }
        items.sort(Comparator.comparingLong(Item::amount).reversed());
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.min(limit, items.size()); i++)
            out.add(items.get(i).text());
        if (items.size() > limit) out.add((items.size() - limit) + " more violations");
        return out;
    }
}
