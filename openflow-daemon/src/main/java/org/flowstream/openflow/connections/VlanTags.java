package org.flowstream.openflow.connections;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The VLAN tags of an allocation's hops on one switch (§2.2.6: a tag per hop, so PMs sharing a switch port stay
 * apart): the lowest tags from {@link #MIN} to {@link #MAX} no other allocation on the switch holds, an allocation
 * wired again keeping the tags it had.
 */
final class VlanTags {

    static final int MIN = 100, MAX = 4000;

    private VlanTags() {}

    /**
     * @param previous the allocation's wiring on the switch now, or null
     * @param onSwitch every wiring on the switch (the allocation's own is skipped)
     * @return per path, the tags t_0..t_n of its hops (none for a path without PMs or without VLANs)
     * @throws IllegalStateException when the switch has no free tag left
     */
    static List<List<Integer>> allocate(
            String switchName,
            Wiring wiring,
            ConnectionManager.Installed previous,
            Collection<ConnectionManager.Installed> onSwitch) {
        Set<Integer> used = new HashSet<>();
        for (ConnectionManager.Installed other : onSwitch) {
            if (other.wiring().allocId() != wiring.allocId()) {
                other.tags().forEach(used::addAll);
            }
        }
        List<Integer> reusable = new ArrayList<>();
        if (previous != null) {
            previous.tags().forEach(reusable::addAll);
        }
        List<List<Integer>> result = new ArrayList<>();
        int next = MIN;
        for (Wiring.Path p : wiring.paths()) {
            List<Integer> t = new ArrayList<>();
            if (wiring.vlan() && !p.pms().isEmpty()) {
                for (int h = 0; h <= p.pms().size(); h++) {
                    if (!reusable.isEmpty()) {
                        int tag = reusable.remove(0);
                        used.add(tag);
                        t.add(tag);
                        continue;
                    }
                    while (next <= MAX && used.contains(next)) {
                        next++;
                    }
                    if (next > MAX) {
                        throw new IllegalStateException("switch %s has no free VLAN tags left (%d to %d are in use)"
                                .formatted(switchName, MIN, MAX));
                    }
                    used.add(next);
                    t.add(next);
                }
            }
            result.add(List.copyOf(t));
        }
        return result;
    }
}
