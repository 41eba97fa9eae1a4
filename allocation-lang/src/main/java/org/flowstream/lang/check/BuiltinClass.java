package org.flowstream.lang.check;

/**
 * Classes the language itself defines, whatever the catalogue holds: the service's ends
 * (§3.2.1 Source and Sink nodes) and the placement annotation element.
 */
enum BuiltinClass {
    FROM_NET("FromNet", 0, 1),
    TO_NET("ToNet", 1, 0),
    PLACEMENT("Placement", 0, 0);

    final String className;
    final int inputs;
    final int outputs;

    BuiltinClass(String className, int inputs, int outputs) {
        this.className = className;
        this.inputs = inputs;
        this.outputs = outputs;
    }

    static BuiltinClass byName(String name) {
        for (BuiltinClass builtin : values()) {
            if (builtin.className.equals(name)) {
                return builtin;
            }
        }
        return null;
    }
}
