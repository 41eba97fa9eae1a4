package org.flowstream.contracts.records.modulehost;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flowstream.contracts.element.ElementSignature;
import org.flowstream.contracts.records.MayBeOmitted;
import org.flowstream.contracts.records.WireName;

/**
 * The primitives struct of one get_pm_info entry ({@code [description, primitives]}, §2.1.1): what a module host
 * says of each element type it runs, and what the resource daemon answers tenants for each PM type. Beside the
 * named fields, every flow-processing primitive the type uses is a key of its own set to true ({@code "Read":
 * true, "Count": true}), as §2.1.1 writes them. get_pm_info is the only way PM types reach the resource daemon.
 *
 * @param type       the element class, the name requests use
 * @param state      the state it keeps (none, per-flow, ...), as the element signature says
 * @param ports      its ports in Click's notation ({@code 1/1-})
 * @param deployed   whether it came with deploy_pm (not built in)
 * @param deployedAt when it was deployed (ISO-8601), for deployed types only
 * @param signature  the element's whole signature, as the element contract writes it ({@code ElementSignature})
 * @param cpuCores   the CPU cores a PM of this type asks for unless a request says otherwise; absent: the
 *                   platform's default (the resource daemon's catalogue answers the size it uses)
 * @param memoryMb   likewise its memory in MB
 * @param primitives the primitives it uses, each a key set to true
 */
@WireName("a get_pm_info entry")
public record PmTypeInfo(
        String type,
        String state,
        String ports,
        boolean deployed,
        @MayBeOmitted String deployedAt,
        Map<String, Object> signature,
        @MayBeOmitted Double cpuCores,
        @MayBeOmitted Long memoryMb,
        @JsonAnySetter @JsonAnyGetter @MayBeOmitted Map<String, Boolean> primitives) {

    public PmTypeInfo {
        primitives = Collections.unmodifiableMap(primitives == null ? new TreeMap<>() : new TreeMap<>(primitives));
        primitives.forEach((name, used) -> {
            if (!name.matches("[A-Z][A-Za-z]*") || !Boolean.TRUE.equals(used)) {
                throw new IllegalArgumentException(("unknown field '%s': a primitive is a capitalised word set to"
                                + " true (known fields: type, state, ports, deployed, deployed_at, signature,"
                                + " cpu_cores, memory_mb)")
                        .formatted(name));
            }
        });
    }

    /**
     * What a module host says of an element type it runs: every named field read from its signature, no size (the
     * platform's default applies).
     *
     * @param deployedAt when a deployed type was deployed; null for a built-in one
     */
    public static PmTypeInfo of(ElementSignature signature, boolean deployed, String deployedAt) {
        Map<String, Boolean> primitives = new LinkedHashMap<>();
        signature.primitives().forEach(p -> primitives.put(p, true));
        return new PmTypeInfo(
                signature.className(),
                signature.state().word(),
                signature.ports().toString(),
                deployed,
                deployedAt,
                signature.toStruct(),
                null,
                null,
                primitives);
    }

    /** The same type asking for {@code cores} and {@code mb} unless a request says otherwise. */
    public PmTypeInfo sized(double cores, long mb) {
        return new PmTypeInfo(type, state, ports, deployed, deployedAt, signature, cores, mb, primitives);
    }

    /** The same type with its signature as the element contract writes it (lists, not the arrays XML-RPC delivers). */
    public PmTypeInfo withSignature(ElementSignature read) {
        return new PmTypeInfo(
                type, state, ports, deployed, deployedAt, read.toStruct(), cpuCores, memoryMb, primitives);
    }

    /**
     * The get_pm_info entry {@code [description, info]} for a type of this signature: the description is its usage
     * line and what it does, as Click's element pages start.
     */
    public static List<Object> entry(ElementSignature signature, PmTypeInfo info) {
        return List.of(signature.usage() + ": " + signature.description(), info);
    }
}
