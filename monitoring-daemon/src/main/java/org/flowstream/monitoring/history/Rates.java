package org.flowstream.monitoring.history;

import java.util.List;
import java.util.function.ToLongFunction;

/** Per-second rates of counters over the recent samples of a history. */
public final class Rates {

    /** How many samples back a rate looks: long enough to smooth one late poll, short enough to follow change. */
    public static final int WINDOW = 5;

    private Rates() {}

    /**
     * The counter's increase per second between the sample {@link #WINDOW} polls back (or the oldest) and the
     * newest; 0 with fewer than two samples, or when the counter went down (the PM was restarted and counts anew).
     */
    public static <T> double perSecond(History<T> history, ToLongFunction<T> counter) {
        List<Timestamped<T>> samples = history.all();
        if (samples.size() < 2) {
            return 0;
        }
        Timestamped<T> newest = samples.get(samples.size() - 1);
        Timestamped<T> from = samples.get(Math.max(0, samples.size() - 1 - WINDOW));
        long millis = newest.atMillis() - from.atMillis();
        long increase = counter.applyAsLong(newest.value()) - counter.applyAsLong(from.value());
        if (millis <= 0 || increase < 0) {
            return 0;
        }
        return increase * 1000.0 / millis;
    }
}
