package org.flowstream.modulehost;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.List;

/**
 * The module host daemon's {@code settings} section. Everything has a default that suits a machine running
 * Open vSwitch with its usual run directory; tests and {@code flowstream up} point it at a private instance.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public class ModuleHostSettings {

    /** The platform switch's bridge that PM ports join (an Open vSwitch bridge, datapath_type=netdev here). */
    public String bridge = "br-flowstream";
    /** ovs-vsctl --db target, e.g. "unix:/run/ovs/db.sock"; empty: ovs-vsctl's default. */
    public String ovsDb = "";
    /** OVS_RUNDIR for the Open vSwitch tools (a private instance's run directory); empty: the default. */
    public String ovsRunDir = "";
    /** Network namespace ovs-vswitchd runs in (a private instance); empty: the machine's namespace. */
    public String switchNetns = "";
    /** The name this host registers under; empty: the machine's host name. */
    public String hostName = "";
    /** CPU cores offered to PMs; 0: all the machine has. */
    public int cpuCores = 0;
    /** Memory offered to PMs in MiB; 0: the machine's total. */
    public long memoryMb = 0;
    /** The switch-facing (uplink) ports of this host, reported at registration. */
    public List<String> switchPorts = new ArrayList<>();
    /** Limits of a PM that does not ask for its own. */
    public int defaultMemoryMb = 256;

    public int defaultCpuPercent = 100;
    /**
     * Prefix load balancing (§2.2.5): the openflow daemon's balancer (peers.openflow) this host reports its PMs'
     * PrefixSampler counts to, every loadReportSeconds; -1: no reports.
     */
    public int loadBalancerId = -1;

    public int loadReportSeconds = 10;
    /** Seconds between heartbeats to the resource daemon. */
    public int heartbeatSeconds = 10;
    /** How long create_pm waits for a PM to come up before it gives up. */
    public int startTimeoutSeconds = 90;
    /** "auto" (strongest available), "cgroup-v2", "cgroup-v1" or "jvm" (heap limits and prlimit only). */
    public String isolation = "auto";
    /** The java executable for PM processes; empty: the JDK running the daemon. */
    public String javaCommand = "";
    /**
     * How PM JVMs start: "fast" (light JVM options, the runtime's jars only, the AOT cache built in the
     * background at daemon start, PMs started side by side), "pooled" (fast, and a warm pool: {@link #pmPoolSlots}) or "cold" (the daemon's class path, no AOT cache,
     * an allocation's PMs started one after another: the way before, kept as bench activate's baseline). set_pm_startup changes it.
     */
    public String pmStartup = "fast";
    /**
     * Warm pool ("pooled" start-up): pre-started PM runtimes kept idle per memory size in {@link #pmPoolMemoryMb}, which
     * create_pm configures instead of starting a JVM; 0: no pool. Each idle slot costs what an idle PM costs (about
     * 38 MB resident, docs/modulehost-daemon.md "Warm pool"), counted against the memory this host offers.
     */
    public int pmPoolSlots = 2;
    /** The PM memory limits (MiB) the warm pool keeps slots of: a JVM's heap is fixed when it starts. */
    public List<Integer> pmPoolMemoryMb = new ArrayList<>(List.of(128, 256));
    /**
     * Ports each warm slot makes ahead (veth pairs on the switch): making them was most of a pooled PM's start under
     * load. A PM uses the first ones it needs; one with more starts without a slot.
     */
    public int pmPoolPorts = 3;
    /** Extra JVM options for PM processes. */
    public List<String> pmJvmOptions = new ArrayList<>();
}
