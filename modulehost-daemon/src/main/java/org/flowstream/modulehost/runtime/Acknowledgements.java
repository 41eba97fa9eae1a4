package org.flowstream.modulehost.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The daisy-chain acknowledgements a PM owes the PM that daisy-chained packets to it (docs/migration.md, "Nothing
 * lost when the new instance dies"), and when they leave: an acknowledgement goes out in the same system call as the
 * first frame its packet's processing sends, in front of it. A PM killed at any instant has then sent both or
 * neither: the old PM processes the packet again only if its output never left, and never misses one whose output
 * did not leave. (Sent one system call apart, a PM stopped between the two, as a PM over its CPU quota is for tens of
 * milliseconds, and killed there, lost the output while the old PM dropped its copy.) The old PM must read the
 * interface the acknowledgement comes in on: so it rides only on a frame for an interface a {@code FromDevice} of
 * this PM reads (the old PM runs the same configuration, so it reads the same ones). A packet whose processing sends
 * nothing, or only out of interfaces no one reads, is acknowledged before the PM's next frame, out of the interface it
 * came in on, in a call of its own.
 *
 * <p>Three places: the packet the calling thread is processing ({@link #whileProcessing}), a device's batch ({@link
 * Batch}, one frame per element in front of the batch's frames) and the PM's pool of acknowledgements whose packets
 * sent nothing ({@link Pool}).
 */
final class Acknowledgements {

    /**
     * One acknowledgement: element {@code element}'s packet {@code sequence}, which came in on {@code arrival}, in a
     * frame with {@code macs}; {@code pool} is its PM's, where it goes if no frame takes it.
     */
    record Owed(Device arrival, byte[] macs, int element, int sequence, Pool pool) {

        /** It leaves before the PM's next frame, in a call of its own. */
        void toPool() {
            pool.add(this);
        }
    }

    /** What the packet the calling thread processes owes; empty while it processes none. */
    private static final ThreadLocal<List<Owed>> PROCESSING = ThreadLocal.withInitial(ArrayList::new);

    private Acknowledgements() {}

    /**
     * Runs {@code processing} owing {@code owed}: the first frame the calling thread sends meanwhile carries it
     * ({@link #takeForSending}); if none does, it goes to its pool.
     */
    static void whileProcessing(Owed owed, Runnable processing) {
        List<Owed> processingOwes = PROCESSING.get();
        processingOwes.add(owed);
        try {
            processing.run();
        } finally {
            if (processingOwes.remove(owed)) {
                owed.toPool();
            }
        }
    }

    /** What the calling thread's packet owes, taken by the frame it is sending (usually nothing). */
    static List<Owed> takeForSending() {
        List<Owed> processingOwes = PROCESSING.get();
        if (processingOwes.isEmpty()) {
            return List.of();
        }
        List<Owed> taken = List.copyOf(processingOwes);
        processingOwes.clear();
        return taken;
    }

    /**
     * Acknowledgements gathered into frames: per element, one frame per {@link DaisyFrames#ACKNOWLEDGED_PER_FRAME}
     * sequence numbers, addressed back with the MAC addresses of the element's first daisy-chained frame.
     */
    private static final class Frames {
        private final Map<Integer, byte[]> macs = new LinkedHashMap<>();
        private final Map<Integer, List<Integer>> sequences = new LinkedHashMap<>();

        void add(Owed owed) {
            macs.putIfAbsent(owed.element(), owed.macs());
            sequences.computeIfAbsent(owed.element(), e -> new ArrayList<>()).add(owed.sequence());
        }

        /** How many frames they make now, and with {@code more} added. */
        int count(List<Owed> more) {
            Map<Integer, Integer> counts = new LinkedHashMap<>();
            sequences.forEach((element, numbers) -> counts.put(element, numbers.size()));
            more.forEach(owed -> counts.merge(owed.element(), 1, Integer::sum));
            return counts.values().stream()
                    .mapToInt(n -> (n + DaisyFrames.ACKNOWLEDGED_PER_FRAME - 1) / DaisyFrames.ACKNOWLEDGED_PER_FRAME)
                    .sum();
        }

        boolean isEmpty() {
            return sequences.isEmpty();
        }

        List<Packet> take() {
            List<Packet> frames = new ArrayList<>();
            sequences.forEach((element, numbers) -> {
                int[] all = numbers.stream().mapToInt(Integer::intValue).toArray();
                for (int from = 0; from < all.length; from += DaisyFrames.ACKNOWLEDGED_PER_FRAME) {
                    int count = Math.min(DaisyFrames.ACKNOWLEDGED_PER_FRAME, all.length - from);
                    int[] part = java.util.Arrays.copyOfRange(all, from, from + count);
                    frames.add(DaisyFrames.acknowledgement(macs.get(element), element, part, count));
                }
            });
            macs.clear();
            sequences.clear();
            return frames;
        }
    }

    /**
     * The acknowledgements owed by the frames waiting in one device's batch: they leave in front of those frames, in
     * the same system call. Guarded by the device's send lock.
     */
    static final class Batch {
        private final Frames frames = new Frames();

        /**
         * Whether the acknowledgement frames, with {@code owed} added, the {@code waiting} frames and one more fit in
         * one call of at most {@code batch} frames.
         */
        boolean fits(List<Owed> owed, int waiting, int batch) {
            return owed.isEmpty() || frames.count(owed) + waiting + 1 <= batch;
        }

        /** Adds what a frame now joining the batch owes. */
        void add(List<Owed> owed) {
            owed.forEach(frames::add);
        }

        /** How many acknowledgement frames go in front of the batch. */
        int frames() {
            return frames.isEmpty() ? 0 : frames.count(List.of());
        }

        boolean isEmpty() {
            return frames.isEmpty();
        }

        /** The acknowledgement frames, to go first; the batch owes nothing after. */
        List<Packet> take() {
            return frames.take();
        }
    }

    /**
     * A PM's acknowledgements whose packets sent nothing, per interface they came in on: they leave before the PM's
     * next frame, whichever thread sends it (the FromDevice loops send whenever they have nothing to read, so they
     * do not wait long).
     */
    static final class Pool {
        private final Map<Device, Frames> byArrival = new LinkedHashMap<>();

        synchronized void add(Owed owed) {
            byArrival.computeIfAbsent(owed.arrival(), d -> new Frames()).add(owed);
        }

        synchronized void send() {
            byArrival.forEach(Pool::send);
        }

        private static void send(Device device, Frames frames) {
            for (Packet frame : frames.take()) {
                try {
                    device.io().send(frame); // straight out: it may be sent while the device's batch is flushed
                } catch (RuntimeException e) {
                    // Like a frame lost on the wire: the old PM keeps its copy, and replays it only if this PM dies.
                }
            }
        }
    }
}
