package org.flowstream.contracts.records.openflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.flowstream.contracts.records.MayBeOmitted;
import org.flowstream.contracts.records.WireName;

/**
 * A prefix load balancer's status (§2.2): lb_status' answer (one per balancer without an id), and the answer of
 * lb_configure, lb_add_machine, lb_remove_machine (with {@code change}) and lb_rebalance. Its configuration keys
 * are those of lb_configure's request (docs/load-balancing.md).
 *
 * @param defaultMachine the machine keeping unassigned traffic
 * @param machines       each machine with its prefixes and its share of the last measured load
 * @param assignment     prefix ("a.b.c.d/len") to machine name
 * @param prefixes       how many prefixes are assigned
 * @param imbalance      of the last measured load under the current assignment
 * @param rules          how many rules the balancer owns on the switch
 * @param reportsPending lb_report_load reports in the current period
 * @param lastRound      what the last re-balancing round did, once one ran
 * @param change         what installing the change did (lb_configure, lb_add_machine, lb_remove_machine)
 */
@WireName("a load balancer's status")
public record BalancerStatus(
        long balancerId,
        @JsonProperty("switch") String switchName,
        String cookie,
        String defaultMachine,
        List<BalancerMachine> machines,
        Map<String, String> assignment,
        int prefixes,
        double imbalance,
        double maxImbalance,
        double chunkThreshold,
        int sourceSidePort,
        int destinationSidePort,
        int vlanSrc,
        int vlanDst,
        String loadSource,
        long intervalMillis,
        int rules,
        int reportsPending,
        @MayBeOmitted BalancerRound lastRound,
        @MayBeOmitted RuleChange change) {}
