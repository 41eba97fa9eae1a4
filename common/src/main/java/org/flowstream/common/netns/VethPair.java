package org.flowstream.common.netns;

import java.util.regex.Pattern;

/**
 * A veth pair: two Ethernet interfaces joined back to back, whatever goes in one comes out of the other. The
 * usual use is an {@code outer} end that stays in the host namespace (and joins a switch) and an
 * {@code inner} end moved into a {@link NetworkNamespace}.
 *
 * <pre>{@code
 * VethPair pair = VethPair.create("fsA1o", "fsA1i");
 * pair.moveInner(ns);
 * pair.addressInner("10.0.0.1/24");
 * pair.up();
 * ...
 * pair.delete();   // deleting one end removes both
 * }</pre>
 *
 * Interface names are at most 15 characters (IFNAMSIZ - 1); the factory checks that.
 */
public final class VethPair {

    private static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9_.-]{1,15}");

    private final String outer;
    private final String inner;
    private volatile NetworkNamespace innerNamespace;
    private volatile NetworkNamespace outerNamespace;

    private VethPair(String outer, String inner) {
        this.outer = outer;
        this.inner = inner;
    }

    /** Creates the pair in the host namespace (both ends down). */
    public static VethPair create(String outer, String inner) {
        VethPair pair = of(outer, inner, null);
        IpCommand.ip("link", "add", outer, "type", "veth", "peer", "name", inner);
        return pair;
    }

    /**
     * Creates the pair with each end directly in its namespace (null: the host's), both down. Creating the
     * inner end inside its namespace lets many pairs use the same inner name ("eth0", "p0") at once.
     */
    public static VethPair createInto(
            String outer, NetworkNamespace outerNamespace, String inner, NetworkNamespace innerNamespace) {
        VethPair pair = of(outer, inner, innerNamespace);
        pair.outerNamespace = outerNamespace;
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("link", "add", outer));
        if (outerNamespace != null) {
            args.addAll(java.util.List.of("netns", outerNamespace.name()));
        }
        args.addAll(java.util.List.of("type", "veth", "peer", "name", inner));
        if (innerNamespace != null) {
            args.addAll(java.util.List.of("netns", innerNamespace.name()));
        }
        IpCommand.ip(args.toArray(String[]::new));
        return pair;
    }

    /** A handle on an existing pair whose inner end may already be in {@code innerNamespace} (null: host). */
    public static VethPair of(String outer, String inner, NetworkNamespace innerNamespace) {
        checkName(outer);
        checkName(inner);
        VethPair pair = new VethPair(outer, inner);
        pair.innerNamespace = innerNamespace;
        return pair;
    }

    public static void checkName(String ifname) {
        if (ifname == null || !IFNAME.matcher(ifname).matches()) {
            throw new IllegalArgumentException(
                    "not a valid interface name: '" + ifname + "' (letters, digits, _ . -, 1 to 15 characters)");
        }
    }

    public String outer() {
        return outer;
    }

    public String inner() {
        return inner;
    }

    /** The namespace the outer end is in, or null when it is in the host namespace. */
    public NetworkNamespace outerNamespace() {
        return outerNamespace;
    }

    /** The namespace the inner end is in, or null when it is in the host namespace. */
    public NetworkNamespace innerNamespace() {
        return innerNamespace;
    }

    /** Moves the inner end into {@code ns} (where it comes up down and without addresses). */
    public VethPair moveInner(NetworkNamespace ns) {
        IpCommand.ip("link", "set", inner, "netns", ns.name());
        innerNamespace = ns;
        return this;
    }

    /** Adds an address in CIDR form ("10.0.0.1/24") to the inner end, wherever it is. */
    public VethPair addressInner(String cidr) {
        innerIp("addr", "add", cidr, "dev", inner);
        return this;
    }

    /** Adds an address to the outer end. */
    public VethPair addressOuter(String cidr) {
        outerIp("addr", "add", cidr, "dev", outer);
        return this;
    }

    /** Sets the MAC address of the inner end (tests use fixed MACs for readable OpenFlow rules). */
    public VethPair macInner(String mac) {
        innerIp("link", "set", "dev", inner, "address", mac);
        return this;
    }

    /** Brings both ends up. */
    public VethPair up() {
        outerIp("link", "set", outer, "up");
        innerIp("link", "set", inner, "up");
        return this;
    }

    /** The MAC address of the inner end. */
    public String innerMac() {
        String out = innerNamespace == null
                ? IpCommand.ip("-o", "link", "show", "dev", inner)
                : innerNamespace.run("ip", "-o", "link", "show", "dev", inner);
        int at = out.indexOf("link/ether ");
        if (at < 0) {
            throw new NetnsException("no MAC address for " + inner + " in: " + out.strip());
        }
        return out.substring(at + 11).strip().split("\\s+")[0];
    }

    /** Whether the outer end still exists in the host namespace. */
    public boolean exists() {
        return outerNamespace == null
                ? linkExists(outer)
                : outerNamespace.tryRun("ip", "link", "show", "dev", outer).exitCode() == 0;
    }

    /** Deletes the pair (deleting the outer end takes the inner one along). Idempotent. */
    public void delete() {
        if (exists()) {
            outerIp("link", "delete", outer);
        }
    }

    /** Whether a link of that name exists in the host namespace. */
    public static boolean linkExists(String ifname) {
        return IpCommand.tryRun(java.util.List.of("ip", "link", "show", "dev", ifname))
                        .exitCode()
                == 0;
    }

    private void outerIp(String... args) {
        inNamespace(outerNamespace, args);
    }

    private void innerIp(String... args) {
        inNamespace(innerNamespace, args);
    }

    private static void inNamespace(NetworkNamespace namespace, String... args) {
        if (namespace == null) {
            IpCommand.ip(args);
        } else {
            String[] command = new String[args.length + 1];
            command[0] = "ip";
            System.arraycopy(args, 0, command, 1, args.length);
            namespace.run(command);
        }
    }

    @Override
    public String toString() {
        return "veth " + outer + " <-> " + inner
                + (innerNamespace == null ? "" : " (in " + innerNamespace.name() + ")");
    }
}
