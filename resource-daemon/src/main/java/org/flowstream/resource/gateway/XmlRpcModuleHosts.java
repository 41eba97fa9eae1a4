package org.flowstream.resource.gateway;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flowstream.common.config.DaemonConfig;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.DaemonUnreachableException;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.modulehost.PmDescription;
import org.flowstream.contracts.records.modulehost.PmPortDescription;
import org.flowstream.contracts.records.modulehost.PmReference;
import org.flowstream.contracts.records.modulehost.PmRequest;
import org.flowstream.contracts.records.resource.PlacedPm;
import org.flowstream.resource.allocation.PmConfigs;
import org.flowstream.resource.hosts.ModuleHost;
import org.flowstream.resource.pmtypes.PmTypeRecord;
import org.flowstream.resource.pmtypes.SignatureReader;

/** Module hosts reached over XML-RPC with the credentials of the "modulehost" peer entry. */
public final class XmlRpcModuleHosts implements ModuleHostGateway {

    /** How often a PM that is still starting is looked at again, and for how long (a create_pm gone unanswered). */
    private static final long STARTING_POLL_MILLIS = 100, STILL_STARTING_NANOS = 60_000_000_000L;

    private final DaemonConfig.Peer credentials;

    public XmlRpcModuleHosts(DaemonConfig.Peer credentials) {
        this.credentials = credentials;
    }

    private DaemonClient client(ModuleHost host) {
        return new DaemonClient(
                URI.create(host.url()), credentials.user, credentials.password, credentials.timeoutMillis);
    }

    private ReturnValue call(ModuleHost host, String method, Object... params) {
        try {
            ReturnValue answer = client(host).call(method, params);
            if (answer.isFailure()) {
                throw new GatewayException(
                        "module host %s refused %s: %s".formatted(host.name(), method, answer.message()));
            }
            return answer;
        } catch (DaemonUnreachableException e) {
            throw new PeerUnreachableException("module host %s: %s".formatted(host.name(), e.getMessage()), e);
        }
    }

    @Override
    public boolean answers(ModuleHost host, int timeoutMillis) {
        try {
            return new DaemonClient(URI.create(host.url()), credentials.user, credentials.password, timeoutMillis)
                    .call("ping", "resource")
                    .isSuccess();
        } catch (DaemonUnreachableException e) {
            return false;
        }
    }

    @Override
    public ReturnValue relay(ModuleHost host, String method, Object... params) {
        try {
            return client(host).call(method, params);
        } catch (DaemonUnreachableException e) {
            return ReturnValue.failure("module host %s: %s".formatted(host.name(), e.getMessage()));
        }
    }

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
        String instance = ModuleHostGateway.instanceName(allocationTag, pmName);
        PmRequest pm = new PmRequest(
                instance,
                PmConfigs.graph(className, config, inputs, outputs),
                PmConfigs.interfaces(inputs, outputs),
                (int) Math.max(96, memoryMb),
                (int) Math.max(1, Math.round(cpuCores * 100)),
                baseSystem);
        PmDescription started = Structs.fromStruct(call(host, "create_pm", pm).value(), PmDescription.class);
        if (started.ports() == null) { // a PM struct leaves its ports out only while it has no process
            throw new GatewayException(
                    "module host %s answered create_pm for %s without the PM's ports".formatted(host.name(), instance));
        }
        return new PlacedPm(pmName, host.name(), instance, switchPorts(started));
    }

    @Override
    public Optional<PlacedPm> startedPm(ModuleHost host, String allocationTag, String pmName) {
        String instance = ModuleHostGateway.instanceName(allocationTag, pmName);
        long deadline = System.nanoTime() + STILL_STARTING_NANOS;
        while (true) {
            Optional<PmDescription> listed =
                    Structs.fromArray(call(host, "list_pms").value(), PmDescription.class).stream()
                            .filter(pm -> pm.name().equals(instance))
                            .findFirst();
            if (listed.isEmpty()) {
                return Optional.empty();
            }
            PmDescription pm = listed.get();
            if ("running".equals(pm.state()) && pm.ports() != null) {
                return Optional.of(new PlacedPm(pmName, host.name(), instance, switchPorts(pm)));
            }
            if (!"starting".equals(pm.state())) { // failed, or on its way out: start it afresh
                deletePm(host, instance);
                return Optional.empty();
            }
            if (System.nanoTime() > deadline) {
                throw new PeerUnreachableException(
                        "module host %s: PM %s is still starting after a minute".formatted(host.name(), instance),
                        null);
            }
            try {
                Thread.sleep(STARTING_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PeerUnreachableException("interrupted while PM %s was starting".formatted(instance), e);
            }
        }
    }

    /** Each port's name in the PM (p0, ...) to the OpenFlow port number its switch-facing end has. */
    private static Map<String, Integer> switchPorts(PmDescription pm) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (PmPortDescription port : pm.ports()) {
            out.put(port.name(), port.ofport());
        }
        return out;
    }

    @Override
    public void deletePm(ModuleHost host, String instance) {
        try {
            ReturnValue answer = client(host).call("delete_pm", new PmReference(instance));
            if (answer.isFailure() && !answer.message().contains("no PM")) {
                throw new GatewayException(
                        "module host %s refused delete_pm %s: %s".formatted(host.name(), instance, answer.message()));
            }
        } catch (DaemonUnreachableException e) {
            throw new PeerUnreachableException("module host %s: %s".formatted(host.name(), e.getMessage()), e);
        }
    }

    @Override
    public List<HostedPm> listPms(ModuleHost host) {
        return Structs.fromArray(call(host, "list_pms").value(), PmDescription.class).stream()
                .map(pm -> new HostedPm(pm.name(), "failed".equals(pm.state())))
                .toList();
    }

    @Override
    public List<PmTypeRecord> pmTypes(ModuleHost host) {
        Object answer = call(host, "get_pm_info").value();
        try {
            return SignatureReader.read(answer);
        } catch (IllegalArgumentException e) { // a key renamed or missing: refused in the record's words
            throw new GatewayException("module host %s's get_pm_info: %s".formatted(host.name(), e.getMessage()));
        }
    }

    @Override
    public void deployPm(ModuleHost host, String name, String source) {
        call(host, "deploy_pm", name, source);
    }
}
