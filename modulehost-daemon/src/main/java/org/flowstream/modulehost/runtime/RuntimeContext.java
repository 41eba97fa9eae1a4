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
     * Waits until every interface's receive loop has drained twice since the call (or {@code maxMillis} passed):
     * the first drain empties what was already read, the read before the second takes what the kernel had queued,
     * so every frame that had reached the PM before the call has been pushed through the graph and what it made has
     * been sent. A move's hand-over needs this: a frame the switch sent here before its rewire and that waits, unseen,
     * in a socket while a stalled receive thread is not scheduled must not be processed after the hand-over.
     * Returns whether every loop drained in time.
     */
    public boolean awaitReceivedDrained(long maxMillis) throws InterruptedException {
        Map<Device, Long> before = new HashMap<>();
        devices.values().forEach(d -> {
            if (d.drainedPasses() >= 0) {
                before.put(d, d.drainedPasses());
            }
        });
        long giveUpAt = System.nanoTime() + maxMillis * 1_000_000L;
        while (before.entrySet().stream().anyMatch(e -> e.getKey().drainedPasses() < e.getValue() + 2)) {
            if (System.nanoTime() - giveUpAt > 0) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    public void closeDevices() {
        devices.values().forEach(d -> d.io().close());
    }
}
