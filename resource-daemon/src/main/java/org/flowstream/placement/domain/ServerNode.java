package org.flowstream.placement.domain;

/** A server of the platform: the only kind of node with CPU and memory (§3.2.2). */
public final class ServerNode {
    private final int index;
    private final int node;
    private final String name;
    private final int cpuCenti;
    private final long memoryMb;
    private final long internalBps;
    private final int intraDelay;
    private Platform platform;
    private int rack = -1;
    private PlatformLink uplink;
    private PlatformLink downlink;

    public ServerNode(int index, int node, String name, int cpuCenti, long memoryMb, long internalBps, int intraDelay) {
        this.index = index;
        this.node = node;
        this.name = name;
        this.cpuCenti = cpuCenti;
        this.memoryMb = memoryMb;
        this.internalBps = internalBps;
        this.intraDelay = intraDelay;
    }

    void attach(Platform platform, int rack, PlatformLink uplink, PlatformLink downlink) {
        this.platform = platform;
        this.rack = rack;
        this.uplink = uplink;
        this.downlink = downlink;
    }

    /** Position among the platform's servers (0..n-1). */
    public int index() {
        return index;
    }
    /** Node index in the platform graph. */
    public int node() {
        return node;
    }

    public String name() {
        return name;
    }
    /** CPU capacity in hundredths of a core (the unit of the paper's cpu column). */
    public int cpuCenti() {
        return cpuCenti;
    }

    public long memoryMb() {
        return memoryMb;
    }
    /** Bandwidth available to traffic between PMs on this server (constraint iii). */
    public long internalBps() {
        return internalBps;
    }
    /** Delay of a service link whose two ends are on this server. */
    public int intraDelay() {
        return intraDelay;
    }

    public Platform platform() {
        return platform;
    }
    /** Index of the rack (the ToR the server hangs off). */
    public int rack() {
        return rack;
    }
    /** ServerNode to ToR. */
    public PlatformLink uplink() {
        return uplink;
    }
    /** ToR to server. */
    public PlatformLink downlink() {
        return downlink;
    }

    @Override
    public String toString() {
        return name;
    }
}
