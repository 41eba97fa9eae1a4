package org.flowstream.libraries;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.flowstream.balancer.PrefixBalancer;
import org.flowstream.openflow.balancing.BalancerFlowRules;
import org.junit.jupiter.api.Test;

/**
 * The load-balancing (§2.2) and offload (§2.4) algorithms are libraries of their own: their package trees use
 * nothing of OpenFlow (Loxi), Netty or the openflow daemon, so they can be read, tested and benchmarked without a
 * switch. The check reads every compiled class's constant pool, where each class, field and method a class uses
 * is named.
 */
class LibraryBoundaryTest {

    private static final List<String> LIBRARY_TREES = List.of("org/flowstream/balancer", "org/flowstream/offload");
    private static final List<String> FORBIDDEN =
            List.of("org/projectfloodlight/", "io/netty/", "org/flowstream/openflow/");

    @Test
    void algorithmTreesUseNoOpenflowNettyOrDaemonClass() throws Exception {
        Path classes = classesRoot();
        List<String> violations = new ArrayList<>();
        int scanned = 0;
        for (String tree : LIBRARY_TREES) {
            Path dir = classes.resolve(tree);
            assertThat(dir).as("compiled library tree " + tree).isDirectory();
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file :
                        files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    scanned++;
                    for (String name : forbiddenNames(file)) {
                        violations.add(classes.relativize(file) + " uses " + name);
                    }
                }
            }
        }
        assertThat(scanned).as("classes scanned").isGreaterThan(20);
        assertThat(violations).isEmpty();
    }

    /** The scan does see a dependency where there is one: a daemon adapter names the rule manager's classes. */
    @Test
    void theScanFindsTheDaemonInAnAdapter() throws Exception {
        Path adapter = classesRoot().resolve(BalancerFlowRules.class.getName().replace('.', '/') + ".class");
        assertThat(forbiddenNames(adapter)).anyMatch(n -> n.startsWith("org/flowstream/openflow/rules/"));
    }

    private static Path classesRoot() throws URISyntaxException {
        return Path.of(PrefixBalancer.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    }

    /** The forbidden names among the strings of a class file's constant pool (class names and descriptors). */
    private static Set<String> forbiddenNames(Path classFile) throws IOException {
        Set<String> found = new TreeSet<>();
        for (String s : constantPoolStrings(classFile)) {
            for (String prefix : FORBIDDEN) {
                int at = s.indexOf(prefix);
                while (at >= 0) {
                    int end = at;
                    while (end < s.length() && s.charAt(end) != ';' && s.charAt(end) != '<') end++;
                    String name = s.substring(at, end);
                    found.add(name);
                    at = s.indexOf(prefix, end);
                }
            }
        }
        return found;
    }

    /** The UTF-8 entries of the constant pool (JVMS §4.4); every other entry is skipped by its tag's size. */
    private static List<String> constantPoolStrings(Path classFile) throws IOException {
        List<String> strings = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(classFile);
                DataInputStream in = new DataInputStream(raw)) {
            if (in.readInt() != 0xCAFEBABE) throw new IOException(classFile + " is not a class file");
            in.readUnsignedShort(); // minor version
            in.readUnsignedShort(); // major version
            int count = in.readUnsignedShort();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> strings.add(in.readUTF());
                    case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                    case 15 -> in.skipNBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                    case 5, 6 -> {
                        in.skipNBytes(8);
                        i++; // a long or double takes two slots
                    }
                    default -> throw new IOException(classFile + ": unknown constant pool tag " + tag);
                }
            }
        }
        return strings;
    }
}
