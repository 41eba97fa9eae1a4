package org.flowstream.resource.allocation;

import java.util.List;
import java.util.TreeSet;
import org.flowstream.lang.AllocationLanguage;
import org.flowstream.lang.CheckResult;
import org.flowstream.lang.model.NetworkService;
import org.flowstream.lang.model.ScalingGroup;
import org.flowstream.lang.platform.TargetPlatform;
import org.flowstream.lang.platform.TrafficClaim;
import org.flowstream.resource.hosts.ModuleHost;
import org.flowstream.resource.pmtypes.PlatformCatalogue;
import org.flowstream.resource.scaleout.GroupLayout;

/**
 * Parses and checks an allocation request against what this platform offers, before anything is stored:
 * the live PM catalogue (deployed types included), the I/O nodes, the traffic live allocations capture and
 * the base systems of the module hosts. Everything knowable before placement is refused here.
 */
public final class RequestChecker {

    /** The name diagnostics use for the request ("allocation:3:14: error: ..."). */
    public static final String FILE_NAME = "allocation";
    /** The first line of a refusal that lists the request's problems, one per following line. */
    public static final String NOT_VALID = "the allocation request is not valid:";

    private final PlatformCatalogue catalogue;
    private final String defaultBaseSystem;
    private final List<String> ioNodes;

    /** @param ioNodes the platform's I/O nodes, the first being where a FromNet without IONODE enters */
    public RequestChecker(PlatformCatalogue catalogue, String defaultBaseSystem, List<String> ioNodes) {
        this.catalogue = catalogue;
        this.defaultBaseSystem = defaultBaseSystem;
        this.ioNodes = List.copyOf(ioNodes);
    }

    /** A new request; {@link RequestRejectedException} carries every problem found. */
    public NetworkService check(String text, List<ModuleHost> hosts, List<TrafficClaim> claims) {
        NetworkService service = checked(text, new TargetPlatform(ioNodes, claims));
        String baseSystem = baseSystem(service);
        TreeSet<String> offered = new TreeSet<>();
        hosts.forEach(h -> offered.addAll(h.baseSystems()));
        if (!offered.isEmpty() && !offered.contains(baseSystem)) {
            throw new RequestRejectedException("BASESYS=%s is not offered by this platform; available: %s"
                    .formatted(baseSystem, String.join(", ", offered)));
        }
        List<ScalingGroup> groups = ScalingGroup.of(service);
        if (groups.size() > 1) {
            throw new RequestRejectedException(
                    "GROUP=%s: this platform runs one scaling group per allocation; %s are grouped"
                            .formatted(
                                    service.header()
                                            .get(ScalingGroup.HEADER_KEY)
                                            .strip(),
                                    String.join(
                                            ", ",
                                            groups.stream()
                                                    .map(ScalingGroup::pm)
                                                    .toList())));
        }
        for (ScalingGroup group : groups) {
            try { // a group moves its traffic by unit: today only a NAT's inside prefixes (docs/migration.md)
                GroupLayout.units(service, group);
            } catch (IllegalArgumentException e) {
                throw new RequestRejectedException("GROUP=%s: %s"
                        .formatted(service.header().get(ScalingGroup.HEADER_KEY).strip(), e.getMessage()));
            }
        }
        return service;
    }

    /**
     * A request accepted before (read back from the store): only the language and the catalogue are checked,
     * so that a change of I/O nodes or hosts does not make an installed allocation unreadable.
     */
    public NetworkService checkStored(String text) {
        return checked(text, TargetPlatform.UNKNOWN);
    }

    /** Where this platform's I/O nodes and traffic are judged (for claims of live allocations). */
    public TargetPlatform platform() {
        return new TargetPlatform(ioNodes, List.of());
    }

    /** The request's BASESYS header, or the platform default. */
    public String baseSystem(NetworkService service) {
        String requested = service.header().get("BASESYS");
        return requested == null || requested.isBlank() ? defaultBaseSystem : requested.trim();
    }

    private NetworkService checked(String text, TargetPlatform target) {
        CheckResult result = AllocationLanguage.check(FILE_NAME, text, catalogue, target);
        if (!result.ok()) {
            throw new RequestRejectedException(result.errorText());
        }
        return result.service();
    }
}
