package org.flowstream.lang.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PM the tenant asks to run as a group of instances behind the prefix load balancer, scaled out and in on its
 * measured load (docs/migration.md, "Scale-out"). Written as a header line, so the request stays valid Click and
 * the PM's own configuration is untouched:
 *
 * <pre>GROUP=nat 1-4 SCALE_OUT 0.8 SCALE_IN 0.3 COOL_DOWN 30</pre>
 *
 * Several groups share the one {@code GROUP} line, separated by {@code ;}. Only the PM's name and the instance
 * bounds are required.
 *
 * @param pm the PM's flattened name
 * @param minInstances never fewer instances (at least 1)
 * @param maxInstances never more instances
 * @param scaleOutAbove an instance whose measured load passes this fraction of its capacity asks for one more
 * @param scaleInBelow when every instance is below this fraction one is drained and removed
 * @param coolDownSeconds after a scale-out or scale-in, the group is left alone this long: the balancer's next
 *     rounds see the new spread before anything else is decided
 */
public record ScalingGroup(
        String pm, int minInstances, int maxInstances, double scaleOutAbove, double scaleInBelow, int coolDownSeconds) {

    /** The header key. */
    public static final String HEADER_KEY = "GROUP";

    public static final double DEFAULT_SCALE_OUT = 0.8;
    public static final double DEFAULT_SCALE_IN = 0.3;
    public static final int DEFAULT_COOL_DOWN_SECONDS = 30;
    /** A bound on instances per group: each is a balancer machine with two switch rules per prefix. */
    public static final int MAX_INSTANCES = 16;

    private static final Pattern BOUNDS = Pattern.compile("(\\d{1,3})-(\\d{1,3})");
    private static final String USAGE =
            "write 'GROUP=pm MIN-MAX [SCALE_OUT fraction] [SCALE_IN fraction] [COOL_DOWN seconds]', groups separated by ';'";

    public ScalingGroup {
        if (minInstances < 1 || maxInstances < minInstances || maxInstances > MAX_INSTANCES) {
            throw new IllegalArgumentException("group %s: instances %d-%d must satisfy 1 <= MIN <= MAX <= %d"
                    .formatted(pm, minInstances, maxInstances, MAX_INSTANCES));
        }
        if (!(scaleInBelow > 0 && scaleInBelow < scaleOutAbove && scaleOutAbove <= 1)) {
            throw new IllegalArgumentException(
                    "group %s: SCALE_IN %s and SCALE_OUT %s must satisfy 0 < SCALE_IN < SCALE_OUT <= 1 (fractions of an instance's capacity)"
                            .formatted(pm, scaleInBelow, scaleOutAbove));
        }
        if (coolDownSeconds < 1) {
            throw new IllegalArgumentException(
                    "group %s: COOL_DOWN must be at least 1 second, got %d".formatted(pm, coolDownSeconds));
        }
    }

    /** The groups a {@code GROUP} header value declares; refuses it in words (the first problem) otherwise. */
    public static List<ScalingGroup> parse(String headerValue) {
        List<ScalingGroup> groups = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String part : headerValue.split(";", -1)) {
            ScalingGroup group = parseOne(part.strip());
            if (!seen.add(group.pm())) {
                throw new IllegalArgumentException("PM %s is grouped twice".formatted(group.pm()));
            }
            groups.add(group);
        }
        return List.copyOf(groups);
    }

    /** The groups of a checked request (none without a {@code GROUP} line). */
    public static List<ScalingGroup> of(NetworkService service) {
        String value = service.header().get(HEADER_KEY);
        return value == null ? List.of() : parse(value);
    }

    private static ScalingGroup parseOne(String text) {
        String[] words = text.isEmpty() ? new String[0] : text.split("\\s+");
        if (words.length < 2) {
            throw new IllegalArgumentException("group '%s' needs a PM and MIN-MAX; %s".formatted(text, USAGE));
        }
        Matcher bounds = BOUNDS.matcher(words[1]);
        if (!bounds.matches()) {
            throw new IllegalArgumentException(
                    "group %s: instances '%s' is not MIN-MAX (e.g. 1-4)".formatted(words[0], words[1]));
        }
        double scaleOut = DEFAULT_SCALE_OUT;
        double scaleIn = DEFAULT_SCALE_IN;
        int coolDown = DEFAULT_COOL_DOWN_SECONDS;
        Set<String> given = new HashSet<>();
        for (int i = 2; i < words.length; i += 2) {
            String keyword = words[i].toUpperCase(Locale.ROOT);
            if (i + 1 >= words.length) {
                throw new IllegalArgumentException(
                        "group %s: %s needs a value; %s".formatted(words[0], keyword, USAGE));
            }
            if (!given.add(keyword)) {
                throw new IllegalArgumentException("group %s: %s is given twice".formatted(words[0], keyword));
            }
            String value = words[i + 1];
            switch (keyword) {
                case "SCALE_OUT" -> scaleOut = fraction(words[0], keyword, value);
                case "SCALE_IN" -> scaleIn = fraction(words[0], keyword, value);
                case "COOL_DOWN" -> coolDown = seconds(words[0], value);
                default ->
                    throw new IllegalArgumentException(
                            "group %s: unknown keyword '%s'; %s".formatted(words[0], words[i], USAGE));
            }
        }
        return new ScalingGroup(
                words[0],
                Integer.parseInt(bounds.group(1)),
                Integer.parseInt(bounds.group(2)),
                scaleOut,
                scaleIn,
                coolDown);
    }

    private static double fraction(String pm, String keyword, String value) {
        try {
            double fraction = Double.parseDouble(value);
            if (fraction > 0 && fraction <= 1) {
                return fraction;
            }
        } catch (NumberFormatException e) {
            // refused below, in words
        }
        throw new IllegalArgumentException(
                "group %s: %s must be a fraction of an instance's capacity above 0 and at most 1, got '%s'"
                        .formatted(pm, keyword, value));
    }

    private static int seconds(String pm, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "group %s: COOL_DOWN must be a whole number of seconds, got '%s'".formatted(pm, value), e);
        }
    }

    /** The header line's text for this group (parse gives it back). */
    @Override
    public String toString() {
        return "%s %d-%d SCALE_OUT %s SCALE_IN %s COOL_DOWN %d"
                .formatted(pm, minInstances, maxInstances, scaleOutAbove, scaleInBelow, coolDownSeconds);
    }
}
