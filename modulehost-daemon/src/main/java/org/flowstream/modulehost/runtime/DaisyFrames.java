package org.flowstream.modulehost.runtime;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The frames of a daisy chain between two PMs (docs/migration.md, "The daisy chain between real PMs"): during a
 * move's idle phase the old PM sends a packet it keeps no state for back out of the interface it came in on,
 * tagged; the switch takes the tagged frames from the old PM's port to the same port of the new PM, whose runtime
 * takes the tag off and hands the packet straight to the element the tag names, as a daisy-chained packet (it
 * already passed the elements in front of that one at the old PM). The new PM acknowledges each one it processes,
 * in an acknowledgement frame back out of the interface it came in on (the switch takes it to the old PM), before
 * anything that processing sent leaves: the old PM keeps a copy of each daisy-chained packet until then, so if the
 * new one dies it processes the unacknowledged ones itself ({@code state.DaisyCopies}).
 *
 * <p>The tag is 8 bytes after the MAC addresses: the EtherType 0x88B5 (IEEE 802's local experimental type), the
 * element (its place among the PM's stateful elements, the same on both instances, which run one configuration),
 * the element's input, and the packet's sequence number (32 bits). Not an 802.1Q tag: Linux takes that off an
 * arriving frame before a packet socket sees it, so it would not reach the new PM's elements, while this one stays
 * in the frame, where the switch can match it ({@code dl_type=0x88b5}). An acknowledgement frame has the same
 * EtherType and element, the input {@link #ACKNOWLEDGEMENT}, then the number of sequence numbers and the numbers.
 * A PM interface toward the switch has {@link #TAG_BYTES} more MTU than a frame's IP packet needs, so a full-size
 * frame can be daisy-chained.
 *
 * <p>The runtime's part is two calls in {@code FromDevice}: {@link #readsFrom} once per receiving thread (so a
 * daisy link knows which interface a packet came in on) and {@link #takenIn} for every frame (a tagged frame goes
 * to the PM's {@link Intake}, not through the graph). An acknowledgement leaves in the same system call as the first
 * frame its packet's processing sends ({@link Acknowledgements}); one whose packet sent nothing leaves before any
 * frame of the PM does, whichever thread sends it ({@link RuntimeContext#beforeSending}). Everything else about a
 * move lives in the control and state packages.
 */
public final class DaisyFrames {

    /** The EtherType of a daisy-chained frame's tag, and of an acknowledgement frame. */
    public static final int ETHERTYPE = 0x88B5;

    /** How many bytes the tag adds to a frame. */
    public static final int TAG_BYTES = 8;

    /** The input number of an acknowledgement frame (no element has 255 inputs). */
    public static final int ACKNOWLEDGEMENT = 0xFF;

    /** The most sequence numbers one acknowledgement frame carries (it stays under 1,500 bytes). */
    static final int ACKNOWLEDGED_PER_FRAME = 360;

    private static final int ETHERTYPE_AT = 12;
    private static final int ELEMENT_AT = 14;
    private static final int INPUT_AT = 15;
    private static final int SEQUENCE_AT = 16;
    private static final int MIN_FRAME = 60;

    /**
     * How a packet another PM daisy-chained here is acknowledged: around its processing, so that the acknowledgement
     * leaves with the first frame the processing sends (or, if it sends none, after it).
     */
    @FunctionalInterface
    public interface Acknowledgement {
        /** Runs the packet's processing, owing the acknowledgement meanwhile. */
        void whileProcessing(Runnable processing);
    }

    /** Where a PM's arriving tagged frames go: the element the tag names. */
    public interface Intake {
        /**
         * A packet another PM daisy-chained to element {@code element}'s input {@code input}; it is to be processed
         * inside {@code acknowledge}, which tells that PM it was processed here.
         */
        void arrived(int element, int input, Packet untagged, Acknowledgement acknowledge);

        /** The other PM processed the packets {@code sequences} that element {@code element} here daisy-chained. */
        void acknowledged(int element, int[] sequences);
    }

    private static final ThreadLocal<Device> ARRIVAL = new ThreadLocal<>();
    private static final Map<RuntimeContext, Intake> INTAKES = Collections.synchronizedMap(new WeakHashMap<>());
    private static final Map<RuntimeContext, DaisyAcceptance> ACCEPTANCES =
            Collections.synchronizedMap(new WeakHashMap<>());
    private static final Map<RuntimeContext, Acknowledgements.Pool> PENDING =
            Collections.synchronizedMap(new WeakHashMap<>());

    private DaisyFrames() {}

    /** The calling thread pushes the frames of {@code device} through the graph (a FromDevice loop). */
    public static void readsFrom(Device device) {
        device.markRead();
        ARRIVAL.set(device);
    }

    /** The interface the packet this thread is pushing came in on; null on a thread that reads none. */
    public static Device arrivalDevice() {
        return ARRIVAL.get();
    }

    /**
     * Tagged frames arriving at the PM of {@code context} go to {@code intake} from now on if {@code acceptance}
     * takes them (the rest are dropped and counted on their interface), and the PM's acknowledgements of them leave
     * before any other frame of the PM.
     */
    public static void intakeFor(RuntimeContext context, DaisyAcceptance acceptance, Intake intake) {
        Acknowledgements.Pool pending = new Acknowledgements.Pool();
        PENDING.put(context, pending);
        context.beforeSending(pending::send);
        ACCEPTANCES.put(context, acceptance);
        INTAKES.put(context, intake);
    }

    /**
     * Whether the arriving frame is a daisy-chained one (or an acknowledgement), which the graph must not see: the
     * PM's intake took it, or {@link DaisyAcceptance} refused it (dropped, counted on the interface it came in on:
     * {@link Device#daisyRefused()}). A PM with no intake (no stateful element) sees every frame as before.
     */
    public static boolean takenIn(RuntimeContext context, Packet packet) {
        if (packet.length() < SEQUENCE_AT + 4 || packet.u16(ETHERTYPE_AT) != ETHERTYPE) {
            return false;
        }
        Intake intake = INTAKES.get(context);
        if (intake == null) {
            return false;
        }
        Device from = ARRIVAL.get();
        if (!accepted(ACCEPTANCES.get(context), packet, from)) {
            if (from != null) {
                from.refusedDaisyFrame();
            }
            return true;
        }
        int element = packet.u8(ELEMENT_AT);
        int input = packet.u8(INPUT_AT);
        if (input == ACKNOWLEDGEMENT) {
            intake.acknowledged(element, sequencesOf(packet));
            return true;
        }
        Acknowledgements.Pool pending = PENDING.get(context);
        byte[] macs = Arrays.copyOfRange(packet.buffer(), Packet.HEADROOM, Packet.HEADROOM + ETHERTYPE_AT);
        Acknowledgement acknowledge = from == null || pending == null
                ? Runnable::run
                : processing -> Acknowledgements.whileProcessing(
                        new Acknowledgements.Owed(from, macs, element, packet.u32(SEQUENCE_AT), pending), processing);
        intake.arrived(element, input, untag(packet), acknowledge);
        return true;
    }

    /** Whether the PM takes this tagged frame, arriving on {@code from} (null: no interface, refused). */
    private static boolean accepted(DaisyAcceptance acceptance, Packet packet, Device from) {
        if (acceptance == null || from == null) {
            return false;
        }
        int element = packet.u8(ELEMENT_AT);
        int input = packet.u8(INPUT_AT);
        return input == ACKNOWLEDGEMENT
                ? acceptance.takesAcknowledgement(element)
                : acceptance.takesDaisyChained(element, input, from.name());
    }

    /** A copy of the packet with the tag after its MAC addresses (offloaded checksum offsets moved along). */
    public static Packet tagged(Packet packet, int element, int input, int sequence) {
        if (element < 0 || element > 0xff || input < 0 || input >= ACKNOWLEDGEMENT) {
            throw new IllegalArgumentException(
                    "a daisy tag names one of the first 256 stateful elements and one of " + "its first 255 inputs");
        }
        byte[] from = packet.buffer();
        byte[] to = new byte[Packet.HEADROOM + packet.length() + TAG_BYTES];
        int macs = Packet.HEADROOM + ETHERTYPE_AT;
        System.arraycopy(from, 0, to, 0, macs);
        System.arraycopy(from, macs, to, macs + TAG_BYTES, packet.length() - ETHERTYPE_AT);
        Packet out = new Packet(to, packet.length() + TAG_BYTES);
        out.setU16(ETHERTYPE_AT, ETHERTYPE);
        to[Packet.HEADROOM + ELEMENT_AT] = (byte) element;
        to[Packet.HEADROOM + INPUT_AT] = (byte) input;
        out.setU32(SEQUENCE_AT, sequence);
        shiftOffloadOffsets(to, TAG_BYTES);
        return out;
    }

    /** The sequence number in a daisy-chained frame's tag. */
    public static int sequenceOf(Packet tagged) {
        return tagged.u32(SEQUENCE_AT);
    }

    /** A copy of the tagged packet without its tag. */
    public static Packet untag(Packet packet) {
        byte[] from = packet.buffer();
        byte[] to = new byte[Packet.HEADROOM + packet.length() - TAG_BYTES];
        int macs = Packet.HEADROOM + ETHERTYPE_AT;
        System.arraycopy(from, 0, to, 0, macs);
        System.arraycopy(from, macs + TAG_BYTES, to, macs, packet.length() - ETHERTYPE_AT - TAG_BYTES);
        shiftOffloadOffsets(to, -TAG_BYTES);
        return new Packet(to, packet.length() - TAG_BYTES);
    }

    /**
     * An acknowledgement frame: element {@code element}'s packets {@code sequences} are processed; addressed back to
     * the sender of a daisy-chained frame whose MAC addresses are {@code macs}.
     */
    public static Packet acknowledgement(byte[] macs, int element, int[] sequences, int count) {
        int length = Math.max(MIN_FRAME, SEQUENCE_AT + 4 + 4 * count);
        Packet frame = new Packet(new byte[Packet.HEADROOM + length], length);
        byte[] buffer = frame.buffer();
        System.arraycopy(macs, 6, buffer, Packet.HEADROOM, 6); // back to where it came from
        System.arraycopy(macs, 0, buffer, Packet.HEADROOM + 6, 6);
        frame.setU16(ETHERTYPE_AT, ETHERTYPE);
        buffer[Packet.HEADROOM + ELEMENT_AT] = (byte) element;
        buffer[Packet.HEADROOM + INPUT_AT] = (byte) ACKNOWLEDGEMENT;
        frame.setU32(SEQUENCE_AT, count);
        for (int i = 0; i < count; i++) {
            frame.setU32(SEQUENCE_AT + 4 + 4 * i, sequences[i]);
        }
        return frame;
    }

    private static int[] sequencesOf(Packet acknowledgement) {
        int count = acknowledgement.u32(SEQUENCE_AT);
        int fits = (acknowledgement.length() - SEQUENCE_AT - 4) / 4;
        int[] sequences = new int[Math.max(0, Math.min(count, fits))];
        for (int i = 0; i < sequences.length; i++) {
            sequences[i] = acknowledgement.u32(SEQUENCE_AT + 4 + 4 * i);
        }
        return sequences;
    }

    /**
     * The virtio-net header's header length and checksum start count from the frame's first byte: a tag in front
     * of them moves them (only when the header is in use: a checksum to complete or a GSO super-packet).
     */
    private static void shiftOffloadOffsets(byte[] buffer, int by) {
        boolean inUse = (buffer[0] & 1) != 0 || buffer[1] != 0;
        if (!inUse) {
            return;
        }
        for (int at : new int[] {2, 6}) { // hdr_len, csum_start (little endian)
            int value = (buffer[at] & 0xff) | (buffer[at + 1] & 0xff) << 8;
            if (value != 0) {
                value += by;
                buffer[at] = (byte) value;
                buffer[at + 1] = (byte) (value >>> 8);
            }
        }
    }
}
