package org.flowstream.contracts.records.openflow;

import java.util.List;
import org.flowstream.contracts.records.WireName;

/** A path as installed: the wiring's path with every PM's ports and VLAN tags. */
@WireName("a wired path")
public record WiredPath(String match, long fromPort, long toPort, List<WiredHop> pms) {}
