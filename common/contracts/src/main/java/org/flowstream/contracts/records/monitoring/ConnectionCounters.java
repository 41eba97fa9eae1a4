package org.flowstream.contracts.records.monitoring;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.flowstream.contracts.records.WireName;

/** One of an allocation's rules with its counters, as a tenant sees it. */
@WireName("a connection's counters")
public record ConnectionCounters(
        @JsonProperty("switch") String switchName,
        int table,
        int priority,
        String match,
        String actions,
        String cookie,
        long packets,
        long bytes) {}
