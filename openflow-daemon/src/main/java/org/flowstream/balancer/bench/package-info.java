/**
 * {@code bin/flowstream bench lb}: the balancer against the uniform power-of-two split of Wang et al. on the
 * traffic shapes of §2.2.7, fixed seeds, figures and a ratio against that baseline measured in the same run.
 */
package org.flowstream.balancer.bench;
