package org.flowstream.contracts.records.modulehost;

import org.flowstream.contracts.records.WireName;

/**
 * How a module host starts PM processes: get_load's {@code pm_startup} and set_pm_startup's answer.
 *
 * @param mode     fast (one warm JVM image, the AOT cache) or cold (a plain JVM per PM)
 * @param aotCache the AOT cache's state: not built, building, ready, or why it cannot be built
 */
@WireName("a host's PM start-up")
public record PmStartup(String mode, String aotCache) {}
