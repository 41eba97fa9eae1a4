package org.flowstream.resource.allocation;

import java.util.List;
import java.util.TreeSet;
import org.flowstream.lang.AllocationLanguage;
import org.flowstream.lang.CheckResult;
import org.flowstream.lang.model.NetworkService;
import org.flowstream.resource.hosts.ModuleHost;
import org.flowstream.resource.pmtypes.PlatformCatalogue;

/** Parses and checks an allocation request against what this platform offers, before anything is stored. */
public final class RequestChecker {

    /** The name diagnostics use for the request ("allocation:3:14: error: ..."). */
    public static final String FILE_NAME = "allocation";

    private final PlatformCatalogue catalogue;
    private final String defaultBaseSystem;

    public RequestChecker(PlatformCatalogue catalogue, String defaultBaseSystem) {
        this.catalogue = catalogue;
        this.defaultBaseSystem = defaultBaseSystem;
    }

    /** The checked service; {@link RequestRejectedException} carries every problem found. */
    public NetworkService check(String text, List<ModuleHost> hosts) {
        CheckResult result = AllocationLanguage.check(FILE_NAME, text, catalogue);
        if (!result.ok()) {
            throw new RequestRejectedException(result.errorText());
        }
        NetworkService service = result.service();
        String baseSystem = baseSystem(service);
        TreeSet<String> offered = new TreeSet<>();
        hosts.forEach(h -> offered.addAll(h.baseSystems()));
        if (!offered.isEmpty() && !offered.contains(baseSystem)) {
            throw new RequestRejectedException("BASESYS=%s is not offered by this platform; available: %s".formatted(baseSystem, String.join(", ", offered)));
        }
        return service;
    }

    /** The request's BASESYS header, or the platform default. */
    public String baseSystem(NetworkService service) {
        String requested = service.header().get("BASESYS");
        return requested == null || requested.isBlank() ? defaultBaseSystem : requested.trim();
    }
}
