package org.flowstream.contracts.records.openflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.flowstream.contracts.records.WireName;

/** get_port_stats(switch)'s answer: every port's counters, as last polled ({@code updatedAt} "" before that). */
@WireName("get_port_stats' answer")
public record PortStats(@JsonProperty("switch") String switchName, String updatedAt, List<SwitchPortCounters> ports) {}
