package org.flowstream.offload;

import java.util.List;

/**
 * Traffic per key (e.g. destination prefix) at several time scales, shortest first (§2.4.2.2).
 *
 * @param <K> the key type
 */
public interface TrafficStatistics<K> {

    /** Number of time scales; scale 0 is the shortest. */
    int scales();

    /** Keys by decreasing traffic on the given scale, at most {@code limit} of them, only keys with traffic. */
    List<K> ranking(int scale, int limit);

    /** The key's share of all traffic on the given scale, 0 for an unknown key. */
    double share(K key, int scale);
}
