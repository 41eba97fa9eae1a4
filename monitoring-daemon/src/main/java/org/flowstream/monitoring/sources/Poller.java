package org.flowstream.monitoring.sources;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.flowstream.common.rpc.DaemonUnreachableException;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.openflow.SwitchListing;
import org.flowstream.monitoring.history.SourceHealth;
import org.flowstream.monitoring.history.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One round of polling. Hosts: the resource daemon's list_hosts names them, then every host's get_load is
 * asked at once, each on its own thread with its own deadline, so a slow or dead host costs only itself
 * a missed poll. Openflow: the allocations the resource daemon lists, each one's get_flow_stats, and every
 * switch's get_port_stats, as one source with one deadline. When the resource daemon does not answer, the
 * last lists it gave are used, so the platform stays monitored while it restarts.
 */
public final class Poller {

    private static final Logger LOG = LoggerFactory.getLogger(Poller.class);

    /** A host's up/down change, for the reporter (which tells the resource daemon at once). */
    public record HostChange(String host, SourceHealth.Change change, String reason) {}

    private final Peers peers;
    private final SourceBook book;
    private final ExecutorService pollThreads;
    private final long timeoutMillis;
    private final Consumer<HostChange> onHostChange;
    private volatile List<RegisteredHost> knownHosts = List.of();
    private volatile List<AllocationRef> knownAllocations = List.of();

    public Poller(
            Peers peers,
            SourceBook book,
            ExecutorService pollThreads,
            long timeoutMillis,
            Consumer<HostChange> onHostChange) {
        this.peers = peers;
        this.book = book;
        this.pollThreads = pollThreads;
        this.timeoutMillis = timeoutMillis;
        this.onHostChange = onHostChange;
    }

    /** The hosts of the last list_hosts answer. */
    public List<RegisteredHost> knownHosts() {
        return knownHosts;
    }

    /** The allocations of the last list_allocations answer. */
    public List<AllocationRef> knownAllocations() {
        return knownAllocations;
    }

    // ---- module hosts (and their PMs) ----

    public void pollHosts() {
        refreshHosts();
        Map<RegisteredHost, Future<HostSample>> asked = new LinkedHashMap<>();
        Map<RegisteredHost, AtomicBoolean> settled = new LinkedHashMap<>();
        for (RegisteredHost host : knownHosts) {
            SourceRecord<HostSample> record = book.host(host.name());
            record.url(host.url());
            AtomicBoolean done = new AtomicBoolean();
            settled.put(host, done);
            // Each host records its own answer the moment it comes, so a slow one delays nobody's sample.
            asked.put(host, pollThreads.submit(() -> {
                HostSample sample = HostSample.fromGetLoad(
                        host.name(), peers.moduleHost(host.url()).value("get_load"));
                if (done.compareAndSet(false, true)) {
                    record.history().add(System.currentTimeMillis(), sample);
                    changed(host, record.health().answered(System.currentTimeMillis()), "");
                }
                return sample;
            }));
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        asked.forEach((host, answer) -> {
            Outcome<HostSample> outcome = await(answer, deadline);
            if (outcome.error() != null && settled.get(host).compareAndSet(false, true)) {
                LOG.debug("module host {} missed a poll: {}", host.name(), outcome.error());
                changed(host, book.host(host.name()).health().missed(outcome.error()), outcome.error());
            }
        });
    }

    private void changed(RegisteredHost host, SourceHealth.Change change, String error) {
        if (change == SourceHealth.Change.NONE) {
            return;
        }
        LOG.info(
                "module host {} is {} ({})",
                host.name(),
                change == SourceHealth.Change.WENT_DOWN ? "down" : "back up",
                change == SourceHealth.Change.WENT_DOWN ? error : "answered get_load");
        onHostChange.accept(new HostChange(host.name(), change, error));
    }

    /** Asks the resource daemon which hosts there are; keeps the last list when it does not answer. */
    private void refreshHosts() {
        List<RegisteredHost> listed = askResource(
                "list_hosts",
                value -> RegisteredHost.fromWire(value).stream()
                        .filter(h -> !h.name().isEmpty() && !h.url().isEmpty())
                        .toList());
        if (listed != null) {
            knownHosts = listed;
            book.registered(listed);
        }
    }

    private void refreshAllocations() {
        List<AllocationRef> listed = askResource(
                "list_allocations",
                value -> AllocationRef.fromWire(value).stream()
                        .filter(a -> a.id() > 0)
                        .toList());
        if (listed != null) {
            knownAllocations = listed;
        }
    }

    /** A resource daemon answer, or null (and a miss on its record) when it gave none in time. */
    private <T> T askResource(String method, java.util.function.Function<Object, T> read) {
        if (peers.resource().isEmpty()) {
            book.resource().health().missed("no \"resource\" peer configured");
            return null;
        }
        PeerClient resource = peers.resource().get();
        Outcome<T> outcome = await(
                pollThreads.submit(() -> read.apply(resource.value(method))),
                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
        if (outcome.error() != null) {
            book.resource().health().missed(outcome.error());
            LOG.debug("resource daemon did not answer {}: {}", method, outcome.error());
            return null;
        }
        book.resource().health().answered(System.currentTimeMillis());
        return outcome.value();
    }

    // ---- the openflow daemon ----

    public void pollOpenflow() {
        refreshAllocations();
        SourceRecord<OpenflowSample> record = book.openflow();
        if (peers.openflow().isEmpty()) {
            record.health().missed("no \"openflow\" peer configured");
            return;
        }
        PeerClient openflow = peers.openflow().get();
        record.url(openflow.url().toString());
        List<AllocationRef> allocations = knownAllocations;
        Outcome<OpenflowSample> outcome = await(
                pollThreads.submit(() -> readOpenflow(openflow, allocations)),
                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
        if (outcome.error() == null) {
            record.history().add(System.currentTimeMillis(), outcome.value());
            record.health().answered(System.currentTimeMillis());
        } else {
            record.health().missed(outcome.error());
            LOG.debug("openflow daemon missed a poll: {}", outcome.error());
        }
    }

    private static OpenflowSample readOpenflow(PeerClient openflow, List<AllocationRef> allocations) {
        Map<Integer, AllocationFlows> flows = new LinkedHashMap<>();
        for (AllocationRef allocation : allocations) {
            flows.put(
                    allocation.id(),
                    AllocationFlows.fromWire(allocation.id(), openflow.value("get_flow_stats", allocation.id())));
        }
        List<SwitchSample> switches = new ArrayList<>();
        for (SwitchListing sw : Structs.fromArray(openflow.value("list_switches"), SwitchListing.class)) {
            switches.add(SwitchSample.fromWire(sw.name(), openflow.value("get_port_stats", sw.name())));
        }
        return new OpenflowSample(flows, switches);
    }

    /** Live rule counters of one allocation (for a tenant's on-demand get_flow_stats), bounded by the poll timeout. */
    public AllocationFlows flowsNow(int allocId) {
        PeerClient openflow =
                peers.openflow().orElseThrow(() -> new PeerClient.SourceException("no \"openflow\" peer configured"));
        Outcome<AllocationFlows> outcome = await(
                pollThreads.submit(() -> AllocationFlows.fromWire(allocId, openflow.value("get_flow_stats", allocId))),
                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
        if (outcome.error() != null) {
            throw new PeerClient.SourceException(outcome.error());
        }
        return outcome.value();
    }

    // ---- waiting with a deadline ----

    private record Outcome<T>(T value, String error) {}

    private <T> Outcome<T> await(Future<T> answer, long deadlineNanos) {
        try {
            long left = Math.max(0, deadlineNanos - System.nanoTime());
            return new Outcome<>(answer.get(left, TimeUnit.NANOSECONDS), null);
        } catch (TimeoutException e) {
            answer.cancel(true);
            return new Outcome<>(null, "no answer within %d ms".formatted(timeoutMillis));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String why = cause instanceof DaemonUnreachableException || cause instanceof PeerClient.SourceException
                    ? cause.getMessage()
                    : cause.getClass().getSimpleName() + ": " + cause.getMessage();
            return new Outcome<>(null, why);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer.cancel(true);
            return new Outcome<>(null, "interrupted (the daemon is stopping)");
        }
    }
}
