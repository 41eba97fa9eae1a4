package org.flowstream.placement.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The platform graph (§3.2.2) and its path selection.
 *
 * <p>Paths are fewest-hop paths. Every server hangs off exactly one ToR (§3.2.1: servers talk only
 * through their ToR), so a path between two servers, or between a server and an I/O node, is the
 * server's uplink/downlink plus a path between two "attachment points" (ToRs and I/O nodes). Only
 * those are searched: one breadth-first search per attachment point over the switches, keeping every
 * shortest-path predecessor. A route is then rebuilt on demand in a few steps, and when several paths
 * have equal cost the choice is hashed on the pair of end points so that load spreads over them
 * instead of piling on one (ECMP-style). This keeps memory at (attachment points x switches) instead
 * of (servers x servers), which matters at 10,000 servers.
 */
public final class Platform {
    private final String name;
    private final List<String> nodeNames;
    private final List<NodeKind> nodeKinds;
    private final List<PlatformLink> links;
    private final List<ServerNode> servers;
    private final List<IoNode> ioNodes;
    private final List<List<ServerNode>> racks;
    private final int[] rackTorNode;
    /** node index -> attachment index (ToR or I/O node), or -1. */
    private final int[] attachmentOf;
    /** attachment -> node -> incoming links on shortest paths from the attachment. */
    private final int[][][] shortestPredecessors;

    private final Route[] localRoutes;
    /**
     * Routes already built, for platforms of at most {@link #CACHED_SERVERS} servers: the repairs ask
     * for the same few routes millions of times (basic platform), and rebuilding one costs an
     * allocation and a walk each time. Filled on first use; a route never changes once built (the
     * equal-cost choice is a hash of the two ends), so two threads filling one slot store equal routes.
     * Index: server a * servers + server b; I/O node * servers + server (both directions).
     */
    private final Route[] serverRoutes, ingressRoutes, egressRoutes;

    /** Larger platforms build routes on demand (10,000 servers would need 10^8 slots). */
    static final int CACHED_SERVERS = 1024;

    Platform(
            String name,
            List<String> nodeNames,
            List<NodeKind> nodeKinds,
            List<PlatformLink> links,
            List<ServerNode> servers,
            List<IoNode> ioNodes) {
        this.name = name;
        this.nodeNames = List.copyOf(nodeNames);
        this.nodeKinds = List.copyOf(nodeKinds);
        this.links = List.copyOf(links);
        this.servers = List.copyOf(servers);
        this.ioNodes = List.copyOf(ioNodes);
        int n = nodeNames.size();
        List<List<Integer>> outLinks = new ArrayList<>();
        for (int i = 0; i < n; i++) outLinks.add(new ArrayList<>());
        for (PlatformLink l : links) outLinks.get(l.from()).add(l.index());

        // Racks: group servers by their single neighbouring switch.
        attachmentOf = new int[n];
        java.util.Arrays.fill(attachmentOf, -1);
        List<Integer> attachments = new ArrayList<>();
        List<List<ServerNode>> rackList = new ArrayList<>();
        List<Integer> torNodes = new ArrayList<>();
        int[] rackOfTor = new int[n];
        java.util.Arrays.fill(rackOfTor, -1);
        for (ServerNode s : servers) {
            List<Integer> out = outLinks.get(s.node());
            if (out.size() != 1) {
                throw new IllegalArgumentException(
                        "server " + s.name() + " must be linked to exactly one ToR switch, has " + out.size()
                                + " links (§3.2.1: servers talk only through their ToR)");
            }
            PlatformLink up = links.get(out.get(0));
            int tor = up.to();
            if (nodeKinds.get(tor) != NodeKind.SWITCH) {
                throw new IllegalArgumentException(
                        "server " + s.name() + " is linked to " + nodeNames.get(tor) + ", which is not a switch");
            }
            PlatformLink down = null;
            for (int li : outLinks.get(tor)) {
                if (links.get(li).to() == s.node()) down = links.get(li);
            }
            if (down == null)
                throw new IllegalArgumentException("no link from " + nodeNames.get(tor) + " back to " + s.name());
            if (rackOfTor[tor] < 0) {
                rackOfTor[tor] = rackList.size();
                rackList.add(new ArrayList<>());
                torNodes.add(tor);
                attachmentOf[tor] = attachments.size();
                attachments.add(tor);
            }
            rackList.get(rackOfTor[tor]).add(s);
            s.attach(this, rackOfTor[tor], up, down);
        }
        for (IoNode io : ioNodes) {
            attachmentOf[io.node()] = attachments.size();
            attachments.add(io.node());
        }
        List<List<ServerNode>> frozen = new ArrayList<>();
        for (List<ServerNode> r : rackList) frozen.add(Collections.unmodifiableList(r));
        this.racks = Collections.unmodifiableList(frozen);
        this.rackTorNode = torNodes.stream().mapToInt(Integer::intValue).toArray();

        shortestPredecessors = new int[attachments.size()][][];
        for (int a = 0; a < attachments.size(); a++) {
            shortestPredecessors[a] = bfs(attachments.get(a), outLinks);
        }
        // Every attachment must reach every other one, or some placements could never route.
        for (int a = 0; a < attachments.size(); a++) {
            for (int b : attachments) {
                if (b != attachments.get(a) && shortestPredecessors[a][b] == null) {
                    throw new IllegalArgumentException(
                            "no path from " + nodeNames.get(attachments.get(a)) + " to " + nodeNames.get(b));
                }
            }
        }
        localRoutes = new Route[servers.size()];
        for (ServerNode s : servers) localRoutes[s.index()] = new Route(new PlatformLink[0], s.intraDelay());
        boolean cached = servers.size() <= CACHED_SERVERS;
        int serverCount = servers.size();
        serverRoutes = cached ? new Route[serverCount * serverCount] : null;
        ingressRoutes = cached ? new Route[ioNodes.size() * serverCount] : null;
        egressRoutes = cached ? new Route[ioNodes.size() * serverCount] : null;
    }

    /**
     * Breadth-first search that never transits a server or an I/O node (§3.2.1: I/O nodes are not for
     * internal traffic). Returns, per node, the incoming links that lie on a shortest path (null for
     * servers and unreachable nodes).
     */
    private int[][] bfs(int source, List<List<Integer>> outLinks) {
        int n = nodeNames.size();
        int[] dist = new int[n];
        java.util.Arrays.fill(dist, -1);
        int[][] preds = new int[n][];
        int[] predCount = new int[n];
        int[] queue = new int[n];
        int head = 0, tail = 0;
        dist[source] = 0;
        queue[tail++] = source;
        while (head < tail) {
            int v = queue[head++];
            if (v != source && nodeKinds.get(v) != NodeKind.SWITCH) continue;
            for (int li : outLinks.get(v)) {
                int w = links.get(li).to();
                if (nodeKinds.get(w) == NodeKind.SERVER) continue;
                if (dist[w] < 0) {
                    dist[w] = dist[v] + 1;
                    preds[w] = new int[2];
                    queue[tail++] = w;
                }
                if (dist[w] == dist[v] + 1) {
                    if (predCount[w] == preds[w].length) preds[w] = java.util.Arrays.copyOf(preds[w], predCount[w] * 2);
                    preds[w][predCount[w]++] = li;
                }
            }
        }
        for (int i = 0; i < n; i++) if (preds[i] != null) preds[i] = java.util.Arrays.copyOf(preds[i], predCount[i]);
        return preds;
    }

    public String name() {
        return name;
    }

    public List<ServerNode> servers() {
        return servers;
    }

    public List<IoNode> ioNodes() {
        return ioNodes;
    }

    public List<PlatformLink> links() {
        return links;
    }

    public List<List<ServerNode>> racks() {
        return racks;
    }

    public int nodeCount() {
        return nodeNames.size();
    }

    public String nodeName(int node) {
        return nodeNames.get(node);
    }

    public NodeKind nodeKind(int node) {
        return nodeKinds.get(node);
    }

    public int rackTorNode(int rack) {
        return rackTorNode[rack];
    }

    public ServerNode server(String serverName) {
        for (ServerNode s : servers) if (s.name().equals(serverName)) return s;
        return null;
    }

    public IoNode ioNode(String ioName) {
        for (IoNode io : ioNodes) if (io.name().equals(ioName)) return io;
        return null;
    }

    /** Route for traffic from PM on {@code a} to PM on {@code b}. */
    public Route route(ServerNode a, ServerNode b) {
        if (a == b) return localRoutes[a.index()];
        int slot = a.index() * servers.size() + b.index();
        Route known = known(serverRoutes, slot);
        if (known != null) return known;
        int torA = rackTorNode[a.rack()];
        int torB = rackTorNode[b.rack()];
        return remember(serverRoutes, slot, build(a.uplink(), torA, torB, b.downlink(), mix(a.index(), b.index())));
    }

    /** Route for traffic entering at I/O node {@code io} towards a PM on {@code s}. */
    public Route route(IoNode io, ServerNode s) {
        int slot = io.index() * servers.size() + s.index();
        Route known = known(ingressRoutes, slot);
        if (known != null) return known;
        return remember(
                ingressRoutes,
                slot,
                build(null, io.node(), rackTorNode[s.rack()], s.downlink(), mix(io.index() + 1_000_003, s.index())));
    }

    /** Route for traffic leaving a PM on {@code s} through I/O node {@code io}. */
    public Route route(ServerNode s, IoNode io) {
        int slot = io.index() * servers.size() + s.index();
        Route known = known(egressRoutes, slot);
        if (known != null) return known;
        return remember(
                egressRoutes,
                slot,
                build(s.uplink(), rackTorNode[s.rack()], io.node(), null, mix(s.index(), io.index() + 2_000_003)));
    }

    /** The route kept in {@code cache} at {@code slot}, or null (none yet, or no cache on a large platform). */
    private static Route known(Route[] cache, int slot) {
        return cache == null ? null : cache[slot];
    }

    private static Route remember(Route[] cache, int slot, Route built) {
        if (cache != null) cache[slot] = built;
        return built;
    }

    private Route build(PlatformLink first, int fromNode, int toNode, PlatformLink last, int hash) {
        int[][] preds = shortestPredecessors[attachmentOf[fromNode]];
        int hops = 0;
        for (int v = toNode; v != fromNode; v = links.get(preds[v][0]).from()) hops++;
        int size = hops + (first == null ? 0 : 1) + (last == null ? 0 : 1);
        PlatformLink[] path = new PlatformLink[size];
        int delay = 0;
        int pos = size - 1;
        if (last != null) {
            path[pos--] = last;
            delay += last.delay();
        }
        int v = toNode;
        int step = 0;
        while (v != fromNode) {
            int[] candidates = preds[v];
            int pick = candidates.length == 1
                    ? 0
                    : Math.floorMod(Integer.rotateLeft(hash, step * 7) ^ (v * 0x9E3779B9), candidates.length);
            PlatformLink l = links.get(candidates[pick]);
            path[pos--] = l;
            delay += l.delay();
            v = l.from();
            step++;
        }
        if (first != null) {
            path[pos] = first;
            delay += first.delay();
        }
        return new Route(path, delay);
    }

    private static int mix(int a, int b) {
        int h = a * 0x9E3779B1 + b * 0x85EBCA77;
        h ^= h >>> 15;
        h *= 0x2C1B3C6D;
        h ^= h >>> 12;
        return h;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Builds a platform node by node; every {@link #connect} makes one link per direction. */
    public static final class Builder {
        private final String name;
        private final List<String> nodeNames = new ArrayList<>();
        private final List<NodeKind> nodeKinds = new ArrayList<>();
        private final List<PlatformLink> links = new ArrayList<>();
        private final List<ServerNode> servers = new ArrayList<>();
        private final List<IoNode> ioNodes = new ArrayList<>();
        private final java.util.Map<String, Integer> byName = new java.util.HashMap<>();

        private Builder(String name) {
            this.name = name;
        }

        private int addNode(String nodeName, NodeKind kind) {
            if (byName.containsKey(nodeName)) throw new IllegalArgumentException("duplicate platform node " + nodeName);
            int idx = nodeNames.size();
            nodeNames.add(nodeName);
            nodeKinds.add(kind);
            byName.put(nodeName, idx);
            return idx;
        }

        public int ioNode(String nodeName) {
            int node = addNode(nodeName, NodeKind.IO);
            ioNodes.add(new IoNode(ioNodes.size(), node, nodeName));
            return node;
        }

        public int switchNode(String nodeName) {
            return addNode(nodeName, NodeKind.SWITCH);
        }

        public int server(String nodeName, int cpuCenti, long memoryMb, long internalBps, int intraDelay) {
            if (cpuCenti <= 0 || memoryMb <= 0)
                throw new IllegalArgumentException("server " + nodeName + " needs positive CPU and memory");
            int node = addNode(nodeName, NodeKind.SERVER);
            servers.add(new ServerNode(servers.size(), node, nodeName, cpuCenti, memoryMb, internalBps, intraDelay));
            return node;
        }

        public Builder connect(int a, int b, long bps, int delay) {
            return connect(a, b, bps, bps, delay);
        }

        /** Links a and b with a given bandwidth per direction (a to b, b to a). */
        public Builder connect(int a, int b, long bpsAtoB, long bpsBtoA, int delay) {
            if (bpsAtoB <= 0 || bpsBtoA <= 0 || delay < 0)
                throw new IllegalArgumentException("link " + nodeNames.get(a) + "-" + nodeNames.get(b)
                        + " needs positive bandwidth and non-negative delay");
            links.add(new PlatformLink(links.size(), a, b, bpsAtoB, delay, nodeNames.get(a) + "->" + nodeNames.get(b)));
            links.add(new PlatformLink(links.size(), b, a, bpsBtoA, delay, nodeNames.get(b) + "->" + nodeNames.get(a)));
            return this;
        }

        public int node(String nodeName) {
            Integer idx = byName.get(nodeName);
            if (idx == null) throw new IllegalArgumentException("unknown platform node " + nodeName);
            return idx;
        }

        public Platform build() {
            if (servers.isEmpty()) throw new IllegalArgumentException("platform " + name + " has no server");
            if (ioNodes.isEmpty()) throw new IllegalArgumentException("platform " + name + " has no I/O node");
            return new Platform(name, nodeNames, nodeKinds, links, servers, ioNodes);
        }
    }
}
