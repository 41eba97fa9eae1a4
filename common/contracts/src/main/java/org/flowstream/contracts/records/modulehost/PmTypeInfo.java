package org.flowstream.contracts.records.modulehost;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.flowstream.contracts.records.MayBeOmitted;
import org.flowstream.contracts.records.WireName;

/**
 * The primitives struct of one get_pm_info entry ({@code [description, primitives]}, §2.1.1): what a module host
 * says of each element type it runs, and what the resource daemon answers tenants for each PM type. Beside the
 * named fields, every flow-processing primitive the type uses is a key of its own set to true ({@code "Read":
 * true, "Count": true}), as §2.1.1 writes them.
 *
 * @param type       the element class, the name requests use
 * @param state      the state it keeps (none, per-flow, ...), as the element signature says
 * @param ports      its ports in Click's notation ({@code 1/1-})
 * @param deployed   whether it came with deploy_pm (not built in)
 * @param deployedAt when it was deployed (ISO-8601), for deployed types only
 * @param signature  the element's whole signature, as the element contract writes it ({@code ElementSignature})
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
        @JsonAnySetter @JsonAnyGetter @MayBeOmitted Map<String, Boolean> primitives) {

    public PmTypeInfo {
        primitives = Collections.unmodifiableMap(primitives == null ? new TreeMap<>() : new TreeMap<>(primitives));
        primitives.forEach((name, used) -> {
            if (!name.matches("[A-Z][A-Za-z]*") || !Boolean.TRUE.equals(used)) {
                throw new IllegalArgumentException(("unknown field '%s': a primitive is a capitalised word set to"
                                + " true (known fields: type, state, ports, deployed, deployed_at, signature)")
                        .formatted(name));
            }
        });
    }
}
