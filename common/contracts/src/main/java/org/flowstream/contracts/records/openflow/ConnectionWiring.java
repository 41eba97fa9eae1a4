package org.flowstream.contracts.records.openflow;

import java.util.List;
import org.flowstream.contracts.records.MayBeOmitted;
import org.flowstream.contracts.records.WireName;

/**
 * create_connections' alloc: the wiring of one allocation on one switch, the paths its traffic takes from a
 * FromNet's port through its PMs to a ToNet's port. The resource daemon builds it from a placed allocation; the
 * openflow daemon turns it into rules (docs/openflow-daemon.md). Operators may also send it as JSON text or with
 * one path's fields at the top level; the openflow daemon brings both to this form before reading it.
 *
 * @param allocId  the allocation; its rules are owned by the cookie made from it
 * @param priority the rules' priority (default 1000; at most 64998, below the platform's rules)
 * @param vlan     a VLAN tag per hop (default true); false when every PM interface is a switch port of its own
 * @param paths    one or more paths
 */
@WireName("create_connections' alloc")
public record ConnectionWiring(
        long allocId,
        @MayBeOmitted Integer priority,
        @MayBeOmitted Boolean vlan,
        List<WiringPath> paths) {}
