package org.flowstream.modulehost.runtime;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The frames of a daisy chain between two PMs (docs/migration.md, "The daisy chain between real PMs"): during a
 * move's idle phase the old PM sends a packet it keeps no state for back out of the interface it came in on,
 * tagged; the switch takes the tagged frames from the old PM's port to the same port of the new PM, whose runtime
 * takes the tag off and hands the packet straight to the element the tag names, as a daisy-chained packet (it
 * already passed the elements in front of that one at the old PM).
 *
 * <p>The tag is 4 bytes after the MAC addresses, laid out like an 802.1Q tag but with the EtherType 0x88B5 (IEEE
 * 802's local experimental type): Linux takes an 802.1Q tag off an arriving frame before a packet socket sees it,
 * so a VLAN tag would not reach the new PM's elements, while this one stays in the frame, where the switch can
 * match it ({@code dl_type=0x88b5}). Its 16 bits name the element (its place among the PM's stateful elements, the
 * same on both instances, which run one configuration) and the element's input.
 *
 * <p>The runtime's part is two calls in {@code FromDevice}: {@link #readsFrom} once per receiving thread (so a
 * daisy link knows which interface a packet came in on) and {@link #takenIn} for every frame (a tagged frame goes to
 * the PM's {@link Intake}, not through the graph). Everything else about a move lives in the control and state
 * packages.
 */
public final class DaisyFrames {

    /** The EtherType of a daisy-chained frame's tag. */
    public static final int ETHERTYPE = 0x88B5;

    /** How many bytes the tag adds to a frame. */
    public static final int TAG_BYTES = 4;

    private static final int ETHERTYPE_AT = 12;

    /** Where a PM's arriving tagged frames go: the element the tag names. */
    @FunctionalInterface
    public interface Intake {
        void arrived(int tag, Packet untagged);
    }

    private static final ThreadLocal<Device> ARRIVAL = new ThreadLocal<>();
    private static final Map<RuntimeContext, Intake> INTAKES = Collections.synchronizedMap(new WeakHashMap<>());

    private DaisyFrames() {}

    /** The calling thread pushes the frames of {@code device} through the graph (a FromDevice loop). */
    public static void readsFrom(Device device) {
        ARRIVAL.set(device);
    }

    /** The interface the packet this thread is pushing came in on; null on a thread that reads none. */
    public static Device arrivalDevice() {
        return ARRIVAL.get();
    }

    /** Tagged frames arriving at the PM of {@code context} go to {@code intake} from now on. */
    public static void intakeFor(RuntimeContext context, Intake intake) {
        INTAKES.put(context, intake);
    }

    /**
     * Whether the arriving frame is a daisy-chained one that the PM's intake took (the graph must not see it). A PM
     * with no intake (no stateful element) sees every frame as before.
     */
    public static boolean takenIn(RuntimeContext context, Packet packet) {
        if (packet.length() < ETHERTYPE_AT + TAG_BYTES + 2 || packet.u16(ETHERTYPE_AT) != ETHERTYPE) {
            return false;
        }
        Intake intake = INTAKES.get(context);
        if (intake == null) {
            return false;
        }
        intake.arrived(packet.u16(ETHERTYPE_AT + 2), untag(packet));
        return true;
    }

    /** The tag naming a PM's stateful element (by its place) and its input. */
    public static int tag(int element, int input) {
        if (element < 0 || element > 0xff || input < 0 || input > 0xff) {
            throw new IllegalArgumentException("a daisy tag names one of the first 256 stateful elements and inputs");
        }
        return element << 8 | input;
    }

    public static int elementOf(int tag) {
        return tag >>> 8;
    }

    public static int inputOf(int tag) {
        return tag & 0xff;
    }

    /** A copy of the packet with the tag after its MAC addresses (offloaded checksum offsets moved along). */
    public static Packet tagged(Packet packet, int tag) {
        byte[] from = packet.buffer();
        byte[] to = new byte[Packet.HEADROOM + packet.length() + TAG_BYTES];
        int macs = Packet.HEADROOM + ETHERTYPE_AT;
        System.arraycopy(from, 0, to, 0, macs);
        System.arraycopy(from, macs, to, macs + TAG_BYTES, packet.length() - ETHERTYPE_AT);
        Packet out = new Packet(to, packet.length() + TAG_BYTES);
        out.setU16(ETHERTYPE_AT, ETHERTYPE);
        out.setU16(ETHERTYPE_AT + 2, tag);
        shiftOffloadOffsets(to, TAG_BYTES);
        return out;
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
