package org.flowstream.lang.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A FromNet node: traffic entering the service, selected by an OpenFlow match.
 *
 * @param ioNode the I/O node it is located on (§3.2.2 U_i), or "" when the platform chooses
 */
public record Source(String name, List<MatchField> match, String ioNode) {
    public Source {
        match = List.copyOf(match);
    }

    /** The match in normalized ovs-ofctl form, e.g. {@code ip,nw_src=10.10.1.2}. */
    public String matchString() {
        return match.stream().map(MatchField::toString).collect(Collectors.joining(","));
    }
}
