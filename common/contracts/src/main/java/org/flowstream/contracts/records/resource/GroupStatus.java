package org.flowstream.contracts.records.resource;

import java.util.List;
import org.flowstream.contracts.records.WireName;

/**
 * A scaling group as get_allocation and a group change's task show it (docs/migration.md, "Scale-out"): the grouped
 * PM and its members, each with the units (inside prefixes) it serves, and each unit's measured load.
 *
 * @param pm the grouped PM's name in the request
 * @param members in the order they joined
 * @param unitLoads each unit's load as the resource daemon last measured it, in prefix order; a unit not measured
 *     yet (a fresh group, a restarted resource daemon: two polls of the switch's counters are needed) is left out
 */
@WireName("a scaling group's status")
public record GroupStatus(String pm, List<Member> members, List<UnitLoad> unitLoads) {

    /**
     * One member.
     *
     * @param instance its PM instance (as in get_allocation's pms)
     * @param host the module host it runs on
     * @param units the inside prefixes it serves ("10.81.0.0/25")
     */
    public record Member(String instance, String host, List<String> units) {

        public Member {
            units = List.copyOf(units);
        }
    }

    /**
     * One unit's recent load: the packets per second its own rules on the switch counted (its inside prefix as
     * nw_src, its external address as nw_dst) between the openflow daemon's last two polls.
     *
     * @param unit its inside prefix ("10.81.0.0/25")
     */
    public record UnitLoad(String unit, double packetsPerSecond) {}

    public GroupStatus {
        members = List.copyOf(members);
        unitLoads = List.copyOf(unitLoads);
    }
}
