package org.flowstream.modulehost.runtime;

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

    public void closeDevices() {
        devices.values().forEach(d -> d.io().close());
    }
}
