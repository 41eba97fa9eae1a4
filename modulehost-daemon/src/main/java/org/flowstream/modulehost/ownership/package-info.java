/**
 * What the module host made on the kernel and the switch, and that it is its own: a claim per PM network
 * ({@link org.flowstream.modulehost.ownership.NetworkClaims}, a file under the state directory written before the
 * namespace is made and removed only once the namespace and its ports are really gone; the switch ports also carry
 * the owner in their Open vSwitch {@code external_ids}), and the sweeper that removes what this host owns but no PM
 * claims ({@link org.flowstream.modulehost.ownership.NetworkSweeper}, at start and until a failed clean-up is done).
 * Leftover checks (bin/e2e, bench chaos, down) read the same claims, so another platform's or a test's namespaces
 * are never counted as this platform's.
 */
package org.flowstream.modulehost.ownership;
