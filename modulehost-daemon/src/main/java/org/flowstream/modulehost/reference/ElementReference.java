package org.flowstream.modulehost.reference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import java.util.stream.Collectors;
import org.flowstream.contracts.element.BuiltInSignatures;
import org.flowstream.contracts.element.ElementSignature;
import org.flowstream.contracts.element.Keyword;
import org.flowstream.contracts.element.PortCount;
import org.flowstream.modulehost.deploy.ElementCatalog;

/**
 * Writes the element reference from signatures: a Markdown page (a summary table, then one section per
 * element with its usage, ports, state, keywords, counters and primitives) and the JSON list the allocation
 * language's built-in catalogue is read from. Both are checked in; ElementReferenceTest fails when either
 * differs from what this prints.
 */
public final class ElementReference {

    private ElementReference() {}

    /** The built-in elements' page: {@code docs/elements.md}. */
    public static String markdown() {
        return markdown(ElementCatalog.builtInSignatures());
    }

    /** The built-in elements' signatures as the contracts module ships them ({@link BuiltInSignatures#RESOURCE}). */
    public static String json() {
        try {
            return new ObjectMapper()
                            .enable(SerializationFeature.INDENT_OUTPUT)
                            .writeValueAsString(ElementCatalog.builtInSignatures().stream()
                                    .map(ElementSignature::toStruct)
                                    .toList())
                    + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a signature did not turn into JSON: " + e.getOriginalMessage(), e);
        }
    }

    static String markdown(List<ElementSignature> signatures) {
        StringBuilder page = new StringBuilder();
        page.append("# Element reference\n\n")
                .append(
                        "<!-- Generated from the elements' @Signature by `bin/flowstream elements`; do not edit. -->\n\n")
                .append("The module host's built-in elements, from the signature each element class declares ")
                .append("(`@Signature` in `modulehost-daemon/src/main/java/org/flowstream/modulehost/elements/`). ")
                .append("Ports are in Click's notation, `INPUTS/OUTPUTS`: `1/1` one in and one out, `1/-` any ")
                .append("number out, `1/1-` one or more out, `1/1-2` one or two. FromDevice and ToDevice are the ")
                .append("PM's own interfaces; allocations reach the network with FromNet and ToNet instead. ")
                .append("To write an element of your own, see `docs/writing-elements.md`.\n\n")
                .append("| element | ports | state | what it does |\n|---|---|---|---|\n");
        for (ElementSignature s : signatures) {
            page.append("| [%s](#%s) | `%s` | %s | %s |\n"
                    .formatted(
                            s.className(),
                            s.className().toLowerCase(java.util.Locale.ROOT),
                            s.ports(),
                            s.state().word(),
                            cell(firstSentence(s.description()))));
        }
        for (ElementSignature s : signatures) {
            page.append('\n').append(section(s));
        }
        return page.toString();
    }

    private static String section(ElementSignature s) {
        StringBuilder out = new StringBuilder();
        out.append("## ").append(s.className()).append("\n\n");
        out.append("`").append(s.usage()).append("`\n\n");
        out.append(s.description()).append("\n\n");
        out.append("- ports: `%s` (inputs %s, outputs %s)\n"
                .formatted(s.ports(), words(s.ports().inputs()), words(s.ports().outputs())));
        out.append("- state: ").append(s.state().word()).append('\n');
        out.append("- counters: ").append(listOrNone(s.counters())).append('\n');
        out.append("- primitives: ")
                .append(s.primitives().isEmpty() ? "none" : String.join(", ", s.primitives()))
                .append('\n');
        if (!s.keywords().isEmpty()) {
            out.append("\n| keyword | type | required | default | meaning | written |\n|---|---|---|---|---|---|\n");
            for (Keyword k : s.keywords()) {
                out.append("| `%s` | %s | %s | %s | %s | %s |\n"
                        .formatted(
                                k.name(),
                                cell(k.type()),
                                k.required() ? "yes" : "no",
                                k.defaultValue().isEmpty() ? "" : "`" + k.defaultValue() + "`",
                                cell(k.meaning()),
                                written(k)));
            }
        }
        return out.toString();
    }

    /** How a configuration writes it (Click's usage: positional values first, then KEYWORD value pairs). */
    private static String written(Keyword k) {
        if (k.takesTheRest()) {
            return "values alone, one per argument";
        }
        return k.positional() ? "value alone, in this place" : "`" + k.name() + " value`";
    }

    private static String words(PortCount count) {
        return count.max() == PortCount.UNBOUNDED && count.min() == 0 ? "any number" : count.describe();
    }

    private static String listOrNone(List<String> names) {
        return names.isEmpty() ? "none" : names.stream().map(n -> "`" + n + "`").collect(Collectors.joining(", "));
    }

    private static String firstSentence(String text) {
        int stop = text.indexOf(". ");
        return stop < 0 ? text : text.substring(0, stop + 1);
    }

    /** Text safe inside a Markdown table cell. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
