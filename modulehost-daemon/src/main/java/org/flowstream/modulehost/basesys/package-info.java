/**
 * Base systems (§2.1.4 BASESYS): the ways this host can implement PMs. {@code linux.netns} runs each PM as a JVM
 * in its own network namespace and cgroup.
 */
package org.flowstream.modulehost.basesys;
