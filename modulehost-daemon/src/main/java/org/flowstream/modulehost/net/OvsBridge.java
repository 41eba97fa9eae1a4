package org.flowstream.modulehost.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.flowstream.common.netns.IpCommand;
import org.flowstream.common.netns.NetnsException;

/**
 * The platform switch as the module host sees it: an Open vSwitch bridge that PM ports join, driven with
 * ovs-vsctl (pointed at a private instance by {@code ovsDb}/{@code ovsRunDir} when configured). The switch may
 * run in a network namespace of its own; PM ports are then moved into it before they join the bridge.
 */
public final class OvsBridge {

    private final String bridge;
    private final String ovsDb;
    private final String ovsRunDir;
    private final String switchNetns;

    public OvsBridge(String bridge, String ovsDb, String ovsRunDir, String switchNetns) {
        this.bridge = bridge;
        this.ovsDb = ovsDb == null ? "" : ovsDb;
        this.ovsRunDir = ovsRunDir == null ? "" : ovsRunDir;
        this.switchNetns = switchNetns == null ? "" : switchNetns;
    }

    public String bridge() {
        return bridge;
    }

    /** The namespace the switch's ports live in, or "" for the machine's. */
    public String switchNetns() {
        return switchNetns;
    }

    /** Whether the bridge exists (and Open vSwitch answers). */
    public boolean bridgeExists() {
        return tryVsctl("br-exists", bridge).exitCode() == 0;
    }

    /** Adds an interface (already in the switch's namespace and up) to the bridge; returns its OpenFlow port. */
    public int addPort(String ifname) {
        vsctl("--may-exist", "add-port", bridge, ifname);
        // add-port waits for ovs-vswitchd, so the number is normally there; a loaded machine may lag a little.
        for (int attempt = 0; attempt < 50; attempt++) {
            int ofport = ofport(ifname);
            if (ofport > 0) {
                return ofport;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new NetnsException(
                "Open vSwitch gave %s no OpenFlow port on %s (ofport stays -1: see the ovs-vswitchd log)"
                        .formatted(ifname, bridge));
    }

    /** The OpenFlow port number of an interface, or -1 when it has none (yet). */
    public int ofport(String ifname) {
        IpCommand.Result result = tryVsctl("get", "Interface", ifname, "ofport");
        if (result.exitCode() != 0) {
            return -1;
        }
        try {
            return Integer.parseInt(result.output().strip());
        } catch (NumberFormatException e) {
            return -1; // "[]" before ovs-vswitchd has seen it
        }
    }

    /** Removes an interface from the bridge; nothing happens when it is not there. */
    public void deletePort(String ifname) {
        tryVsctl("--if-exists", "del-port", bridge, ifname);
    }

    /** Ports of the bridge, as ovs-vsctl lists them. */
    public List<String> ports() {
        return Arrays.stream(vsctl("list-ports", bridge).split("\n"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** The command that runs {@code ip args} where the switch's ports are. */
    public List<String> ipInSwitchNamespace(String... args) {
        List<String> command = new ArrayList<>();
        if (!switchNetns.isEmpty()) {
            command.addAll(List.of("ip", "netns", "exec", switchNetns));
        }
        command.add("ip");
        command.addAll(Arrays.asList(args));
        return command;
    }

    private String vsctl(String... args) {
        IpCommand.Result result = tryVsctl(args);
        if (result.exitCode() != 0) {
            throw new NetnsException("ovs-vsctl %s failed: %s"
                    .formatted(String.join(" ", args), result.output().strip()));
        }
        return result.output();
    }

    private IpCommand.Result tryVsctl(String... args) {
        List<String> command = new ArrayList<>();
        if (!ovsRunDir.isEmpty()) {
            command.addAll(
                    List.of("env", "OVS_RUNDIR=" + ovsRunDir, "OVS_DBDIR=" + ovsRunDir, "OVS_LOGDIR=" + ovsRunDir));
        }
        command.add("ovs-vsctl");
        command.add("--timeout=30");
        if (!ovsDb.isEmpty()) {
            command.add("--db=" + ovsDb);
        }
        command.addAll(Arrays.asList(args));
        return IpCommand.tryRun(command);
    }

    @Override
    public String toString() {
        return "bridge " + bridge + (ovsDb.isEmpty() ? "" : " (" + ovsDb + ")")
                + (switchNetns.isEmpty() ? "" : " in netns " + switchNetns);
    }

    /** For reports. */
    public Map<String, Object> describe() {
        return Map.of("bridge", bridge, "switch_netns", switchNetns);
    }
}
