package org.flowstream.contracts.records.modulehost;

import org.flowstream.contracts.records.WireName;

/** delete_pm(pm): the PM to stop, by its name on the host (delete_pm also takes the bare name). */
@WireName("delete_pm's pm")
public record PmReference(String name) {}
