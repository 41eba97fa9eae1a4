package org.flowstream.modulehost.elements;

import java.util.Map;
import org.flowstream.contracts.element.ElementConfiguration;
import org.flowstream.contracts.element.Signature;
import org.flowstream.modulehost.runtime.DaisyFrames;
import org.flowstream.modulehost.runtime.Device;
import org.flowstream.modulehost.runtime.Element;
import org.flowstream.modulehost.runtime.Packet;
import org.flowstream.modulehost.runtime.Primitives;
import org.flowstream.modulehost.runtime.RuntimeContext;

/** Reads frames arriving on one of the PM's interfaces and pushes them out of output 0, on a thread of its own. */
@Signature(
        ports = "0/1",
        description = "emits every Ethernet frame arriving on the PM interface IFNAME",
        primitives = {Primitives.RECEIVE},
        keywords = {
            @Signature.Keyword(
                    name = "IFNAME",
                    type = "interface name",
                    required = true,
                    meaning = "the PM interface to read: p0, p1, ...",
                    positional = true)
        },
        counters = {"device", "processing_errors", "daisy_refused"})
public final class FromDevice extends Element implements Element.Source {

    private String ifname;
    private Device device;
    private RuntimeContext context;
    private Thread thread;
    private volatile boolean running;
    private final java.util.concurrent.atomic.LongAdder errors = new java.util.concurrent.atomic.LongAdder();

    @Override
    public void configure(ElementConfiguration configuration, RuntimeContext context) {
        ifname = configuration.text("IFNAME");
    }

    @Override
    public void initialize(RuntimeContext context) {
        device = context.device(ifname);
        this.context = context;
    }

    @Override
    public void push(int port, Packet packet) {
        throw new IllegalStateException("FromDevice has no input");
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::loop, "from-" + ifname);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Pushes every frame through the graph; what the graph sends waits until no more frames are ready, then leaves
     * in one batch per device (one system call, not one per frame).
     */
    private void loop() {
        Device.batchSendsOnThisThread();
        DaisyFrames.readsFrom(device);
        while (running) {
            Packet packet = device.receive();
            if (packet != null && running) {
                try {
                    if (!DaisyFrames.takenIn(context, packet)) { // a daisy-chained frame goes to its element
                        output(0, packet);
                    }
                } catch (RuntimeException e) {
                    // One bad packet (or a faulty deployed element) must not stop the interface; the first few
                    // failures are logged, the rest only counted, so a broken element cannot flood the log.
                    errors.increment();
                    if (errors.sum() <= 10) {
                        System.err.println(name() + ": dropped a packet: " + e);
                    }
                }
            }
            if (!device.ready()) {
                context.flushSends();
                device.drained();
            }
        }
        context.flushSends();
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public Map<String, Object> stats() {
        return Map.of(
                "device",
                ifname,
                "processing_errors",
                errors.sum(),
                "daisy_refused",
                device == null ? 0L : device.daisyRefused());
    }
}
