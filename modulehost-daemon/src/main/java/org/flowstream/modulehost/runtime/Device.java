package org.flowstream.modulehost.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One PM interface as the runtime sees it: its packet I/O and its counters (what get_load reports per port).
 *
 * <p>Sends are batched on the threads that asked for it ({@link #batchSendsOnThisThread()}: the FromDevice loops):
 * frames wait here, in order, until {@link RuntimeContext#flushSends()} (the loop has no more frames ready), or a
 * batch is full, and then leave in one system call. Any other thread's send goes out at once, after what is
 * waiting, so a device's frames never overtake each other. The daisy-chain acknowledgements a frame's packet owes
 * ({@link Acknowledgements}) go in front of the batch, in the same system call.
 */
public final class Device {

    static final int BATCH = 32;
    private static final ThreadLocal<Boolean> BATCHING = ThreadLocal.withInitial(() -> false);

    private final String name;
    private final PacketIo io;
    /** What leaves before any frame of this device: the PM's daisy-chain acknowledgements ({@link DaisyFrames}). */
    private final Runnable first;

    private final ReentrantLock sendLock = new ReentrantLock();
    private final Packet[] waiting = new Packet[BATCH];
    private int waitingCount;
    private final Acknowledgements.Batch acknowledgements = new Acknowledgements.Batch();
    private final LongAdder rxPackets = new LongAdder();
    private final LongAdder rxBytes = new LongAdder();
    private final LongAdder txPackets = new LongAdder();
    private final LongAdder txBytes = new LongAdder();
    private final LongAdder txErrors = new LongAdder();
    private final LongAdder daisyRefused = new LongAdder();
    /**
     * A clock of this interface's reads from the kernel: it ticks when one begins and when one ends with nothing
     * (nothing arrived while it waited). See {@link RuntimeContext#markReceived}.
     */
    private final AtomicLong readTicks = new AtomicLong();
    /** The receive loop's thread only: the tick of its last read's beginning, or of its end if it found nothing. */
    private long lastReadTick = -1;
    /** {@link #lastReadTick} when the receive loop last drained; -1: no loop reads here (yet). */
    private volatile long drainedTick = -1;
    /** Whether a receive loop of this PM reads the interface (a FromDevice's). */
    private volatile boolean read;

    Device(String name, PacketIo io, Runnable first) {
        this.name = name;
        this.io = io;
        this.first = first;
    }

    /**
     * Lets this thread's sends wait for the next {@link RuntimeContext#flushSends()}; the thread must call it before
     * it waits for anything.
     */
    public static void batchSendsOnThisThread() {
        BATCHING.set(true);
    }

    public String name() {
        return name;
    }

    /** A receive loop of this PM reads the interface ({@link DaisyFrames#readsFrom}). */
    void markRead() {
        read = true;
    }

    public PacketIo io() {
        return io;
    }

    /** Receives one frame (or null after a short wait) and counts it. */
    public Packet receive() {
        boolean fromKernel = !io.ready();
        long began = fromKernel ? readTicks.incrementAndGet() : lastReadTick;
        Packet packet = io.receive();
        if (fromKernel) {
            lastReadTick = packet == null ? readTicks.incrementAndGet() : began;
        }
        if (packet != null) {
            rxPackets.increment();
            rxBytes.add(packet.length());
        }
        return packet;
    }

    /** Whether {@link #receive()} would answer a frame without waiting. */
    public boolean ready() {
        return io.ready();
    }

    /**
     * Told by the interface's receive loop (the thread that calls {@link #receive()}) each time it has pushed every
     * frame that was ready through the graph and sent what that made ({@link RuntimeContext#markReceived}).
     */
    public void drained() {
        drainedTick = Math.max(0, lastReadTick);
    }

    /** The read clock now. */
    long readTick() {
        return readTicks.get();
    }

    /**
     * The tick of the last read before the receive loop's last drain: its beginning, or its end if it found
     * nothing; -1 while no loop reads this interface.
     */
    long drainedTick() {
        return drainedTick;
    }

    public void send(Packet packet) {
        List<Acknowledgements.Owed> owed = Acknowledgements.takeForSending();
        if (!read && !owed.isEmpty()) { // the old PM would not read them here
            owed.forEach(Acknowledgements.Owed::toPool);
            owed = List.of();
        }
        sendLock.lock();
        try {
            if (!acknowledgements.fits(owed, waitingCount, BATCH)) {
                flushLocked();
            }
            acknowledgements.add(owed);
            waiting[waitingCount++] = packet;
            if (waitingCount + acknowledgements.frames() >= BATCH || !BATCHING.get()) {
                flushLocked();
            }
        } finally {
            sendLock.unlock();
        }
    }

    /** Sends what waits. */
    public void flush() {
        sendLock.lock();
        try {
            if (waitingCount > 0 || !acknowledgements.isEmpty()) {
                flushLocked();
            }
        } finally {
            sendLock.unlock();
        }
    }

    /** Sends the PM's pooled acknowledgements, then the batch, its acknowledgements in front, in one call. */
    private void flushLocked() {
        first.run();
        int count = waitingCount;
        if (acknowledgements.isEmpty()) {
            io.send(waiting, count); // refused frames come back as null
        } else {
            List<Packet> inFront = acknowledgements.take();
            Packet[] frames = inFront.toArray(new Packet[inFront.size() + count]);
            System.arraycopy(waiting, 0, frames, inFront.size(), count);
            io.send(frames, frames.length);
            System.arraycopy(frames, inFront.size(), waiting, 0, count);
        }
        long sent = 0;
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            if (waiting[i] != null) {
                sent++;
                bytes += waiting[i].length();
                waiting[i] = null;
            }
        }
        waitingCount = 0;
        txPackets.add(sent);
        txBytes.add(bytes);
        txErrors.add(count - sent);
    }

    /** A daisy-chain frame arrived here that no move expects ({@link DaisyAcceptance}): it was dropped. */
    void refusedDaisyFrame() {
        daisyRefused.increment();
    }

    /**
     * How many daisy-chain frames arriving here were refused; the interface's FromDevice shows it (not the port
     * counters, whose set the stats file's readers check).
     */
    public long daisyRefused() {
        return daisyRefused.sum();
    }

    public Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("rx_packets", rxPackets.sum());
        stats.put("rx_bytes", rxBytes.sum());
        stats.put("tx_packets", txPackets.sum());
        stats.put("tx_bytes", txBytes.sum());
        stats.put("tx_errors", txErrors.sum());
        return stats;
    }
}
