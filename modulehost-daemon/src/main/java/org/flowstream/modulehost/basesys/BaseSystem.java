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

    /** Starts a PM: its isolation, ports and process; on failure leaves nothing behind. */
    PmHandle start(PmSpec spec, String id, Path pmDir) throws Exception;

    /**
     * Removes what a PM left behind when the daemon died without deleting it (found from its directory at the
     * next start): its process, network and limits. Only this daemon's own PMs are ever touched.
     */
    default void cleanUpLeftover(Path pmDir) {
    }
}
