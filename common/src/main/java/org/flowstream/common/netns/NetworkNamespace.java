package org.flowstream.common.netns;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A named Linux network namespace as {@code ip netns} manages it (a bind mount under /var/run/netns), so
 * that other tools ({@code ip netns exec}, Open vSwitch, a shell) can reach it by name. Needs root.
 *
 * <pre>{@code
 * NetworkNamespace ns = NetworkNamespace.create("fs-pm-3f2a");
 * ns.run("ip", "addr");                       // runs inside, returns the output
 * Process p = new ProcessBuilder(ns.command("java", "-jar", "x.jar")).start();
 * ns.delete();                                // interfaces inside it go with it
 * }</pre>
 */
public final class NetworkNamespace {

    /** What {@code ip netns} accepts and what fits a file name; no slashes, no dots-only names. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private final String name;

    private NetworkNamespace(String name) {
        this.name = name;
    }

    /** Creates the namespace and brings its loopback up. Fails if one of that name exists. */
    public static NetworkNamespace create(String name) {
        NetworkNamespace ns = of(name);
        IpCommand.ip("netns", "add", name);
        try {
            ns.run("ip", "link", "set", "lo", "up");
        } catch (NetnsException e) {
            ns.delete();
            throw e;
        }
        return ns;
    }

    /** A handle on a namespace by name, existing or not (no system call). */
    public static NetworkNamespace of(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "not a valid namespace name: '" + name + "' (letters, digits, _ . -, at most 64)");
        }
        return new NetworkNamespace(name);
    }

    /** The names {@code ip netns list} shows. */
    public static List<String> list() {
        List<String> names = new ArrayList<>();
        for (String line : IpCommand.ip("netns", "list").split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty()) {
                names.add(trimmed.split("\\s+")[0]); // "name (id: 3)"
            }
        }
        return names;
    }

    public String name() {
        return name;
    }

    public boolean exists() {
        return list().contains(name);
    }

    /** Deletes the namespace; interfaces inside it are destroyed (a veth takes its peer along). Idempotent. */
    public void delete() {
        if (exists()) {
            IpCommand.ip("netns", "delete", name);
        }
    }

    /** The command line that runs {@code command} inside this namespace: for a ProcessBuilder. */
    public List<String> command(String... command) {
        return command(Arrays.asList(command));
    }

    public List<String> command(List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(command);
        return full;
    }

    /** Runs a command inside the namespace and returns its output; throws with the output when it fails. */
    public String run(String... command) {
        return IpCommand.run(command(command));
    }

    /** Runs a command inside the namespace and reports how it went, without judging the exit code. */
    public IpCommand.Result tryRun(String... command) {
        return IpCommand.tryRun(command(command));
    }

    /** Names of the links inside the namespace (without the "@peer" suffix). */
    public List<String> links() {
        List<String> names = new ArrayList<>();
        for (String line : run("ip", "-o", "link", "show").split("\n")) {
            String[] parts = line.split(":\\s+", 3);
            if (parts.length >= 2) {
                names.add(parts[1].split("@")[0].strip());
            }
        }
        return names;
    }

    /** The kernel interface index of a link in this namespace (for AF_PACKET sockets bound inside). */
    public int ifindex(String link) {
        String line = run("ip", "-o", "link", "show", "dev", link);
        return Integer.parseInt(line.substring(0, line.indexOf(':')).strip());
    }

    @Override
    public String toString() {
        return "netns " + name;
    }
}
