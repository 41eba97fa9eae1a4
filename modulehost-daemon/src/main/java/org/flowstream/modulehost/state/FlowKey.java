package org.flowstream.modulehost.state;

/**
 * What identifies one flow's state inside an element, as a filter sees it: the inside endpoint (the tenant's
 * side), the outside endpoint (the remote peer; 0 where the state does not depend on it, as for a NAT's
 * endpoint-independent mapping) and the external address it is translated to (0 when the element translates
 * nothing). Addresses are IPv4 as ints.
 */
public record FlowKey(
        int protocol, int inside, int insidePort, int outside, int outsidePort, int external, int externalPort) {}
