package org.flowstream.resource.gateway;

/**
 * A PM as its module host lists it: the instance name and whether its process died on its own. A failed PM
 * stays listed (with its exit code at the host) until it is deleted, so "listed" is not "running".
 */
public record HostedPm(String instance, boolean failed) {}
