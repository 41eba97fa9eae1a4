package org.flowstream.placement.domain;

import java.util.Arrays;
import java.util.List;

/**
 * The platform links a service link's traffic crosses, and the delay it sees. Two PMs on one server
 * use no platform link: they see the server's intra-server delay and its internal bandwidth.
 */
public record Route(PlatformLink[] links, int delay) {

    public List<PlatformLink> linkList() {
        return Arrays.asList(links);
    }

    public boolean isLocal() {
        return links.length == 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Route r && delay == r.delay && Arrays.equals(links, r.links);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(links) + delay;
    }

    @Override
    public String toString() {
        return Arrays.toString(links) + " delay " + delay;
    }
}
