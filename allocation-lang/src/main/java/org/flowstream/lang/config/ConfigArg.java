package org.flowstream.lang.config;

import org.flowstream.contracts.click.ClickStrings;
import org.flowstream.contracts.click.diag.SourcePos;

/**
 * One argument of a configuration string as written (quotes kept, comments and surrounding
 * blanks removed), with where it starts in the file.
 */
public record ConfigArg(String raw, SourcePos pos) {

    /** The argument's value as an element sees it: quotes removed, escapes decoded. */
    public String value() {
        return ClickStrings.unquote(raw);
    }

    public ConfigArg withRaw(String newRaw) {
        return new ConfigArg(newRaw, pos);
    }
}
