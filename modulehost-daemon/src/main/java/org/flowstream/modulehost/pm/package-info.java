/**
 * PM instances: the create_pm request ({@link org.flowstream.modulehost.pm.PmSpec}), their life
 * ({@link org.flowstream.modulehost.pm.PmManager}, {@link org.flowstream.modulehost.pm.PmState}) and the OS
 * limits that isolate them ({@link org.flowstream.modulehost.pm.Isolation}: cgroup v2, v1, or JVM caps).
 */
package org.flowstream.modulehost.pm;
