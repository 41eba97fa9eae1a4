package org.flowstream.resource.gateway;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.common.config.DaemonConfig;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.DaemonUnreachableException;
import org.flowstream.common.rpc.Params;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.resource.allocation.PmConfigs;
import org.flowstream.resource.allocation.StartedPm;
import org.flowstream.resource.hosts.ModuleHost;
import org.flowstream.resource.pmtypes.PmTypeRecord;
import org.flowstream.resource.pmtypes.SignatureReader;

/** Module hosts reached over XML-RPC with the credentials of the "modulehost" peer entry. */
public final class XmlRpcModuleHosts implements ModuleHostGateway {

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
    public ReturnValue relay(ModuleHost host, String method, Object... params) {
        try {
            return client(host).call(method, params);
        } catch (DaemonUnreachableException e) {
            return ReturnValue.failure("module host %s: %s".formatted(host.name(), e.getMessage()));
        }
    }

    @Override
    public StartedPm createPm(
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
        Map<String, Object> pm = new LinkedHashMap<>();
        pm.put("name", instance);
        pm.put("config", PmConfigs.graph(className, config, inputs, outputs));
        pm.put("ports", PmConfigs.interfaces(inputs, outputs));
        pm.put("memory_mb", (int) Math.max(96, memoryMb));
        pm.put("cpu_percent", (int) Math.max(1, Math.round(cpuCores * 100)));
        pm.put("basesys", baseSystem);
        ReturnValue answer = call(host, "create_pm", pm);
        return new StartedPm(pmName, host.name(), instance, switchPorts(answer.value()));
    }

    /** create_pm answers the PM struct, whose ports are [{name: "p0", interface, ofport, mac}, ...]. */
    private static Map<String, Integer> switchPorts(Object value) {
        Map<String, Object> struct = Params.struct(value, "create_pm's answer");
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Object port : Params.array(struct.get("ports"), "create_pm's ports")) {
            Map<String, Object> p = Params.struct(port, "a PM port");
            out.put(
                    Params.string(p.get("name"), "a PM port's name"),
                    Params.integer(p.get("ofport"), "a PM port's ofport"));
        }
        return out;
    }

    @Override
    public void deletePm(ModuleHost host, String instance) {
        try {
            ReturnValue answer = client(host).call("delete_pm", Map.of("name", instance));
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
        ReturnValue answer = call(host, "list_pms");
        return Params.array(answer.value(), "list_pms' answer").stream()
                .map(pm -> pm instanceof Map<?, ?> m
                        ? new HostedPm(String.valueOf(m.get("name")), "failed".equals(m.get("state")))
                        : new HostedPm(String.valueOf(pm), false))
                .toList();
    }

    @Override
    public List<PmTypeRecord> pmTypes(ModuleHost host) {
        return SignatureReader.read(call(host, "get_pm_info").value());
    }

    @Override
    public void deployPm(ModuleHost host, String name, String source) {
        call(host, "deploy_pm", name, source);
    }
}
