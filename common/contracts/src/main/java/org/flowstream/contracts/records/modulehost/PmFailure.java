package org.flowstream.contracts.records.modulehost;

import org.flowstream.contracts.records.MayBeOmitted;
import org.flowstream.contracts.records.WireName;

/**
 * pm_failed(report): a PM's process ended on its own; the module host tells the resource daemon at once.
 *
 * @param host     the module host
 * @param name     the PM's instance name
 * @param state    its state now ("failed")
 * @param exitCode the process's exit code, when it has one
 * @param failure  the PM's last lines and why the OS may have killed it
 */
@WireName("pm_failed's report")
public record PmFailure(
        String host,
        String name,
        String state,
        @MayBeOmitted Integer exitCode,
        @MayBeOmitted String failure) {}
