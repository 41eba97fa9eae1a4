package org.flowstream.openflow.rules;

/**
 * Rule cookies name a rule's owner: bits 63-56 hold the Flowstream signature {@code 0xF5}, bits 55-48 the
 * owner kind, bits 47-0 the owner id. Rules whose cookie lacks the signature are foreign (installed by
 * someone else) and never touched. Example: allocation 7 owns cookie {@code 0xf501000000000007}.
 */
public final class Cookies {

    public static final long SIGNATURE = 0xF5L << 56;
    public static final long SIGNATURE_MASK = 0xFFL << 56;
    private static final long ID_MASK = 0xFFFF_FFFF_FFFFL;

    /** The kinds of rule owners; the code is the byte stored in the cookie. */
    public enum OwnerKind {
        ALLOCATION(1),
        LOAD_BALANCER(2),
        OFFLOAD(3),
        OPERATOR(4),
        BENCH(5),
        /** A phased move's daisy paths (docs/migration.md); the owner id is the allocation's. */
        MOVE(6),
        /** The rules the platform keeps on every switch ({@code connections.PlatformRules}); owner id 0. */
        PLATFORM(7);

        public final int code;

        OwnerKind(int code) {
            this.code = code;
        }

        static OwnerKind of(int code) {
            for (OwnerKind k : values()) {
                if (k.code == code) {
                    return k;
                }
            }
            return null;
        }
    }

    private Cookies() {}

    public static long cookie(OwnerKind kind, long ownerId) {
        if (ownerId < 0 || ownerId > ID_MASK) {
            throw new IllegalArgumentException("owner id %d does not fit in 48 bits".formatted(ownerId));
        }
        return SIGNATURE | (long) kind.code << 48 | ownerId;
    }

    public static long allocation(long allocId) {
        return cookie(OwnerKind.ALLOCATION, allocId);
    }

    /** Whether the cookie carries our signature (the rule is ours to manage). */
    public static boolean isOurs(long cookie) {
        return (cookie & SIGNATURE_MASK) == SIGNATURE && OwnerKind.of((int) (cookie >>> 48) & 0xFF) != null;
    }

    public static OwnerKind kind(long cookie) {
        return isOurs(cookie) ? OwnerKind.of((int) (cookie >>> 48) & 0xFF) : null;
    }

    public static long ownerId(long cookie) {
        return cookie & ID_MASK;
    }

    /** "allocation 7", "load_balancer 0", or "foreign 0x1234". */
    public static String describe(long cookie) {
        OwnerKind kind = kind(cookie);
        return kind == null
                ? "foreign 0x" + Long.toHexString(cookie)
                : kind.name().toLowerCase() + " " + ownerId(cookie);
    }

    public static String hex(long cookie) {
        return "0x" + Long.toHexString(cookie);
    }
}
