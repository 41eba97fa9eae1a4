package org.flowstream.resource.pmtypes;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.resource.gateway.GatewayException;
import org.flowstream.resource.gateway.ModuleHostGateway;
import org.flowstream.resource.hosts.HostRegistry;
import org.flowstream.resource.hosts.ModuleHost;

/**
 * deploy_pm (§2.1.1): a new PM type from Java source. The first module host compiles it; when it does not
 * compile, nothing changes and the compiler's messages come back. Otherwise every live host gets it, the
 * type joins the catalogue (persisted with its source), and hosts that register later receive it too.
 */
public final class PmDeployer {

    private final PlatformCatalogue catalogue;
    private final HostRegistry hosts;
    private final ModuleHostGateway moduleHosts;

    public PmDeployer(PlatformCatalogue catalogue, HostRegistry hosts, ModuleHostGateway moduleHosts) {
        this.catalogue = catalogue;
        this.hosts = hosts;
        this.moduleHosts = moduleHosts;
    }

    public ReturnValue deploy(String name, String source) throws SQLException {
        if (!name.matches("[A-Z][A-Za-z0-9]{0,63}")) {
            return ReturnValue.failure(
                    "pm_name '%s' must be a Java class name (a capital letter, then letters and digits)"
                            .formatted(name));
        }
        List<ModuleHost> up = hosts.up();
        if (up.isEmpty()) {
            return ReturnValue.failure("no module host is up to compile %s on; start one and retry".formatted(name));
        }
        PmTypeRecord reported;
        try {
            moduleHosts.deployPm(up.get(0), name, source);
            reported = moduleHosts.pmTypes(up.get(0)).stream()
                    .filter(t -> t.name().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new GatewayException("module host %s compiled %s but does not list it"
                            .formatted(up.get(0).name(), name)));
        } catch (GatewayException e) {
            return ReturnValue.failure("%s was not deployed: %s".formatted(name, e.getMessage()));
        }
        List<String> missed = new ArrayList<>();
        for (ModuleHost host : up.subList(1, up.size())) {
            try {
                moduleHosts.deployPm(host, name, source);
            } catch (GatewayException e) {
                missed.add(host.name() + ": " + e.getMessage());
            }
        }
        catalogue.put(new PmTypeRecord(
                name,
                reported.description(),
                reported.info(),
                reported.inputs(),
                reported.outputs(),
                reported.cpuCores(),
                reported.memoryMb(),
                source));
        String message = "PM type %s deployed to %d module host(s)".formatted(name, up.size() - missed.size());
        return missed.isEmpty()
                ? ReturnValue.success(message, null)
                : ReturnValue.success(message + "; not yet to: " + String.join("; ", missed), null);
    }

    /** Gives a (re)registering host every deployed type it may not have. */
    public void catchUp(ModuleHost host) {
        for (PmTypeRecord type : catalogue.records()) {
            if (type.deployed()) {
                moduleHosts.deployPm(host, type.name(), type.source());
            }
        }
    }
}
