package org.flowstream.lang.model;

import org.flowstream.contracts.match.Match;

/**
 * A FromNet node: traffic entering the service, selected by an OpenFlow match.
 *
 * @param ioNode the I/O node it is located on (§3.2.2 U_i), or "" when the platform chooses
 */
public record Source(String name, Match match, String ioNode) {

    /** The match in canonical ovs-ofctl form, e.g. {@code ip,nw_src=10.10.1.2}. */
    public String matchString() {
        return match.toString();
    }
}
