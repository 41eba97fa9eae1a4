package org.flowstream.modulehost.runtime;

/** The names of the flow-processing primitives elements declare in their {@code @Signature(primitives = ...)}. */
public final class Primitives {

    /** Packets enter the PM from the network. */
    public static final String RECEIVE = "Receive";
    /** Packets leave the PM to the network. */
    public static final String SEND = "Send";
    /** Headers are read (classification, counting). */
    public static final String READ = "Read";
    /** Headers are rewritten. */
    public static final String WRITE = "Write";
    /** Packets may be dropped. */
    public static final String DROP = "Drop";
    /** Packets are copied. */
    public static final String DUPLICATE = "Duplicate";
    /** Packets are paced or policed. */
    public static final String SHAPE = "Shape";
    /** Statistics are kept. */
    public static final String COUNT = "Count";

    private Primitives() {}
}
