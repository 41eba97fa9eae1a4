package org.flowstream.lang.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates valid allocation requests from a seed, mixing every feature of the language: header
 * lines, separate and inline declarations, anonymous elements, explicit ports, an elementclass with
 * a formal, define, Mirror fan-out, comments, and Placement annotations. Used by LangBench and by
 * the property tests; the same seed always gives the same text.
 */
public final class RequestGenerator {

    private final Random random;
    private final StringBuilder out = new StringBuilder();
    private int pipeline;

    private RequestGenerator(long seed) {
        this.random = new Random(seed);
    }

    /** A request of {@code pipelines} independent source-to-sink pipelines. */
    public static String generate(long seed, int pipelines) {
        RequestGenerator generator = new RequestGenerator(seed);
        generator.prologue();
        for (int i = 0; i < pipelines; i++) {
            generator.pipeline = i;
            generator.pipeline();
        }
        return generator.out.toString();
    }

    /** A request of at least {@code bytes} characters. */
    public static String generateAtLeast(long seed, int bytes) {
        int pipelines = Math.max(1, bytes / 400);
        String text = generate(seed, pipelines);
        while (text.length() < bytes) {
            pipelines += Math.max(1, pipelines / 10);
            text = generate(seed, pipelines);
        }
        return text;
    }

    private void prologue() {
        out.append("BASESYS=xen.clickos\n");
        out.append("TENANT=tenant").append(random.nextInt(1000)).append("\n\n");
        out.append("// generated request\n");
        out.append("define($rate ").append(1000 + random.nextInt(9000)).append(");\n");
        out.append("elementclass Stage { $limit |\n")
                .append("  input -> c :: Counter -> r :: RateLimiter($limit) -> output;\n")
                .append("  p :: Placement(CPU c 0.125, PPS c -> r 1000)\n")
                .append("}\n")
                .append("elementclass Pair { $l | input -> Stage($l) -> s :: Stage($l); s -> output }\n\n");
    }

    private void pipeline() {
        String source = "src" + pipeline;
        String sink = "out" + pipeline;
        out.append(source).append(" :: FromNet(\"").append(match()).append("\");\n");
        out.append(sink)
                .append(" :: ToNet(io")
                .append(random.nextInt(4))
                .append(random.nextBoolean() ? ", io9" : "")
                .append(");\n");
        List<String> placement = new ArrayList<>();
        StringBuilder chain = new StringBuilder(source);
        int stages = 1 + random.nextInt(4);
        for (int s = 0; s < stages; s++) {
            chain.append(" -> ").append(stage(s, placement, s == 0 ? source : null));
        }
        chain.append(" -> ").append(sink).append(";\n");
        out.append(chain);
        placement.add("DELAY " + source + " " + sink + " " + (5 + random.nextInt(50)));
        out.append("pl")
                .append(pipeline)
                .append(" :: Placement(")
                .append(String.join(", ", placement))
                .append(");\n\n");
    }

    /** One element of the chain, written in one of several equivalent styles. */
    private String stage(int index, List<String> placement, String upstreamSource) {
        String name = "p" + pipeline + "_" + index;
        switch (random.nextInt(9)) {
            case 0:
                return "Counter";
            case 1:
                return name + " :: Stage($rate)";
            case 2:
                out.append(name)
                        .append(" :: IPFilter(allow tcp port ")
                        .append(1 + random.nextInt(1024))
                        .append(", deny all);\n");
                annotate(name, placement, upstreamSource);
                return "[0]" + name + "[0]";
            case 3:
                out.append(name).append(", ").append(name).append("x :: Counter;\n");
                out.append(name).append("x -> Discard;\n");
                out.append("src")
                        .append(pipeline)
                        .append("_")
                        .append(index)
                        .append(" :: FromNet(\"udp,tp_dst=")
                        .append(random.nextInt(65536))
                        .append("\") -> ")
                        .append(name)
                        .append("x;\n");
                annotate(name, placement, upstreamSource);
                return name;
            case 4:
                out.append(name).append("m :: Mirror; ").append(name).append("m[1] -> /* copy */ Discard;\n");
                return name + "m";
            case 7:
                return name + " :: { input -> Counter -> output }";
            case 8:
                return "[0]Pair(" + (10 + random.nextInt(90)) + ")[0]";
            case 5:
                annotate(name, placement, upstreamSource);
                return name + " :: IPFilter(" + "\"allow src net 10." + random.nextInt(256) + ".0.0/16\")";
            default:
                annotate(name, placement, upstreamSource);
                return name + " :: RateLimiter(" + (100 + random.nextInt(100000)) + ")";
        }
    }

    private void annotate(String name, List<String> placement, String upstreamSource) {
        if (random.nextBoolean()) {
            placement.add("CPU " + name + " " + (1 + random.nextInt(16)) / 4.0);
        }
        if (random.nextBoolean()) {
            placement.add("MEMORY " + name + " " + (64 << random.nextInt(5)));
        }
        if (upstreamSource != null && random.nextBoolean()) {
            placement.add("PPS " + upstreamSource + " -> " + name + " " + (1000 * (1 + random.nextInt(100))));
        }
    }

    private String match() {
        String address = "10." + random.nextInt(256) + "." + random.nextInt(256) + ".0/24";
        return switch (random.nextInt(4)) {
            case 0 -> "ip,nw_src=" + address;
            case 1 -> "tcp,nw_dst=" + address + ",tp_dst=" + (1 + random.nextInt(65535));
            case 2 -> "udp,nw_src=" + address + ",tp_src=53";
            default -> "ip,nw_src=" + address + ",nw_dst=8.8.8.8";
        };
    }
}
