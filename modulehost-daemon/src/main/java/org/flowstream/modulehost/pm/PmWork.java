package org.flowstream.modulehost.pm;

import java.util.concurrent.TimeUnit;

/**
 * The create_pm and delete_pm calls this host is running, and when the last one ended. The warm pool refills in the
 * quiet after a burst ({@code pool.WarmPool}): a refill is a JVM start-up and a slot's ports on the switch, CPU and
 * switch reconfigurations that the PMs of the burst need now.
 */
public final class PmWork {

    private int running;
    /** When the last call ended (System.nanoTime); at start, long ago. */
    private long lastEnded = System.nanoTime() - TimeUnit.HOURS.toNanos(1);

    /** A create_pm or delete_pm began; {@link #ended()} must follow. */
    public synchronized void began() {
        running++;
    }

    public synchronized void ended() {
        running--;
        lastEnded = System.nanoTime();
    }

    /** How long the host has been free of create and delete work, in nanoseconds; 0 while some runs. */
    public synchronized long quietNanos() {
        return running > 0 ? 0 : System.nanoTime() - lastEnded;
    }
}
