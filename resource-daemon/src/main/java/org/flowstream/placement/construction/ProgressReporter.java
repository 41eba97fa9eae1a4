package org.flowstream.placement.construction;

import java.util.List;
import java.util.function.Consumer;
import org.flowstream.placement.domain.ServiceGraph;
import org.flowstream.placement.feasibility.LoadLedger;
import org.flowstream.placement.feasibility.ViolationReport;

/**
 * Tells a listener about new best placements of a repair on the ledger, rate-limited: after a report
 * the next waits at least ten times as long as that report took (and at least 5 ms). A report walks
 * every service, which on 45,000 PMs costs milliseconds, so reporting each of thousands of small
 * improvements would slow the search; this way reports take at most about a tenth of the time.
 */
final class ProgressReporter {
    private static final long MIN_INTERVAL_NANOS = 5_000_000L;

    private final LoadLedger ledger;
    private final List<ServiceGraph> services;
    private final Consumer<ViolationReport> listener;
    private long interval = MIN_INTERVAL_NANOS;
    private long last = System.nanoTime();

    ProgressReporter(LoadLedger ledger, List<ServiceGraph> services, Consumer<ViolationReport> listener) {
        this.ledger = ledger;
        this.services = services;
        this.listener = listener;
    }

    /** Call when the ledger holds a new best placement. */
    void improved() {
        if (listener == null) return;
        long now = System.nanoTime();
        if (now - last >= interval) report();
    }

    /** Reports the ledger's placement now (the best one, at the end of a repair). */
    void report() {
        if (listener == null) return;
        long start = System.nanoTime();
        listener.accept(ledger.report(services));
        last = System.nanoTime();
        interval = Math.max(MIN_INTERVAL_NANOS, 10 * (last - start));
    }
}
