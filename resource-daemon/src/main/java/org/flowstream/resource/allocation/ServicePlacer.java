package org.flowstream.resource.allocation;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.flowstream.lang.model.NetworkService;
import org.flowstream.lang.model.ProcessingModule;
import org.flowstream.resource.hosts.ModuleHost;

/**
 * Decides where an allocation's PMs run (online placement, §3.2): existing allocations stay where they are.
 * The placer keeps the platform's load; release and restore keep it equal to the allocations that exist.
 */
public interface ServicePlacer {

    /**
     * Places every PM of the service on one of the hosts.
     *
     * @return PM name to host name
     * @throws PlacementRefusedException when it cannot fit, saying which resource is short, where and by how much
     */
    Map<String, String> place(int allocationId, NetworkService service, List<ModuleHost> hosts);

    /** Frees what an allocation held. Releasing an unknown allocation does nothing. */
    void release(int allocationId);

    /** Re-enters a placement decided before (after a restart), so capacity accounting is right again. */
    void restore(int allocationId, NetworkService service, Map<String, String> placement, List<ModuleHost> hosts);

    /**
     * Places one more instance of a running allocation's PM (a scaling group's new member) and reserves its CPU and
     * memory, on a host outside {@code crowded} when one has room, else on a crowded one that has.
     *
     * @return the host's name
     * @throws PlacementRefusedException when no host has room, saying what is short
     */
    String placeMember(
            int allocationId, String instance, ProcessingModule pm, List<ModuleHost> hosts, Collection<String> crowded);

    /** Frees what {@link #placeMember} reserved for that instance. Releasing an unknown one does nothing. */
    void releaseMember(int allocationId, String instance);

    /** Re-enters a member placed before (after a restart) on the host it runs on, as {@link #restore} does. */
    void restoreMember(int allocationId, String instance, ProcessingModule pm, String host);
}
