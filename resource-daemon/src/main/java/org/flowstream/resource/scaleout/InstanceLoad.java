package org.flowstream.resource.scaleout;

/**
 * One running instance of a group and its measured load.
 *
 * @param host the module host it runs on
 * @param instance its name on that host
 * @param load the CPU it used over the monitoring daemon's last polls, as a fraction of the cores it was given (may
 *     pass 1 when the host has spare cycles)
 */
public record InstanceLoad(String host, String instance, double load) {}
