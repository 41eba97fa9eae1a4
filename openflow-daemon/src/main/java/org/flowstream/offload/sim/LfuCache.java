package org.flowstream.offload.sim;

import java.util.Arrays;

/**
 * Least-frequently-used cache of n keys (in-cache LFU: a key's count starts when it is installed
 * and is forgotten on eviction). A miss sends the packet to software and installs the key at once,
 * evicting a key with the lowest count (among those, the one that reached that count first).
 * O(1) per packet: keys sit in per-count groups kept in a list ordered by count.
 */
public final class LfuCache extends PacketStrategy {

    /** Keys with one count, in the order they reached it. */
    private static final class Group {
        final long count;
        int head = -1;
        int tail = -1;
        Group prev;
        Group next;

        Group(long count) {
            this.count = count;
        }
    }

    private final Group[] groupOf;
    private final int[] prevKey;
    private final int[] nextKey;
    private Group lowest;
    private int size;

    public LfuCache(int capacity, int keyCount) {
        super("LFU", capacity);
        groupOf = new Group[keyCount];
        prevKey = new int[keyCount];
        nextKey = new int[keyCount];
        Arrays.fill(prevKey, -1);
        Arrays.fill(nextKey, -1);
    }

    @Override
    public boolean access(int key) {
        Group g = groupOf[key];
        if (g != null) {
            Group target = g.next;
            if (target == null || target.count != g.count + 1) {
                target = new Group(g.count + 1);
                target.prev = g;
                target.next = g.next;
                if (g.next != null) g.next.prev = target;
                g.next = target;
            }
            remove(g, key);
            append(target, key);
            return true;
        }
        if (capacity() == 0) return false;
        if (size == capacity()) {
            Group low = lowest;
            int victim = low.head;
            remove(low, victim);
            groupOf[victim] = null;
            size--;
            changes++;
        }
        Group one = lowest;
        if (one == null || one.count != 1) {
            one = new Group(1);
            one.next = lowest;
            if (lowest != null) lowest.prev = one;
            lowest = one;
        }
        append(one, key);
        size++;
        changes++;
        return false;
    }

    public boolean contains(int key) {
        return groupOf[key] != null;
    }

    private void append(Group g, int k) {
        groupOf[k] = g;
        prevKey[k] = g.tail;
        nextKey[k] = -1;
        if (g.tail >= 0) nextKey[g.tail] = k;
        else g.head = k;
        g.tail = k;
    }

    /** Takes the key out of its group, and the group out of the list when it empties. */
    private void remove(Group g, int k) {
        int p = prevKey[k];
        int n = nextKey[k];
        if (p >= 0) nextKey[p] = n;
        else g.head = n;
        if (n >= 0) prevKey[n] = p;
        else g.tail = p;
        prevKey[k] = -1;
        nextKey[k] = -1;
        if (g.head < 0) {
            if (g.prev != null) g.prev.next = g.next;
            else lowest = g.next;
            if (g.next != null) g.next.prev = g.prev;
        }
    }
}
