package org.flowstream.contracts.records.resource;

import java.util.List;
import org.flowstream.contracts.records.WireName;

/**
 * A scaling group as get_allocation and a group change's task show it (docs/migration.md, "Scale-out"): the grouped
 * PM and its members, each with the units (inside prefixes) it serves.
 *
 * @param pm the grouped PM's name in the request
 * @param members in the order they joined
 */
@WireName("a scaling group's status")
public record GroupStatus(String pm, List<Member> members) {

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

    public GroupStatus {
        members = List.copyOf(members);
    }
}
