package org.flowstream.modulehost.pool;

import java.nio.file.Path;

/** What makes and removes warm slots: the base system that runs PMs ({@code basesys.LinuxNetnsBaseSystem}). */
public interface SlotLauncher {

    /**
     * Makes slot {@code id}: claims its network, makes its namespace, its {@code ports} ports and its cgroup, starts its
     * runtime, writes its record in {@code dir}. On failure leaves nothing behind and throws.
     */
    WarmSlot launch(String id, int memoryMb, int ports, Path dir) throws Exception;

    /** Stops a slot's runtime and removes its namespace, cgroup, claim and directory. */
    void destroy(WarmSlot slot);

    /** Removes what an idle slot of a previous run left (its runtime, namespace, cgroup, claim), from its directory. */
    void cleanUpLeftover(Path dir);
}
