package org.flowstream.balancer;

/**
 * The switch layout of §2.2.6: two ports face the outside world, every machine hangs off one
 * port of its own, and two VLAN tags tell the machines (and the switch on the way back) the
 * direction of a packet.
 *
 * @param sourceSidePort      outside port whose incoming traffic is matched on source address
 * @param destinationSidePort outside port whose incoming traffic is matched on destination address
 * @param vlanSrc             tag of packets that entered on the source side (and leave there again)
 * @param vlanDst             tag of packets that entered on the destination side (and leave there again)
 */
public record BalancerTopology(int sourceSidePort, int destinationSidePort, int vlanSrc, int vlanDst) {
    public BalancerTopology {
        if (sourceSidePort == destinationSidePort)
            throw new IllegalArgumentException("the two outside ports must differ");
        if (vlanSrc == vlanDst) throw new IllegalArgumentException("VLAN_SRC and VLAN_DST must differ");
        for (int v : new int[] {vlanSrc, vlanDst}) {
            if (v < 1 || v > 4094) throw new IllegalArgumentException("VLAN ids must be 1..4094, got " + v);
        }
    }
}
