package org.flowstream.resource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.contracts.element.ElementSignature;
import org.flowstream.contracts.element.PortSpec;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.modulehost.GateCounters;
import org.flowstream.contracts.records.modulehost.PmFlowsRequest;
import org.flowstream.contracts.records.modulehost.PmTypeInfo;
import org.flowstream.contracts.records.modulehost.ReleaseSummary;
import org.flowstream.contracts.records.openflow.ConnectionWiring;
import org.flowstream.contracts.records.resource.PlacedPm;
import org.flowstream.resource.allocation.PmConfigs;
import org.flowstream.resource.bench.StandInHost;
import org.flowstream.resource.gateway.GatewayException;
import org.flowstream.resource.gateway.HostedPm;
import org.flowstream.resource.gateway.ModuleHostGateway;
import org.flowstream.resource.gateway.PeerUnreachableException;
import org.flowstream.resource.gateway.SwitchGateway;
import org.flowstream.resource.hosts.ModuleHost;
import org.flowstream.resource.pmtypes.PmTypeRecord;
import org.flowstream.resource.pmtypes.SignatureReader;

/**
 * In-memory module hosts and switch for unit tests of the resource daemon's own logic (rollback, quotas,
 * recovery): they record what runs and can be told to refuse. The real daemons are tested beside these.
 */
final class RecordingGateways implements ModuleHostGateway, SwitchGateway {

    final Map<String, List<String>> pmsByHost = new ConcurrentHashMap<>();
    final Map<Integer, ConnectionWiring> wiringByAllocation = new ConcurrentHashMap<>();
    /** Every call, in order; tests read it while the daemon's threads add to it, so iterating needs no lock. */
    final List<String> log = new CopyOnWriteArrayList<>();

    private final AtomicInteger nextPort = new AtomicInteger(10);
    /** PM instances whose process died (the host lists them as failed until they are deleted). */
    final java.util.Set<String> failed = ConcurrentHashMap.newKeySet();

    volatile String refusePmNamed;
    /** Only this host refuses refusePmNamed (null: every host does). */
    volatile String refuseOnHost;

    volatile boolean refuseWiring;

    /** Called with each PM instance a host started, before create_pm answers (a PM that dies at once, say). */
    volatile java.util.function.Consumer<String> onStarted = instance -> {};

    /** Hosts that answer a probe (a ping) although they send no heartbeats; the others do not answer. */
    final java.util.Set<String> answeringProbes = ConcurrentHashMap.newKeySet();

    @Override
    public PlacedPm createPm(
            ModuleHost host,
            String allocationTag,
            String pmName,
            String className,
            List<String> config,
            double cpuCores,
            long memoryMb,
            int inputs,
            int outputs,
            String baseSystem) {
        if (pmName.equals(refusePmNamed) && (refuseOnHost == null || refuseOnHost.equals(host.name()))) {
            throw new GatewayException("module host %s refused create_pm: injected failure".formatted(host.name()));
        }
        String instance = allocationTag + "-" + pmName;
        pmsByHost
                .computeIfAbsent(host.name(), h -> new CopyOnWriteArrayList<>())
                .add(instance);
        log.add("create_pm " + instance);
        onStarted.accept(instance);
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (int i = 0; i < PmConfigs.interfaces(inputs, outputs); i++) {
            ports.put("p" + i, nextPort.getAndIncrement());
        }
        startedPorts.put(instance, ports);
        if (unansweredCreates.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new PeerUnreachableException(
                    "module host %s: cannot reach it: no answer in time".formatted(host.name()), null);
        }
        return new PlacedPm(pmName, host.name(), instance, ports);
    }

    /** create_pm calls that start their PM but go unanswered, as on a host too busy to answer in time. */
    final java.util.concurrent.atomic.AtomicInteger unansweredCreates = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public Optional<PlacedPm> startedPm(ModuleHost host, String allocationTag, String pmName) {
        String instance = ModuleHostGateway.instanceName(allocationTag, pmName);
        log.add("list_pms " + host.name());
        if (!pmsByHost.getOrDefault(host.name(), List.of()).contains(instance)) {
            return Optional.empty();
        }
        return Optional.of(new PlacedPm(pmName, host.name(), instance, startedPorts.get(instance)));
    }

    /** The switch ports each started PM got. */
    private final Map<String, Map<String, Integer>> startedPorts = new ConcurrentHashMap<>();

    @Override
    public void deletePm(ModuleHost host, String instance) {
        log.add("delete_pm " + instance);
        failed.remove(instance);
        pmsByHost.getOrDefault(host.name(), new ArrayList<>()).remove(instance);
    }

    @Override
    public List<HostedPm> listPms(ModuleHost host) {
        return List.copyOf(pmsByHost.getOrDefault(host.name(), List.of())).stream()
                .map(i -> new HostedPm(i, failed.contains(i)))
                .toList();
    }

    final List<String> deployed = new CopyOnWriteArrayList<>();

    /** More get_pm_info entries every host offers, as {@link PmTypeInfo#entry} makes them. */
    final List<List<Object>> offered = new CopyOnWriteArrayList<>();

    @Override
    public void deployPm(ModuleHost host, String name, String source) {
        if (source.contains("does not compile")) {
            throw new GatewayException(
                    "module host %s refused deploy_pm: %s.java:1: error: ';' expected".formatted(host.name(), name));
        }
        deployed.add(name);
    }

    /**
     * get_pm_info as a stand-in host answers it (IPFilter and Counter of their typical sizes), the {@link #offered}
     * entries, and the types deployed here, one input and one output each, read as the real gateway reads every host's answer.
     */
    @Override
    public List<PmTypeRecord> pmTypes(ModuleHost host) {
        List<List<Object>> answer = new ArrayList<>(StandInHost.pmInfo(StandInHost.TYPICAL));
        answer.addAll(offered);
        for (String name : deployed) {
            ElementSignature signature = new ElementSignature(
                    name, PortSpec.ONE_TO_ONE, null, null, null, List.of("Read"), "deployed " + name);
            answer.add(PmTypeInfo.entry(signature, PmTypeInfo.of(signature, true, "2026-12-06T12:00:00Z")));
        }
        return SignatureReader.read(answer);
    }

    /** Calls passed through to module hosts: "method host", plus the op and PM of a pm_flows request. */
    final List<String> relayed = new CopyOnWriteArrayList<>();

    @Override
    public boolean answers(ModuleHost host, int timeoutMillis) {
        log.add("probe " + host.name());
        return answeringProbes.contains(host.name());
    }

    /** Answers pm_flows requests (a request's struct in, the answer out); null: the answers of a PM with no state. */
    volatile java.util.function.Function<Map<?, ?>, ReturnValue> pmFlows;

    /** A stand-in PM's answer to pm_flows' gate operations (freeze, await, daisy, ...): an idle gate. */
    static final GateCounters NO_GATE_COUNTERS =
            new GateCounters(List.of(), List.of(), 0, List.of(), 0, 0, 0, 0, 0, 0, 0, List.of(), 0, 0, 0);

    @Override
    public ReturnValue relay(ModuleHost host, String method, Object... params) {
        if (params.length == 1 && params[0] instanceof PmFlowsRequest request) {
            relayed.add(method + " " + host.name() + " " + request.op() + " " + request.pm());
            var answers = pmFlows;
            if (answers != null) {
                return answers.apply(Structs.toStruct(request));
            }
            // a PM with no stateful element: nothing to list, nothing held to release
            return ReturnValue.success(
                    method + " relayed to " + host.name(),
                    switch (request.op()) {
                        case "release" -> new ReleaseSummary(0, 0, 0, 0, 0, List.of());
                        case "freeze", "await", "daisy", "accept_daisy", "end_daisy" -> NO_GATE_COUNTERS;
                        default -> List.of();
                    });
        }
        relayed.add(method + " " + host.name());
        return ReturnValue.success(method + " relayed to " + host.name(), null);
    }

    @Override
    public void createConnections(String switchName, int tableId, ConnectionWiring wiring) {
        if (refuseWiring) {
            throw new GatewayException("the openflow daemon refused create_connections: injected failure");
        }
        wiringByAllocation.put((int) wiring.allocId(), wiring);
        log.add("create_connections " + wiring.allocId());
    }

    /** Runs as delete_connections begins (it may wait for something, or throw to refuse). */
    volatile java.util.function.IntConsumer onDeleteConnections = allocId -> {};

    @Override
    public void deleteConnections(String switchName, int tableId, int allocId) {
        onDeleteConnections.accept(allocId);
        wiringByAllocation.remove(allocId);
        log.add("delete_connections " + allocId);
    }

    @Override
    public ReturnValue relay(String method, Object... params) {
        relayed.add(method);
        return ReturnValue.success(method + " relayed", null);
    }

    int pmCount() {
        return pmsByHost.values().stream().mapToInt(List::size).sum();
    }
}
