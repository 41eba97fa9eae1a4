package org.flowstream.contracts.element;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * An element's input and output ports in Click's notation, {@code INPUTS/OUTPUTS}: {@code 1/1} (one in, one
 * out), {@code 1/-} (one in, any number out), {@code 1/1-2}, {@code -/0}, {@code 0/1}. A single count such as
 * {@code 2} means the same number of inputs and outputs, as in Click.
 */
public record PortSpec(PortCount inputs, PortCount outputs) {

    /** One input, one output: the spec of an element that declares none. */
    public static final PortSpec ONE_TO_ONE = new PortSpec(PortCount.fixed(1), PortCount.fixed(1));

    /**
     * Reads Click's notation.
     *
     * @throws IllegalArgumentException with what was wrong, in words
     */
    @JsonCreator
    public static PortSpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a port spec is INPUTS/OUTPUTS, e.g. 1/1 or 1/-; got nothing");
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            PortCount both = PortCount.parse(text);
            return new PortSpec(both, both);
        }
        if (text.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("'%s' has more than one '/': write INPUTS/OUTPUTS".formatted(text));
        }
        return new PortSpec(PortCount.parse(text.substring(0, slash)), PortCount.parse(text.substring(slash + 1)));
    }

    /** Exactly {@code inputs} inputs and {@code outputs} outputs. */
    public static PortSpec fixed(int inputs, int outputs) {
        return new PortSpec(PortCount.fixed(inputs), PortCount.fixed(outputs));
    }

    /** Whether every count {@code narrower} allows, this spec allows too. */
    public boolean contains(PortSpec narrower) {
        return inputs.min() <= narrower.inputs.min()
                && inputs.max() >= narrower.inputs.max()
                && outputs.min() <= narrower.outputs.min()
                && outputs.max() >= narrower.outputs.max();
    }

    /** Click's notation, the inverse of {@link #parse}. */
    @JsonValue
    @Override
    public String toString() {
        return inputs.toClick() + "/" + outputs.toClick();
    }
}
