/**
 * Network namespaces and veth pairs for the whole platform, as thin wrappers around iproute2's {@code ip}
 * (root needed). {@link org.flowstream.common.netns.NetworkNamespace} creates, lists, enters and deletes
 * named namespaces; {@link org.flowstream.common.netns.VethPair} creates a pair, moves one end into a
 * namespace, addresses and raises it, and deletes it. Failures are
 * {@link org.flowstream.common.netns.NetnsException}s quoting the command and what it printed.
 *
 * <p>Why a wrapper around the command rather than netlink: {@code ip} is present wherever Open vSwitch is,
 * prints errors an operator recognises, and these calls are rare (PM creation, test set-up), so the cost of a
 * process per call does not matter.
 */
package org.flowstream.common.netns;
