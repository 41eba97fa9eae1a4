package org.flowstream.lang.platform;

import java.util.List;
import org.flowstream.lang.model.Source;

/**
 * The platform a request is meant for, as far as checking it needs to know.
 *
 * @param ioNodes the I/O nodes FromNet and ToNet may name, the first being where a FromNet without IONODE
 *                enters; empty when unknown (then names are not checked)
 * @param claims  traffic that live allocations capture already; a new request must not overlap it
 */
public record TargetPlatform(List<String> ioNodes, List<TrafficClaim> claims) {

    /** Nothing known: only the language and the catalogue are checked. */
    public static final TargetPlatform UNKNOWN = new TargetPlatform(List.of(), List.of());

    public TargetPlatform {
        ioNodes = List.copyOf(ioNodes);
        claims = List.copyOf(claims);
    }

    public boolean knowsIoNodes() {
        return !ioNodes.isEmpty();
    }

    /** The I/O node a source's traffic enters the switch on: its IONODE, or the platform's first. */
    public String ingressOf(Source source) {
        if (!source.ioNode().isEmpty() || ioNodes.isEmpty()) {
            return source.ioNode();
        }
        return ioNodes.get(0);
    }
}
