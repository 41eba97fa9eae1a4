package org.flowstream.placement.domain;

import ai.timefold.solver.core.api.domain.valuerange.CountableValueRange;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.function.ToIntFunction;

/**
 * A value range over a list whose elements know their own position. Timefold checks every entity's
 * value against its range (and hashes the range) when it sets a working solution; with a plain list
 * that costs entities x values (25,000 x 10,000 on the large platform), here it is constant per check.
 */
public final class IndexedValueRange<T> implements CountableValueRange<T> {
    private final List<T> values;
    private final ToIntFunction<T> indexOf;

    public IndexedValueRange(List<T> values, ToIntFunction<T> indexOf) {
        this.values = List.copyOf(values);
        this.indexOf = indexOf;
        for (int i = 0; i < this.values.size(); i++) {
            if (indexOf.applyAsInt(this.values.get(i)) != i)
                throw new IllegalArgumentException("value " + this.values.get(i) + " is not at its index");
        }
    }

    @Override
    public long getSize() {
        return values.size();
    }

    @Override
    public T get(long index) {
        return values.get((int) index);
    }

    @Override
    public Iterator<T> createOriginalIterator() {
        return values.iterator();
    }

    @Override
    public boolean isEmpty() {
        return values.isEmpty();
    }

    @Override
    public boolean contains(T value) {
        if (value == null) return false;
        int i = indexOf.applyAsInt(value);
        return i >= 0 && i < values.size() && values.get(i) == value;
    }

    @Override
    public Iterator<T> createRandomIterator(Random random) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return !values.isEmpty();
            }

            @Override
            public T next() {
                return values.get(random.nextInt(values.size()));
            }
        };
    }
}
