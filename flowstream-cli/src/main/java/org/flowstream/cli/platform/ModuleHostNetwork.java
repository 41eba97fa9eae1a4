package org.flowstream.cli.platform;

import java.util.List;
import org.flowstream.common.netns.IpCommand;
import org.flowstream.common.netns.NetworkNamespace;
import org.flowstream.common.netns.VethPair;

/**
 * The network between the controller and the module hosts of a local platform: a Linux bridge in the
 * machine's namespace carrying the controller's management address, and per module host a namespace joined
 * to it by a veth pair, with the module host's own address inside. Also names the machine's namespace (where
 * the switch runs) so module hosts can move their PMs' switch-side interfaces into it.
 */
final class ModuleHostNetwork {

    /** The module host's end of its management veth, inside its namespace. */
    static final String HOST_SIDE = "mgmt0";

    private ModuleHostNetwork() {}

    static void create(PlatformLayout layout) {
        PlatformLayout.ManagementNetwork net = layout.management();
        IpCommand.ip("link", "add", net.bridge(), "type", "bridge");
        IpCommand.ip("addr", "add", net.controllerAddress() + "/" + net.prefixLength(), "dev", net.bridge());
        IpCommand.ip("link", "set", net.bridge(), "up");
        // A name for the namespace this process (and Open vSwitch) runs in; deleting the name later leaves the
        // namespace.
        IpCommand.ip(
                "netns",
                "attach",
                net.switchNamespace(),
                Long.toString(ProcessHandle.current().pid()));
        for (PlatformLayout.DaemonSpec host : layout.moduleHosts()) {
            NetworkNamespace ns = NetworkNamespace.create(host.namespace());
            VethPair.createInto(host.managementLink(), null, HOST_SIDE, ns);
            IpCommand.ip("link", "set", host.managementLink(), "master", net.bridge());
            IpCommand.ip("link", "set", host.managementLink(), "up");
            ns.run("ip", "addr", "add", host.address() + "/" + net.prefixLength(), "dev", HOST_SIDE);
            ns.run("ip", "link", "set", HOST_SIDE, "up");
        }
    }

    /** Removes the module hosts' namespaces, their veths, the bridge and the name; absent parts are fine. */
    static void delete(PlatformLayout layout) {
        PlatformLayout.ManagementNetwork net = layout.management();
        for (String name : NetworkNamespace.list()) {
            if (name.startsWith(MODULE_HOST_NAMESPACE_PREFIX)) {
                NetworkNamespace.of(name).delete();
                IpCommand.tryRun(List.of("ip", "link", "del", managementLink(name)));
            }
        }
        IpCommand.tryRun(List.of("ip", "link", "del", net.bridge()));
        IpCommand.tryRun(List.of("ip", "netns", "delete", net.switchNamespace()));
    }

    /** Every module host namespace `up` creates starts with this (any count `up` was given). */
    static final String MODULE_HOST_NAMESPACE_PREFIX = "fs-mh";

    /** The machine-side end of the management veth of the module host in {@code namespace}. */
    static String managementLink(String namespace) {
        return namespace + "-m";
    }
}
