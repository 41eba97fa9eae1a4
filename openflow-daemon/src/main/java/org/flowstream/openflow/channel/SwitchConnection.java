package org.flowstream.openflow.channel;

import io.netty.channel.Channel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.flowstream.contracts.records.openflow.ReconcileSummary;
import org.flowstream.contracts.records.openflow.SwitchListing;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFStatsReply;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFStatsRequest;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One switch's OpenFlow connection after the handshake: its version, datapath id, name and ports, and the
 * requests in flight. Replies and errors are matched to requests by xid, so an ERROR from the switch fails
 * exactly the request (or batch) that caused it. Thread-safe.
 */
public final class SwitchConnection {

    private static final Logger LOG = LoggerFactory.getLogger(SwitchConnection.class);

    private final Channel channel;
    private final String remote;
    private final AtomicLong xids = new AtomicLong(0x1000);
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    /** Flow-mods awaiting their batch's barrier, by xid, so an error can name its batch. */
    private final Map<Long, Batch> batchOfXid = new ConcurrentHashMap<>();

    private final Map<Integer, PortInfo> ports = new ConcurrentSkipListMap<>();
    private volatile OFVersion version;
    private volatile OFFactory factory;
    private volatile DatapathId dpid;
    private volatile String name;
    private volatile Instant connectedAt;
    private volatile boolean closed;

    SwitchConnection(Channel channel, String remote) {
        this.channel = channel;
        this.remote = remote;
    }

    void handshakeDone(OFFactory factory, DatapathId dpid, Collection<PortInfo> portList) {
        this.factory = factory;
        this.version = factory.getVersion();
        this.dpid = dpid;
        portList.forEach(p -> ports.put(p.number(), p));
        this.name = portList.stream()
                .filter(p -> p.number() == PortInfo.LOCAL)
                .map(PortInfo::name)
                .findFirst()
                .orElse(dpid.toString());
        this.connectedAt = Instant.now();
    }

    // ---- identity ----

    /** The switch's name: its LOCAL port's name (the bridge name in Open vSwitch), else the datapath id. */
    public String name() {
        return name;
    }

    public DatapathId dpid() {
        return dpid;
    }

    public OFVersion version() {
        return version;
    }

    /** The message factory for the negotiated version. */
    public OFFactory factory() {
        return factory;
    }

    public String remoteAddress() {
        return remote;
    }

    public Instant connectedAt() {
        return connectedAt;
    }

    public boolean isConnected() {
        return !closed && channel.isActive();
    }

    public Map<Integer, PortInfo> ports() {
        return Map.copyOf(ports);
    }

    void portChanged(PortInfo port, boolean deleted) {
        if (deleted) {
            ports.remove(port.number());
        } else {
            ports.put(port.number(), port);
        }
    }

    // ---- sending ----

    public long nextXid() {
        return xids.incrementAndGet() & 0xffffffffL;
    }

    /** Sends a message that expects no answer; errors for it are only logged. */
    public void send(OFMessage message) {
        channel.writeAndFlush(message);
    }

    /** Sends a request (built with {@link #nextXid()}) and completes with its single reply. */
    public CompletableFuture<OFMessage> request(OFMessage message) {
        Pending p = new Pending(false);
        register(message.getXid(), p);
        channel.writeAndFlush(message);
        return p.future.thenApply(list -> list.get(0));
    }

    /** Sends a statistics request and completes with all parts of the (possibly multipart) reply. */
    @SuppressWarnings("unchecked")
    public <R extends OFStatsReply> CompletableFuture<List<R>> multipart(OFStatsRequest<R> message) {
        Pending p = new Pending(true);
        register(message.getXid(), p);
        channel.writeAndFlush(message);
        return p.future.thenApply(list -> (List<R>) (List<?>) list);
    }

    /**
     * Sends the messages (built with {@link #nextXid()}) followed by a barrier, in one go, and completes when
     * the barrier reply arrives: normally, or with a {@link SwitchErrorException} listing every error the
     * switch sent for messages of this batch. The switch processes messages in order, so the barrier reply
     * comes after any error for them.
     */
    public CompletableFuture<Void> sendBatch(List<? extends OFMessage> messages) {
        Batch batch = new Batch();
        for (OFMessage m : messages) {
            batch.xids.add(m.getXid());
            batchOfXid.put(m.getXid(), batch);
        }
        long barrierXid = nextXid();
        Pending barrier = new Pending(false);
        register(barrierXid, barrier);
        OFMessage barrierRequest =
                factory.buildBarrierRequest().setXid(barrierXid).build();
        // One task on the event loop writes everything and flushes once: far fewer syscalls and wake-ups.
        channel.eventLoop().execute(() -> {
            for (OFMessage m : messages) {
                channel.write(m, channel.voidPromise());
            }
            channel.writeAndFlush(barrierRequest, channel.voidPromise());
        });
        return barrier.future.handle((reply, failure) -> {
            batch.xids.forEach(batchOfXid::remove);
            if (failure != null) {
                throw failure instanceof RuntimeException r ? r : new IllegalStateException(failure);
            }
            synchronized (batch) {
                if (!batch.errors.isEmpty()) {
                    throw new SwitchErrorException(name, batch.errors);
                }
            }
            return null;
        });
    }

    /** A barrier alone: completes when the switch has processed everything sent before. */
    public CompletableFuture<Void> barrier() {
        return sendBatch(List.of());
    }

    private void register(long xid, Pending p) {
        pending.put(xid, p);
        if (closed) {
            pending.remove(xid);
            p.future.completeExceptionally(new SwitchDisconnectedException("switch " + name + " is not connected"));
        }
    }

    // ---- receiving (Netty thread) ----

    /** Matches a reply or error to its request. Returns false when nothing was waiting for it. */
    boolean dispatch(OFMessage message) {
        long xid = message.getXid();
        if (message instanceof OFErrorMsg error) {
            String text = describe(error);
            Batch batch = batchOfXid.get(xid);
            if (batch != null) {
                synchronized (batch) {
                    batch.errors.add(text);
                }
                return true;
            }
            Pending p = pending.remove(xid);
            if (p != null) {
                p.future.completeExceptionally(new SwitchErrorException(name, List.of(text)));
                return true;
            }
            LOG.warn("switch {}: error for no pending request: {}", name, text);
            return true;
        }
        Pending p = pending.get(xid);
        if (p == null) {
            return false;
        }
        if (p.multipart && message instanceof OFStatsReply reply) {
            p.parts.add(reply);
            if (!reply.getFlags().contains(OFStatsReplyFlags.REPLY_MORE)) {
                pending.remove(xid);
                p.future.complete(p.parts);
            }
            return true;
        }
        pending.remove(xid);
        p.parts.add(message);
        p.future.complete(p.parts);
        return true;
    }

    /** The connection closed: every request in flight fails. */
    void closed() {
        closed = true;
        SwitchDisconnectedException gone =
                new SwitchDisconnectedException("switch " + name + " disconnected before answering");
        new ArrayList<>(pending.keySet()).forEach(xid -> {
            Pending p = pending.remove(xid);
            if (p != null) {
                p.future.completeExceptionally(gone);
            }
        });
        batchOfXid.clear();
    }

    public void disconnect() {
        channel.close();
    }

    static String describe(OFErrorMsg error) {
        String text = error.toString();
        // Loxi's toString names the type and code, e.g. OFFlowModFailedErrorMsgVer13(xid=7, code=TABLE_FULL, ...).
        int cut = text.indexOf(", data=");
        return "xid %d: %s".formatted(error.getXid(), cut > 0 ? text.substring(0, cut) + ")" : text);
    }

    @Override
    public String toString() {
        return "switch %s (dpid %s, %s, %s)".formatted(name, dpid, version, remote);
    }

    /** The switch as list_switches shows it, with what the rule manager keeps for it. */
    public SwitchListing toListing(int desiredRules, ReconcileSummary lastReconcile) {
        return new SwitchListing(
                name,
                dpid == null ? "" : dpid.toString(),
                version == null ? "" : version.toString(),
                remote,
                isConnected(),
                connectedAt == null ? "" : connectedAt.toString(),
                ports.values().stream().map(PortInfo::toListing).toList(),
                desiredRules,
                lastReconcile);
    }

    private static final class Pending {
        final CompletableFuture<List<OFMessage>> future = new CompletableFuture<>();
        final boolean multipart;
        final List<OFMessage> parts = new ArrayList<>();

        Pending(boolean multipart) {
            this.multipart = multipart;
        }
    }

    private static final class Batch {
        final Set<Long> xids = new HashSet<>();
        final List<String> errors = new ArrayList<>();
    }
}
