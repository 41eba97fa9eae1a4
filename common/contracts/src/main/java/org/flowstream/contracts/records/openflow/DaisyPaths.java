package org.flowstream.contracts.records.openflow;

import java.util.List;
import org.flowstream.contracts.records.WireName;

/**
 * set_daisy_paths(paths): the rule set a phased move owns on the switch (docs/migration.md, "The daisy chain
 * between real PMs"): for each port of the moving PM, the frames its old instance daisy-chains (EtherType 0x88B5)
 * go straight to the same port of the new instance, above the allocation's own wiring, and what the new instance
 * sends out of a port goes where the allocation's wiring takes the old one's. An empty {@code paths} removes the
 * set.
 *
 * @param switchName the platform switch
 * @param tableId    the table the allocation's wiring is in
 * @param allocId    the allocation whose PM moves (one move per allocation at a time: the set's owner)
 * @param paths      one per PM port: the old instance's switch port to the new instance's
 */
@WireName("set_daisy_paths' request")
public record DaisyPaths(String switchName, int tableId, long allocId, List<DaisyPath> paths) {

    /** The old instance's port {@code fromPort} to the new instance's {@code toPort}. */
    @WireName("a daisy path")
    public record DaisyPath(long fromPort, long toPort) {}
}
