package org.flowstream.common.hotpatch;

import java.util.regex.Pattern;

/** The mapping between call names and source files: install_allocation is InstallAllocation.java. */
public final class TaskNames {

    private static final Pattern CALL_NAME = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    private static final Pattern CLASS_NAME = Pattern.compile("[A-Z][A-Za-z0-9]*");

    private TaskNames() {}

    public static boolean isCallName(String name) {
        return name != null && CALL_NAME.matcher(name).matches();
    }

    public static boolean isClassName(String name) {
        return name != null && CLASS_NAME.matcher(name).matches();
    }

    public static String toClassName(String callName) {
        StringBuilder out = new StringBuilder();
        for (String part : callName.split("_")) {
            out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return out.toString();
    }

    public static String toCallName(String className) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < className.length(); i++) {
            char c = className.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                out.append('_');
            }
            out.append(Character.toLowerCase(c));
        }
        return out.toString();
    }
}
