package org.flowstream.resource.allocation;

import java.util.List;
import org.flowstream.contracts.click.ClickArguments;

/**
 * The element graph a module host runs for one PM of a request. Every PM port is one interface of the PM
 * (p0, p1, ...) used in both directions: input i arrives on p<i>, output i leaves on p<i>; the switch tells
 * the directions apart by the port a packet comes in on. Arguments are written with the Click quoting the
 * module host reads back ({@link ClickArguments}), so every value arrives exactly as the request gave it.
 */
public final class PmConfigs {

    private PmConfigs() {}

    /** How many interfaces a PM with these port counts gets. */
    public static int interfaces(int inputs, int outputs) {
        return Math.max(1, Math.max(inputs, outputs));
    }

    /** The module host's graph text: FromDevice per input, the element, ToDevice per output. */
    public static String graph(String className, List<String> args, int inputs, int outputs) {
        StringBuilder text = new StringBuilder();
        text.append("pm :: ")
                .append(className)
                .append('(')
                .append(ClickArguments.join(args))
                .append(");\n");
        for (int i = 0; i < inputs; i++) {
            text.append("FromDevice(p").append(i).append(") -> [").append(i).append("]pm;\n");
        }
        for (int o = 0; o < outputs; o++) {
            text.append("pm[").append(o).append("] -> ToDevice(p").append(o).append(");\n");
        }
        return text.toString();
    }
}
