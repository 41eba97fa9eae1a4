package org.flowstream.modulehost.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What get_pm_info can say about a deployed element without loading its class: read from its source text,
 * the {@code @ElementInfo(description = "...", primitives = {...})} annotation if present, else the class's
 * Javadoc.
 */
final class SourceDescription {

    private static final Pattern ANNOTATION_DESCRIPTION =
            Pattern.compile("description\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern ANNOTATION_PRIMITIVES = Pattern.compile("primitives\\s*=\\s*\\{([^}]*)}");
    private static final Pattern JAVADOC = Pattern.compile(
            "/\\*\\*(.*?)\\*/\\s*(?:@[\\w.]+(?:\\([^)]*\\))?\\s*)*public\\s+(?:final\\s+)?class\\s+", Pattern.DOTALL);

    private SourceDescription() {}

    static String description(String name, String source) {
        Matcher annotation = ANNOTATION_DESCRIPTION.matcher(source);
        if (annotation.find()) {
            return annotation.group(1).replace("\\\"", "\"");
        }
        Matcher doc = JAVADOC.matcher(source);
        if (doc.find()) {
            String text = doc.group(1)
                    .replaceAll("(?m)^\\s*\\*\\s?", "")
                    .replaceAll("\\s+", " ")
                    .strip();
            if (!text.isEmpty()) {
                return name + ": " + text;
            }
        }
        return name + ": deployed element (no description in its source)";
    }

    static List<String> primitives(String source) {
        List<String> names = new ArrayList<>();
        Matcher m = ANNOTATION_PRIMITIVES.matcher(source);
        if (m.find()) {
            for (String item : m.group(1).split(",")) {
                String s = item.strip().replace("\"", "");
                if (s.startsWith("Primitives.")) {
                    s = s.substring("Primitives.".length());
                    s = s.charAt(0) + s.substring(1).toLowerCase(java.util.Locale.ROOT);
                }
                if (!s.isEmpty()) {
                    names.add(s);
                }
            }
        }
        return names;
    }
}
