package org.flowstream.lang.catalogue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.flowstream.contracts.element.BuiltInSignatures;
import org.flowstream.contracts.element.ElementSignature;
import org.flowstream.contracts.element.PortCount;

/**
 * The catalogue of a fresh platform, for tests and {@code lang check} offline: the module host's built-in
 * elements, read from their signatures ({@link BuiltInSignatures}), each with the default resources a
 * platform gives a type; so a request this catalogue accepts is one a platform with no deployed types accepts
 * too. FromNet and ToNet are listed so that a listing shows them; the checker treats them as built-ins
 * whatever a catalogue says about them.
 */
public final class DefaultPmCatalogue {

    /** The PM's own interfaces: requests reach the network through FromNet and ToNet instead. */
    private static final Set<String> DEVICE_ENDPOINTS = Set.of("FromDevice", "ToDevice");

    private DefaultPmCatalogue() {}

    public static PmCatalogue create() {
        List<PmType> types = new ArrayList<>();
        types.add(
                new PmType(
                        "FromNet",
                        PortCount.fixed(0),
                        PortCount.fixed(1),
                        0,
                        0,
                        "source: traffic entering the platform that matches an OpenFlow 1.0 match, e.g. \"ip,nw_dst=8.8.8.8\""));
        types.add(new PmType(
                "ToNet",
                PortCount.fixed(1),
                PortCount.fixed(0),
                0,
                0,
                "sink: traffic leaving the platform through one of the named outputs (I/O nodes)"));
        for (ElementSignature signature : BuiltInSignatures.all()) {
            if (!DEVICE_ENDPOINTS.contains(signature.className())) {
                types.add(fromSignature(signature));
            }
        }
        return new MapPmCatalogue(types);
    }

    /** A PM type as a platform offers an element: its signature's ports and keywords, the default resources. */
    public static PmType fromSignature(ElementSignature signature) {
        return new PmType(
                signature.className(),
                signature.ports().inputs(),
                signature.ports().outputs(),
                PmType.DEFAULT_CPU_CORES,
                PmType.DEFAULT_MEMORY_MB,
                signature.usage() + ": " + signature.description(),
                signature.keywords());
    }
}
