package org.flowstream.modulehost.basesys;

import java.nio.file.Path;
import org.flowstream.modulehost.pm.PmHandle;
import org.flowstream.modulehost.pm.PmSpec;

/**
 * One way of implementing PMs on a module host, as an allocation's {@code BASESYS=} line selects it (§2.1.4):
 * the spec's example names {@code xen.clickos}; this host offers {@code linux.netns}.
 */
public interface BaseSystem {

    /** The name an allocation's BASESYS line uses, e.g. "linux.netns". */
    String name();

    String description();

    /**
     * The instance id for a new PM, which {@link #start} receives; a base system with a pre-started runtime for the PM
     * returns that runtime's id (its namespace and cgroup are named after it). Until {@code start} or
     * {@link #abandon}, what the id names is reserved for the PM.
     */
    default String newId(PmSpec spec) {
        return org.flowstream.modulehost.pm.PmManager.newId();
    }

    /** The PM for {@code id} (from {@link #newId}) will not be started after all. */
    default void abandon(String id) {}

    /** Starts a PM: its isolation, ports and process; on failure leaves nothing behind. */
    PmHandle start(PmSpec spec, String id, Path pmDir) throws Exception;

    /**
     * Removes what a PM left behind when the daemon died without deleting it (found from its directory at the
     * next start): its process, network and limits. Only this daemon's own PMs are ever touched.
     */
    default void cleanUpLeftover(Path pmDir) {}

    /** A PM that outlived the daemon that started it, taken over by this one: its spec, instance id and handle. */
    record Survivor(PmSpec spec, String id, PmHandle handle) {}

    /**
     * Takes over a PM a previous run of the daemon started and that still runs (the daemon was killed or
     * restarted, its PMs were not), from its directory; empty when it does not run any more or is not this
     * base system's. Nothing is changed: the PM keeps its process, namespace, ports and limits.
     */
    default java.util.Optional<Survivor> adopt(Path pmDir) {
        return java.util.Optional.empty();
    }
}
