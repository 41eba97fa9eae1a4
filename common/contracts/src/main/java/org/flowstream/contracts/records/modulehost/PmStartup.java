package org.flowstream.contracts.records.modulehost;

import org.flowstream.contracts.records.MayBeOmitted;
import org.flowstream.contracts.records.WireName;

/**
 * How a module host starts PM processes: get_load's {@code pm_startup} and set_pm_startup's answer.
 *
 * @param mode     fast (one warm JVM image, the AOT cache), pooled (fast, from the warm pool) or cold (a plain JVM
 *                 per PM)
 * @param aotCache the AOT cache's state: not built, building, ready, or why it cannot be built
 * @param pool     the warm pool of pre-started PM runtimes (left out by a host without one)
 */
@WireName("a host's PM start-up")
public record PmStartup(
        String mode, String aotCache, @MayBeOmitted WarmPoolState pool) {

    /** A host's start-up without a warm pool. */
    public PmStartup(String mode, String aotCache) {
        this(mode, aotCache, null);
    }
}
