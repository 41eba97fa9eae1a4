package org.flowstream.offload.sim;

import java.util.Arrays;

/**
 * Least-recently-used cache of n keys. A miss sends the packet to software and installs the key
 * at once, evicting the least recently used one when full. Arrays over dense key ids: O(1) per packet.
 */
public final class LruCache extends PacketStrategy {

    private final int[] prev;
    private final int[] next;
    private final boolean[] cached;
    private int head = -1;
    private int tail = -1;
    private int size;

    public LruCache(int capacity, int keyCount) {
        super("LRU", capacity);
        prev = new int[keyCount];
        next = new int[keyCount];
        cached = new boolean[keyCount];
        Arrays.fill(prev, -1);
        Arrays.fill(next, -1);
    }

    @Override
    public boolean access(int key) {
        if (cached[key]) {
            if (key != head) {
                unlink(key);
                pushFront(key);
            }
            return true;
        }
        if (capacity() == 0) return false;
        if (size == capacity()) {
            int victim = tail;
            unlink(victim);
            cached[victim] = false;
            size--;
            changes++;
        }
        pushFront(key);
        cached[key] = true;
        size++;
        changes++;
        return false;
    }

    public boolean contains(int key) {
        return cached[key];
    }

    private void unlink(int k) {
        int p = prev[k];
        int n = next[k];
        if (p >= 0) next[p] = n;
        else head = n;
        if (n >= 0) prev[n] = p;
        else tail = p;
        prev[k] = -1;
        next[k] = -1;
    }

    private void pushFront(int k) {
        next[k] = head;
        prev[k] = -1;
        if (head >= 0) prev[head] = k;
        head = k;
        if (tail < 0) tail = k;
    }
}
