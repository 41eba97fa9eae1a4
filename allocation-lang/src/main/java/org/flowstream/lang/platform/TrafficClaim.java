package org.flowstream.lang.platform;

import org.flowstream.contracts.match.Match;

/**
 * Traffic a live allocation captures: what enters on one I/O node and matches.
 *
 * @param ingress the I/O node the traffic enters on
 * @param match   the FromNet match, as parsed
 * @param owner   how to name the holder in a refusal, e.g. "your allocation 4 (FromNet 'ft')" or
 *                "another tenant's allocation"; it must not reveal what the caller may not see
 */
public record TrafficClaim(String ingress, Match match, String owner) {}
