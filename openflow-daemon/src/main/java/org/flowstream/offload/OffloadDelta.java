package org.flowstream.offload;

import java.util.List;

/**
 * What changes on the switch after one selection round: keys whose forwarding rules are to be
 * installed and keys whose rules are to be removed (their traffic returns to the software path).
 */
public record OffloadDelta<K>(List<K> additions, List<K> removals) {
    public OffloadDelta {
        additions = List.copyOf(additions);
        removals = List.copyOf(removals);
    }

    /** Number of rule changes. */
    public int churn() {
        return additions.size() + removals.size();
    }

    public boolean isEmpty() {
        return additions.isEmpty() && removals.isEmpty();
    }
}
