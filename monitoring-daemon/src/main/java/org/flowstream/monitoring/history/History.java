package org.flowstream.monitoring.history;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;

/** The newest {@code capacity} samples of one source, oldest first; older ones are dropped as new ones come. */
public final class History<T> {

    private final int capacity;
    private final ArrayDeque<Timestamped<T>> samples;

    public History(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a history keeps at least one sample");
        }
        this.capacity = capacity;
        this.samples = new ArrayDeque<>(capacity);
    }

    public synchronized void add(long atMillis, T value) {
        if (samples.size() == capacity) {
            samples.removeFirst();
        }
        samples.addLast(new Timestamped<>(atMillis, value));
    }

    public synchronized Optional<Timestamped<T>> latest() {
        return Optional.ofNullable(samples.peekLast());
    }

    public synchronized Optional<Timestamped<T>> oldest() {
        return Optional.ofNullable(samples.peekFirst());
    }

    public synchronized List<Timestamped<T>> all() {
        return List.copyOf(samples);
    }

    public synchronized int size() {
        return samples.size();
    }

    public int capacity() {
        return capacity;
    }
}
