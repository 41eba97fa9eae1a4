package org.flowstream.contracts.click.ast;

import java.util.List;
import org.flowstream.contracts.click.diag.SourcePos;

/** Port numbers written in brackets: {@code [0]}, or a Click 2 port list such as {@code [0, 1]}. */
public record PortList(List<Integer> numbers, SourcePos pos) {
    public PortList {
        numbers = List.copyOf(numbers);
    }

    /** The text as written, for messages: {@code [0, 1]}. */
    public String describe() {
        return numbers.toString();
    }
}
