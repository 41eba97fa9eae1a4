package org.flowstream.contracts.records.openflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.flowstream.contracts.records.MayBeOmitted;
import org.flowstream.contracts.records.WireName;

/**
 * An allocation wired on a switch: create_connections' answer and one item of list_connections.
 *
 * @param allocId    the allocation
 * @param switchName the switch
 * @param table      the table its rules are in
 * @param cookie     the owner cookie of its rules, in hex
 * @param paths      its paths with the VLAN tags each hop got
 * @param rules      the rules the wiring became
 * @param applied    create_connections only: whether the switch took the rules (false: not connected, they wait)
 * @param message    create_connections only: what the rule manager did, in words
 */
@WireName("an allocation's connections")
public record WiredConnections(
        long allocId,
        @JsonProperty("switch") String switchName,
        int table,
        String cookie,
        List<WiredPath> paths,
        List<RuleListing> rules,
        @MayBeOmitted Boolean applied,
        @MayBeOmitted String message) {}
