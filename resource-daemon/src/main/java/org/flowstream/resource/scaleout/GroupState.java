package org.flowstream.resource.scaleout;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flowstream.contracts.records.resource.GroupStatus;

/**
 * A scaling group as the platform runs it (docs/migration.md, "Scale-out"): its members, which units (inside
 * prefixes, {@link GroupUnit#inside()}) each serves, and when it last grew or shrank (for the cool-down). The
 * allocation's book records each member's PM instance (host, switch ports) like any other PM; this records what
 * only a group has. Every unit is served by exactly one member.
 *
 * @param pm the grouped PM's name in the request
 * @param members in the order they joined; the first is started under the PM's own instance name
 * @param lastChangeMillis when a member last joined or left (the install for a new group)
 */
public record GroupState(int allocId, String pm, List<Member> members, long lastChangeMillis) {

    /**
     * One instance of the group.
     *
     * @param instance its name on its host ("a12-nat", "a12-nat-2"); unique within the allocation
     * @param host the module host it runs on (or is to be started on again)
     * @param units the inside prefixes it serves, as text ("10.81.0.128/25")
     */
    public record Member(String instance, String host, List<String> units) {

        public Member {
            units = List.copyOf(units);
        }
    }

    public GroupState {
        members = List.copyOf(members);
    }

    /**
     * The group as get_allocation and a change's task show it: each member's instance, host and units, and each
     * unit's measured load.
     *
     * @param unitLoads the units measured so far ({@link UnitRates#loads}), in prefix order
     */
    public GroupStatus status(List<GroupStatus.UnitLoad> unitLoads) {
        return new GroupStatus(pm, memberStatuses(), unitLoads);
    }

    /** Each member's instance, host and units, as {@link GroupStatus} shows them. */
    public List<GroupStatus.Member> memberStatuses() {
        return members.stream()
                .map(m -> new GroupStatus.Member(m.instance(), m.host(), m.units()))
                .toList();
    }

    public Optional<Member> member(String instance) {
        return members.stream().filter(m -> m.instance().equals(instance)).findFirst();
    }

    /** The member serving {@code unit} (an inside prefix as text). */
    public Optional<Member> ownerOf(String unit) {
        return members.stream().filter(m -> m.units().contains(unit)).findFirst();
    }

    /** The group with {@code unit} served by {@code to} instead of its present owner. */
    public GroupState withUnitMoved(String unit, String to) {
        List<Member> next = new ArrayList<>();
        for (Member m : members) {
            List<String> units = new ArrayList<>(m.units());
            units.remove(unit);
            if (m.instance().equals(to)) {
                units.add(unit);
            }
            next.add(new Member(m.instance(), m.host(), units));
        }
        return new GroupState(allocId, pm, next, lastChangeMillis);
    }

    /** The group with one more member (serving nothing yet), changed at {@code nowMillis}. */
    public GroupState withMember(Member joining, long nowMillis) {
        List<Member> next = new ArrayList<>(members);
        next.add(joining);
        return new GroupState(allocId, pm, next, nowMillis);
    }

    /** The group without {@code instance} (which must serve nothing by now), changed at {@code nowMillis}. */
    public GroupState without(String instance, long nowMillis) {
        return new GroupState(
                allocId,
                pm,
                members.stream().filter(m -> !m.instance().equals(instance)).toList(),
                nowMillis);
    }

    /** The group with {@code instance} to run on {@code host} (failover moved it). */
    public GroupState withHost(String instance, String host) {
        return new GroupState(
                allocId,
                pm,
                members.stream()
                        .map(m -> m.instance().equals(instance) ? new Member(m.instance(), host, m.units()) : m)
                        .toList(),
                lastChangeMillis);
    }

    /**
     * A name no member has: the PM's own instance name ("a12-nat") if free (its member was drained), else that name
     * with the lowest free number ("a12-nat-2").
     */
    public String freeInstanceName(String pmInstance) {
        if (member(pmInstance).isEmpty()) {
            return pmInstance;
        }
        for (int n = 2; ; n++) {
            String name = pmInstance + "-" + n;
            if (member(name).isEmpty()) {
                return name;
            }
        }
    }
}
