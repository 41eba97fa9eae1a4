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
    private volatile Runnable beforeSending = () -> {};

    /** {@code opener} opens the packet I/O of a device by interface name (AF_PACKET in a PM, fakes in tests). */
    public RuntimeContext(Function<String, PacketIo> opener) {
        this.opener = opener;
    }

    /** The device of that interface name, opened on first use. */
    public Device device(String ifname) {
        return devices.computeIfAbsent(ifname, n -> new Device(n, opener.apply(n), this::sendFirst));
    }

    public Map<String, Device> devices() {
        return devices;
    }

    /**
     * Runs {@code first} before any frame of this PM leaves, whichever thread sends it: a daisy chain's
     * acknowledgements must reach the old PM before anything the acknowledged packets made ({@link DaisyFrames}).
     */
    public void beforeSending(Runnable first) {
        this.beforeSending = first;
    }

    private void sendFirst() {
        beforeSending.run();
    }

    /**
     * Sends what must go first ({@link #beforeSending}), then what the calling thread's batched sends left waiting on
     * any device ({@link Device#flush()}).
     */
    public void flushSends() {
        sendFirst();
        for (Device device : devices.values()) {
            device.flush();
        }
    }

    /**
     * Where every interface's receive loop is now, to wait later ({@link ReceiveMark#awaitDrained}) until each has
     * pushed through the graph every frame that had reached the PM by now. A loop has, once it drained after a read
     * from the kernel that began after the mark (that read took what was queued then), or after one that waited
     * across the mark and found nothing (nothing was queued): an idle loop proves it at its next receive timeout, a
     * busy one at once.
     */
    public ReceiveMark markReceived() {
        Map<Device, Long> ticks = new HashMap<>();
        devices.values().forEach(d -> {
            if (d.drainedTick() >= 0) {
                ticks.put(d, d.readTick());
            }
        });
        return new ReceiveMark(ticks);
    }

    /** Each receive loop's read clock at a {@link #markReceived()}. */
    public static final class ReceiveMark {
        private final Map<Device, Long> ticks;

        private ReceiveMark(Map<Device, Long> ticks) {
            this.ticks = ticks;
        }

        /**
         * Waits until every receive loop has pushed through what had reached the PM by the mark (or {@code
         * maxMillis} passed); returns whether every loop did in time. A move's hand-over needs this: a frame the
         * switch sent here before its rewire, waiting unseen in a socket while a stalled receive thread is not
         * scheduled, must not be processed after the hand-over.
         */
        public boolean awaitDrained(long maxMillis) throws InterruptedException {
            long giveUpAt = System.nanoTime() + maxMillis * 1_000_000L;
            while (ticks.entrySet().stream().anyMatch(e -> e.getKey().drainedTick() <= e.getValue())) {
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
