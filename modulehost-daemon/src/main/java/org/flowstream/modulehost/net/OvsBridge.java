package org.flowstream.modulehost.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
    private final String owner;

    public OvsBridge(String bridge, String ovsDb, String ovsRunDir, String switchNetns) {
        this(bridge, ovsDb, ovsRunDir, switchNetns, "");
    }

    /**
     * @param owner tagged on every port this adds (Interface external_ids {@value #OWNER_KEY}), so that the module
     *     host that made a port can find it again (org.flowstream.modulehost.ownership); "" tags nothing
     */
    public OvsBridge(String bridge, String ovsDb, String ovsRunDir, String switchNetns, String owner) {
        this.bridge = bridge;
        this.ovsDb = ovsDb == null ? "" : ovsDb;
        this.ovsRunDir = ovsRunDir == null ? "" : ovsRunDir;
        this.switchNetns = switchNetns == null ? "" : switchNetns;
        this.owner = owner == null ? "" : owner;
    }

    /** The external_ids key of the owner tag on the ports this adds. */
    public static final String OWNER_KEY = "flowstream-owner";

    /** Who the ports this adds are tagged as belonging to ("" when untagged). */
    public String owner() {
        return owner;
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

    /**
     * Adds interfaces (already in the switch's namespace and up) to the bridge in one transaction, so ovs-vswitchd
     * reconfigures once; returns their OpenFlow port numbers by name. Each is tagged with this module host's owner
     * tag (if any) in that same transaction. A missing bridge is said in words. The switch's sockets that read them
     * get larger receive buffers ({@link SwitchReceiveBuffers}).
     */
    public Map<String, Integer> addPorts(List<String> ifnames) {
        List<String> transaction = new ArrayList<>();
        for (String ifname : ifnames) {
            if (!transaction.isEmpty()) {
                transaction.add("--");
            }
            transaction.addAll(List.of("--may-exist", "add-port", bridge, ifname));
            if (!owner.isEmpty()) { // tagged in the same transaction: no moment when the port is on the switch untagged
                transaction.addAll(
                        List.of("--", "set", "Interface", ifname, "external_ids:" + OWNER_KEY + "=" + quoted(owner)));
            }
        }
        IpCommand.Result added = tryVsctl(transaction.toArray(String[]::new));
        if (added.exitCode() != 0) {
            if (!bridgeExists()) {
                throw new NetnsException(
                        "%s does not exist (or Open vSwitch does not answer): create it, or set the module host's settings.bridge/ovsDb"
                                .formatted(this));
            }
            throw new NetnsException("ovs-vsctl add-port %s %s failed: %s"
                    .formatted(bridge, String.join(" ", ifnames), added.output().strip()));
        }
        // add-port waits for ovs-vswitchd, so the numbers are normally there; a loaded machine may lag a little.
        for (int attempt = 0; attempt < 50; attempt++) {
            Map<String, Integer> ofports = ofports(ifnames);
            if (ofports.values().stream().allMatch(ofport -> ofport > 0)) {
                SwitchReceiveBuffers.raise(ovsRunDir); // the switch reads the new ports now: their sockets exist
                return ofports;
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
                        .formatted(String.join(", ", ifnames), bridge));
    }

    /** The OpenFlow port numbers of interfaces by name (-1 for one that has none yet), from one ovs-vsctl. */
    private Map<String, Integer> ofports(List<String> ifnames) {
        List<String> gets = new ArrayList<>();
        for (String ifname : ifnames) {
            if (!gets.isEmpty()) {
                gets.add("--");
            }
            gets.addAll(List.of("get", "Interface", ifname, "ofport"));
        }
        IpCommand.Result result = tryVsctl(gets.toArray(String[]::new));
        List<String> lines =
                result.exitCode() == 0 ? result.output().strip().lines().toList() : List.of();
        Map<String, Integer> ofports = new LinkedHashMap<>();
        for (int i = 0; i < ifnames.size(); i++) {
            ofports.put(ifnames.get(i), i < lines.size() ? parseOfport(lines.get(i)) : -1);
        }
        return ofports;
    }

    /** The OpenFlow port number of an interface, or -1 when it has none (yet). */
    public int ofport(String ifname) {
        IpCommand.Result result = tryVsctl("get", "Interface", ifname, "ofport");
        return result.exitCode() == 0 ? parseOfport(result.output()) : -1;
    }

    private static int parseOfport(String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return -1; // "[]" before ovs-vswitchd has seen it
        }
    }

    /**
     * Removes interfaces from the bridge in one transaction, and says whether it did (false when Open vSwitch did not
     * answer or refused); nothing happens for one that is not there. It returns once
     * the database has them removed ({@code --no-wait}: without waiting for ovs-vswitchd to reconfigure, which under
     * many concurrent delete_pm calls queued each one behind the others' reconfigurations).
     */
    public boolean deletePorts(List<String> ifnames) {
        List<String> transaction = new ArrayList<>();
        for (String ifname : ifnames) {
            if (!transaction.isEmpty()) {
                transaction.add("--");
            }
            transaction.addAll(List.of("--if-exists", "del-port", bridge, ifname));
        }
        if (transaction.isEmpty()) {
            return true;
        }
        transaction.add(0, "--no-wait");
        return tryVsctl(transaction.toArray(String[]::new)).exitCode() == 0;
    }

    /** Ports of the bridge, as ovs-vsctl lists them. */
    public List<String> ports() {
        return Arrays.stream(vsctl("list-ports", bridge).split("\n"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** The command that runs {@code ip args} where the switch's ports are ({@code ip -n}: no shell, no mounts). */
    public List<String> ipInSwitchNamespace(String... args) {
        List<String> command = new ArrayList<>();
        command.add("ip");
        if (!switchNetns.isEmpty()) {
            command.addAll(List.of("-n", switchNetns));
        }
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

    /**
     * The names of the ports of every bridge of this Open vSwitch, from one ovs-vsctl; empty when it does not answer
     * (as {@link #hasPort} then says of each port).
     */
    public java.util.Set<String> portNames() {
        IpCommand.Result result = tryVsctl("--bare", "--columns=name", "list", "Port");
        if (result.exitCode() != 0) {
            return java.util.Set.of();
        }
        return Arrays.stream(result.output().split("\n"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .collect(java.util.stream.Collectors.toSet());
    }

    /** Whether an interface of that name is a port of any bridge of this Open vSwitch. */
    public boolean hasPort(String ifname) {
        return tryVsctl("port-to-br", ifname).exitCode() == 0;
    }

    /** The interfaces of this Open vSwitch whose external_ids have {@code key} set to {@code value}. */
    public List<String> portsTagged(String key, String value) {
        IpCommand.Result result =
                tryVsctl("--bare", "--columns=name", "find", "Interface", "external_ids:" + key + "=" + quoted(value));
        if (result.exitCode() != 0) {
            return List.of(); // Open vSwitch not answering: nothing can be found, and nothing swept
        }
        return Arrays.stream(result.output().split("\n"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** An OVSDB string atom: in double quotes, so paths and other punctuation stay one value. */
    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
