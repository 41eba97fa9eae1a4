package org.flowstream.lang.check;

import java.util.ArrayList;
import java.util.List;
import org.flowstream.contracts.click.ast.CompoundBody;
import org.flowstream.contracts.click.ast.Formal;
import org.flowstream.contracts.click.diag.DiagnosticSink;
import org.flowstream.contracts.click.diag.SourcePos;
import org.flowstream.lang.config.ConfigArg;
import org.flowstream.lang.config.Variables;

/**
 * Gives a compound instance's arguments to its formals, as Click does: an argument starting with
 * a keyword formal's KEYWORD goes to it, the rest go to the positional formals in order. Values
 * stay raw (quotes kept) because they are substituted into configuration text.
 */
final class FormalBinder {

    private FormalBinder() {}

    static void bind(
            String className,
            CompoundBody body,
            List<ConfigArg> args,
            Variables into,
            SourcePos at,
            DiagnosticSink diagnostics) {
        List<Formal> positional = new ArrayList<>();
        for (Formal formal : body.formals()) {
            if (formal.keyword() == null) {
                positional.add(formal);
            } else {
                into.set(formal.name(), "");
            }
        }
        List<ConfigArg> positionalArgs = new ArrayList<>();
        for (ConfigArg arg : args) {
            if (!bindKeyword(body, arg, into)) {
                positionalArgs.add(arg);
            }
        }
        if (positionalArgs.size() != positional.size()) {
            diagnostics.semantic(
                    at,
                    "elementclass '" + className + "' takes " + positional.size()
                            + " argument" + (positional.size() == 1 ? "" : "s") + ", but " + positionalArgs.size()
                            + (positionalArgs.size() == 1 ? " was" : " were") + " given");
        }
        for (int i = 0; i < positional.size(); i++) {
            into.set(
                    positional.get(i).name(),
                    i < positionalArgs.size() ? positionalArgs.get(i).raw() : "");
        }
    }

    private static boolean bindKeyword(CompoundBody body, ConfigArg arg, Variables into) {
        for (Formal formal : body.formals()) {
            String keyword = formal.keyword();
            if (keyword == null) {
                continue;
            }
            String raw = arg.raw();
            if (raw.equals(keyword)
                    || (raw.startsWith(keyword)
                            && raw.length() > keyword.length()
                            && Character.isWhitespace(raw.charAt(keyword.length())))) {
                into.set(formal.name(), raw.substring(keyword.length()).strip());
                return true;
            }
        }
        return false;
    }
}
