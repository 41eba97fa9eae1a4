package org.flowstream.resource.scaleout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flowstream.contracts.records.openflow.ConnectionWiring;
import org.flowstream.contracts.records.resource.PlacedPm;
import org.flowstream.lang.model.NetworkService;
import org.flowstream.lang.model.ProcessingModule;
import org.flowstream.lang.model.ScalingGroup;

/**
 * How a scaling group is laid out on the platform: its first members and their units at install, and the switch's
 * wiring of the allocation with each unit sent to the member that serves it. Pure functions of the request, the
 * group's state and the book's instances; {@code AllocationSteps} and {@link GroupScaler} use them.
 */
public final class GroupLayout {

    private GroupLayout() {}

    /** The request's scaling group and the PM it names, if it has one (the language allows at most one per PM). */
    public static Optional<ScalingGroup> groupOf(NetworkService service) {
        List<ScalingGroup> groups = ScalingGroup.of(service);
        return groups.isEmpty() ? Optional.empty() : Optional.of(groups.get(0));
    }

    public static ProcessingModule groupedPm(NetworkService service, ScalingGroup group) {
        return service.modules().stream()
                .filter(m -> m.name().equals(group.pm()))
                .findFirst()
                .orElseThrow();
    }

    /** The units of the request's group: its NAT's inside prefixes with their external addresses. */
    public static List<GroupUnit> units(NetworkService service, ScalingGroup group) {
        return NatUnits.of(service, groupedPm(service, group));
    }

    /** The request's group's unit whose inside prefix is {@code inside} (as the group's state names units). */
    public static Optional<GroupUnit> unit(NetworkService service, String inside) {
        return groupOf(service)
                .flatMap(g -> units(service, g).stream()
                        .filter(u -> u.inside().toString().equals(inside))
                        .findFirst());
    }

    /**
     * The inside prefix of the unit a unit move's pm_flows filter selects ({@link GroupUnit#filter()}; a journal
     * written before the filter named the external address has {@code inside P}).
     */
    public static String unitOfFilter(NetworkService service, String filter) {
        return groupOf(service)
                .flatMap(g -> units(service, g).stream()
                        .filter(u -> u.filter().equals(filter))
                        .findFirst())
                .map(u -> u.inside().toString())
                .orElse(filter.replaceFirst("^inside\\s+", ""));
    }

    /**
     * A new group of MIN members: the first under the PM's own instance name on the host placement chose, the others
     * on the other hosts in turn (the first's host again when there is no other); the units dealt out in turn.
     */
    public static GroupState initial(
            int allocId,
            ScalingGroup group,
            List<GroupUnit> units,
            String firstInstance,
            String firstHost,
            List<String> otherHosts,
            long nowMillis) {
        int count = Math.max(1, group.minInstances());
        List<String> names = new ArrayList<>();
        List<String> memberHosts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(i == 0 ? firstInstance : firstInstance + "-" + (i + 1));
            memberHosts.add(i == 0 || otherHosts.isEmpty() ? firstHost : otherHosts.get((i - 1) % otherHosts.size()));
        }
        Map<Integer, List<String>> dealt = new HashMap<>();
        for (int u = 0; u < units.size(); u++) {
            dealt.computeIfAbsent(u % count, k -> new ArrayList<>())
                    .add(units.get(u).inside().toString());
        }
        List<GroupState.Member> members = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            members.add(new GroupState.Member(names.get(i), memberHosts.get(i), dealt.getOrDefault(i, List.of())));
        }
        return new GroupState(allocId, group.pm(), members, nowMillis);
    }

    /**
     * The book's instances with one member of the group left (the template {@code WiringBuilder} builds through;
     * it wants one instance per PM), or all of them when the group has no running member.
     */
    public static List<PlacedPm> oneInstancePerPm(List<PlacedPm> instances, GroupState group) {
        List<PlacedPm> one = new ArrayList<>();
        boolean seen = false;
        for (PlacedPm i : instances) {
            if (i.pm().equals(group.pm())) {
                if (seen) {
                    continue;
                }
                seen = true;
            }
            one.add(i);
        }
        return one;
    }

    /**
     * The allocation's wiring with the group's traffic split by unit, each unit through the member that serves it. A
     * unit whose member has no running instance (its host is down, it is being started again) goes to a member that
     * runs, so the traffic keeps flowing (without the lost member's state).
     *
     * @param built the allocation's wiring through {@link #oneInstancePerPm the template instance}
     */
    public static ConnectionWiring split(
            ConnectionWiring built, List<PlacedPm> instances, GroupState group, List<GroupUnit> units) {
        Map<String, PlacedPm> running = new LinkedHashMap<>();
        instances.stream().filter(i -> i.pm().equals(group.pm())).forEach(i -> running.put(i.instance(), i));
        if (running.isEmpty()) {
            throw new IllegalStateException("no member of group %s runs".formatted(group.pm()));
        }
        PlacedPm template = running.values().iterator().next();
        Map<GroupUnit, PlacedPm> owners = new LinkedHashMap<>();
        for (GroupUnit unit : units) {
            PlacedPm owner = group.ownerOf(unit.inside().toString())
                    .map(m -> running.get(m.instance()))
                    .orElse(template);
            owners.put(unit, owner == null ? template : owner);
        }
        return GroupWiring.split(built, template, owners);
    }
}
