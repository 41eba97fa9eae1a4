package org.flowstream.resource.gateway;

import java.util.List;
import java.util.Optional;
import org.flowstream.contracts.records.resource.PlacedPm;
import org.flowstream.resource.hosts.ModuleHost;

/** What the resource daemon asks of module hosts; the real one talks XML-RPC to their daemons. */
public interface ModuleHostGateway {

    /** Starts one PM on a host; throws {@link GatewayException} with the host's reason when it cannot. */
    PlacedPm createPm(
            ModuleHost host,
            String allocationTag,
            String pmName,
            String className,
            List<String> config,
            double cpuCores,
            long memoryMb,
            int inputs,
            int outputs,
            String baseSystem);

    /**
     * The PM a create_pm that went unanswered (a timeout, a connection lost) may have started: once the host no longer
     * lists it as starting, its ports if it runs; empty if the host does not have it, or had it fail (then it is
     * deleted). Lets a retry await work already in progress instead of deleting it and starting it again.
     *
     * @throws PeerUnreachableException when the host does not answer, or the PM is still starting after a minute
     */
    Optional<PlacedPm> startedPm(ModuleHost host, String allocationTag, String pmName);

    /** Stops a PM; a PM the host no longer has counts as stopped. */
    void deletePm(ModuleHost host, String instance);

    /** Every PM the host has, running or failed, for reconciliation after a restart or a PM's death. */
    List<HostedPm> listPms(ModuleHost host);

    /** The name a host gives a PM instance: its allocation's tag and the PM's name ("a12-fw"). */
    static String instanceName(String allocationTag, String pmName) {
        return allocationTag + "-" + pmName.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    /** Passes a low-level call (create_pm, delete_pm) through to a host and returns its answer unchanged. */
    org.flowstream.common.rpc.ReturnValue relay(ModuleHost host, String method, Object... params);

    /** The PM types (element types) the host runs, from its get_pm_info. */
    List<org.flowstream.resource.pmtypes.PmTypeRecord> pmTypes(ModuleHost host);

    /**
     * Whether the host's daemon answers a ping within {@code timeoutMillis}: asked before a host whose heartbeats
     * are late is declared down, so that a slow but living host is not failed over.
     */
    boolean answers(ModuleHost host, int timeoutMillis);

    /** Hands a new PM type's source to a host, which compiles it; a compile error comes back as GatewayException. */
    void deployPm(ModuleHost host, String name, String source);
}
