package org.flowstream.modulehost.lb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.flowstream.common.config.DaemonConfig;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.DaemonUnreachableException;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.openflow.LoadReportReceipt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports this host's sampled load to the openflow daemon's prefix load balancer (§2.2.5): every period it
 * reads its PMs' PrefixSampler counters, turns them into the period's estimated packets per prefix and sends
 * {@code lb_report_load(balancer_id, loads)}. The balancer re-balances on these reports when the imbalance
 * drifts above its maximum.
 */
public final class LoadReporter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoadReporter.class);

    private final DaemonClient openflow;
    private final int balancerId;
    private final Supplier<List<SampledLoads.Sampler>> samplers;
    private final SampledLoads loads = new SampledLoads();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "modulehost-load-reporter");
        t.setDaemon(true);
        return t;
    });

    public LoadReporter(DaemonConfig.Peer openflow, int balancerId, Supplier<List<SampledLoads.Sampler>> samplers) {
        this.openflow = DaemonClient.of(openflow);
        this.balancerId = balancerId;
        this.samplers = samplers;
    }

    public void start(int periodSeconds) {
        timer.scheduleWithFixedDelay(this::reportQuietly, periodSeconds, periodSeconds, TimeUnit.SECONDS);
        LOG.info(
                "reporting sampled prefix loads to load balancer {} at {} every {} s",
                balancerId,
                openflow.url(),
                periodSeconds);
    }

    /**
     * Sends this period's load; the openflow daemon's receipt (read strictly with its contract record), or empty
     * when nothing was sampled.
     *
     * @throws IllegalStateException when the balancer refused the report, saying why
     */
    public Optional<LoadReportReceipt> reportNow() {
        Map<String, Long> period = loads.period(samplers.get());
        if (period.isEmpty()) {
            return Optional.empty();
        }
        ReturnValue answer = openflow.call("lb_report_load", balancerId, period);
        if (answer.isFailure()) {
            throw new IllegalStateException(
                    "load balancer %d refused this host's load report: %s".formatted(balancerId, answer.message()));
        }
        return Optional.of(Structs.fromStruct(answer.value(), LoadReportReceipt.class));
    }

    private void reportQuietly() {
        try {
            reportNow()
                    .ifPresent(receipt -> LOG.debug(
                            "load balancer {} took {} prefixes ({} reports this period)",
                            receipt.balancerId(),
                            receipt.prefixes(),
                            receipt.reportsPending()));
        } catch (DaemonUnreachableException e) {
            LOG.warn("openflow daemon unreachable, this period's load report is lost: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("load report failed: {}", e.getMessage());
        }
    }

    /** The PrefixSampler counters among PMs' element statistics ({element: {one_in, samples, ...}} per PM). */
    public static List<SampledLoads.Sampler> samplersIn(Map<String, Map<String, Object>> elementStatsByPm) {
        List<SampledLoads.Sampler> found = new ArrayList<>();
        elementStatsByPm.forEach((pm, elements) -> elements.forEach((element, stats) -> {
            if (stats instanceof Map<?, ?> s
                    && s.get("samples") instanceof Map<?, ?> samples
                    && s.get("one_in") instanceof Number oneIn) {
                Map<String, Long> counts = new java.util.TreeMap<>();
                samples.forEach((prefix, count) -> counts.put(String.valueOf(prefix), ((Number) count).longValue()));
                found.add(new SampledLoads.Sampler(pm + "/" + element, oneIn.intValue(), counts));
            }
        }));
        return found;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
