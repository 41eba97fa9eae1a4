package org.flowstream.monitoring.history;

import org.flowstream.contracts.records.monitoring.SourceStatus;

/**
 * Whether a source answers: consecutive missed polls, the last error, and up or down. A source is down once it
 * missed {@code missesBeforeDown} polls in a row and up again at its first answer. A source never heard from
 * starts up, so a freshly registered host is not reported down before it had its chances.
 */
public final class SourceHealth {

    /** What a poll result changed. */
    public enum Change {
        NONE,
        WENT_DOWN,
        CAME_BACK
    }

    private final int missesBeforeDown;
    private int misses;
    private long totalMisses;
    private boolean up = true;
    private String lastError = "";
    private long lastAnswerMillis;

    public SourceHealth(int missesBeforeDown) {
        this.missesBeforeDown = missesBeforeDown;
    }

    public synchronized Change answered(long now) {
        misses = 0;
        lastAnswerMillis = now;
        lastError = "";
        if (!up) {
            up = true;
            return Change.CAME_BACK;
        }
        return Change.NONE;
    }

    public synchronized Change missed(String error) {
        misses++;
        totalMisses++;
        lastError = error;
        if (up && misses >= missesBeforeDown) {
            up = false;
            return Change.WENT_DOWN;
        }
        return Change.NONE;
    }

    public synchronized boolean up() {
        return up;
    }

    public synchronized int misses() {
        return misses;
    }

    public synchronized long totalMisses() {
        return totalMisses;
    }

    public synchronized String lastError() {
        return lastError;
    }

    public synchronized long lastAnswerMillis() {
        return lastAnswerMillis;
    }

    /** As the summary and list_sources show it. */
    public synchronized SourceStatus toRecord() {
        return new SourceStatus(
                up,
                misses,
                totalMisses,
                lastError,
                lastAnswerMillis == 0
                        ? ""
                        : java.time.Instant.ofEpochMilli(lastAnswerMillis).toString());
    }
}
