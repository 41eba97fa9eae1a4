package org.flowstream.lang.catalogue;

import java.util.List;

/**
 * A small catalogue of typical PMs, for tests, the command line and a fresh platform. FromNet and
 * ToNet are listed so that a listing shows them; the checker treats them as built-ins whatever a
 * catalogue says about them.
 */
public final class DefaultPmCatalogue {

    private DefaultPmCatalogue() {}

    public static PmCatalogue create() {
        return new MapPmCatalogue(List.of(
                new PmType(
                        "FromNet",
                        PortCount.fixed(0),
                        PortCount.fixed(1),
                        0,
                        0,
                        "source: traffic entering the platform that matches an OpenFlow 1.0 match, e.g. \"ip,nw_dst=8.8.8.8\""),
                new PmType(
                        "ToNet",
                        PortCount.fixed(1),
                        PortCount.fixed(0),
                        0,
                        0,
                        "sink: traffic leaving the platform through one of the named outputs (I/O nodes)"),
                new PmType(
                        "Counter",
                        PortCount.fixed(1),
                        PortCount.fixed(1),
                        0.1,
                        32,
                        "counts packets and bytes, passes them on"),
                new PmType(
                        "Mirror",
                        PortCount.fixed(1),
                        PortCount.atLeast(1),
                        0.25,
                        64,
                        "sends a copy of every packet to each output"),
                new PmType(
                        "Tee",
                        PortCount.fixed(1),
                        PortCount.atLeast(1),
                        0.25,
                        64,
                        "Click's name for Mirror: a copy of every packet to each output"),
                new PmType(
                        "IPFilter",
                        PortCount.fixed(1),
                        PortCount.atLeast(1),
                        0.5,
                        128,
                        "firewall: rules such as 'allow tcp port 80, deny all' pick the output or drop"),
                new PmType("Discard", PortCount.fixed(1), PortCount.fixed(0), 0.05, 16, "drops every packet"),
                new PmType(
                        "RateLimiter",
                        PortCount.fixed(1),
                        PortCount.range(1, 2),
                        0.25,
                        64,
                        "passes up to RATE packets per second; the excess goes to output 1 or is dropped"),
                new PmType(
                        "NAT",
                        PortCount.range(1, 2),
                        PortCount.range(1, 2),
                        1.0,
                        256,
                        "network address translation; port 1 carries the return direction")));
    }
}
