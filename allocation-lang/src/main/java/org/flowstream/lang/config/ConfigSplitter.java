package org.flowstream.lang.config;

import java.util.List;
import org.flowstream.contracts.click.ClickArguments;
import org.flowstream.contracts.click.diag.SourcePos;

/**
 * Splits a configuration string into arguments with {@link ClickArguments} (the one Click splitter) and
 * says where in the file each argument starts, for diagnostics.
 */
public final class ConfigSplitter {

    private ConfigSplitter() {}

    /** @param start the file position of {@code text}'s first character */
    public static List<ConfigArg> split(String text, SourcePos start) {
        if (text == null) {
            return List.of();
        }
        return ClickArguments.split(text).stream()
                .map(arg -> new ConfigArg(arg.raw(), position(text, arg.offset(), start)))
                .toList();
    }

    /** The file position of {@code text.charAt(offset)}, counting lines from {@code start}. */
    private static SourcePos position(String text, int offset, SourcePos start) {
        int line = start.line();
        int column = start.column();
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new SourcePos(line, column);
    }
}
