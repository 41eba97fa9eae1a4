package org.flowstream.modulehost.runtime;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What a PM's elements share: its network devices (one AF_PACKET socket per interface, opened on first use and
 * shared by that interface's FromDevice and ToDevice, so the kernel does not loop our own transmissions back to
 * us) and their counters.
 */
public final class RuntimeContext {

    private final Map<String, Device> devices = new ConcurrentHashMap<>();
    private final Function<String, PacketIo> opener;

    /** {@code opener} opens the packet I/O of a device by interface name (AF_PACKET in a PM, fakes in tests). */
    public RuntimeContext(Function<String, PacketIo> opener) {
        this.opener = opener;
    }

    /** The device of that interface name, opened on first use. */
    public Device device(String ifname) {
        return devices.computeIfAbsent(ifname, n -> new Device(n, opener.apply(n)));
    }

    public Map<String, Device> devices() {
        return devices;
    }

    /**
     * Sends what the calling thread's batched sends left waiting on any device ({@link Device#flush()}), after what
     * must go first ({@link Device#beforeSendingOnThisThread}).
     */
    public void flushSends() {
        Device.sendFirst();
        for (Device device : devices.values()) {
            device.flush();
        }
    }

    /**
     * Where every interface's receive loop is now, to wait later ({@link ReceiveMark#awaitDrained}) until each has
     * pushed through the graph every frame that had reached the PM by now.
     */
    public ReceiveMark markReceived() {
        Map<Device, Long> passes = new HashMap<>();
        devices.values().forEach(d -> {
            if (d.drainedPasses() >= 0) {
                passes.put(d, d.drainedPasses());
            }
        });
        return new ReceiveMark(passes);
    }

    /** How often each receive loop had drained at a {@link #markReceived()}. */
    public static final class ReceiveMark {
        private final Map<Device, Long> passes;

        private ReceiveMark(Map<Device, Long> passes) {
            this.passes = passes;
        }

        /**
         * Waits until every receive loop has drained twice since the mark (or {@code maxMillis} passed): the first
         * drain may only empty what was already read, the read before the second takes what the kernel had queued,
         * so every frame that had reached the PM by the mark has been pushed through the graph and what it made has
         * been sent. A move's hand-over needs this: a frame the switch sent here before its rewire, waiting unseen in
         * a socket while a stalled receive thread is not scheduled, must not be processed after the hand-over.
         * Returns whether every loop drained in time.
         */
        public boolean awaitDrained(long maxMillis) throws InterruptedException {
            long giveUpAt = System.nanoTime() + maxMillis * 1_000_000L;
            while (passes.entrySet().stream().anyMatch(e -> e.getKey().drainedPasses() < e.getValue() + 2)) {
                if (System.nanoTime() - giveUpAt > 0) {
                    return false;
                }
                Thread.sleep(1);
            }
            return true;
        }
    }

    public void closeDevices() {
        devices.values().forEach(d -> d.io().close());
    }
}
