package org.flowstream.contracts.records.modulehost;

import java.util.Map;
import org.flowstream.contracts.records.WireName;

/**
 * A module host's warm pool of pre-started, unconfigured PM runtimes (PmStartup's {@code pool}).
 *
 * @param enabled        whether create_pm takes PMs from the pool (pooled mode and at least one slot per size)
 * @param slotsPerSize   idle runtimes kept per PM memory size
 * @param portsPerSlot   network ports each slot makes ahead
 * @param memoryMb       per memory size (MB, as a string: XML-RPC struct keys are strings), its slots
 * @param pmsFromSlots   PMs started from a warm slot since the module host started
 * @param pmsWithoutSlot PMs started without one (the pool was empty for their size)
 */
@WireName("a host's warm pool")
public record WarmPoolState(
        boolean enabled,
        int slotsPerSize,
        int portsPerSlot,
        Map<String, Slots> memoryMb,
        long pmsFromSlots,
        long pmsWithoutSlot) {

    /** The slots of one memory size: ready to take, and still starting. */
    public record Slots(long warm, long starting) {}
}
