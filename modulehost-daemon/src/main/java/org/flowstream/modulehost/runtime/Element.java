package org.flowstream.modulehost.runtime;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.flowstream.contracts.element.ElementConfiguration;
import org.flowstream.contracts.element.ElementSignature;
import org.flowstream.contracts.element.PortSpec;
import org.flowstream.contracts.element.Signature;

/**
 * One packet-processing step of a PM, in the spirit of a Click element: it is configured from the argument
 * list its declaration gives ({@code fw :: IPFilter(deny tcp dst port 22, allow all)}), has numbered input
 * and output ports, and is driven by {@link #push}: whoever holds a packet pushes it into an input, the
 * element pushes it on through {@link #output}. Sources (FromDevice) implement {@link Source}.
 *
 * <p>An element may be pushed into from several threads at once (one per FromDevice), so per-element state
 * must be thread-safe. Every element class declares its {@link Signature} (ports, keywords, state, counters);
 * deployed element types (deploy_pm) extend this class too, with a public no-argument constructor and a
 * {@link Signature} of their own ({@code docs/writing-elements.md}).
 */
public abstract class Element {

    /** Where an output port leads: the next element and which of its inputs. */
    public record Target(Element element, int port) {}

    private static final ClassValue<Optional<ElementSignature>> SIGNATURES = new ClassValue<>() {
        @Override
        protected Optional<ElementSignature> computeValue(Class<?> type) {
            return ElementSignature.declaredBy(type);
        }
    };

    private String name = getClass().getSimpleName();
    private Target[] outputs = new Target[0];

    /**
     * Reads the configuration through this element's signature and hands it to {@link
     * #configure(ElementConfiguration, RuntimeContext)}: an unknown keyword, a missing required one, one
     * argument too many or a mistyped value is refused here, in the same words {@code lang check} uses, before
     * the element sees anything. A class without a signature gets its raw arguments.
     */
    public final void applyConfiguration(List<String> arguments, RuntimeContext context) throws ConfigException {
        Optional<ElementSignature> signature = signature();
        if (signature.isEmpty()) {
            configure(arguments, context);
            return;
        }
        ElementConfiguration configuration = ElementConfiguration.read(signature.get(), arguments);
        if (!configuration.problems().isEmpty()) {
            throw new ConfigException(configuration.problems().stream()
                    .map(p -> p.about(signature.get().className()))
                    .collect(Collectors.joining("; ")));
        }
        configure(configuration, context);
    }

    /**
     * Takes the configuration, already checked against the keywords of this element's {@link Signature}: read
     * values with its typed getters ({@code configuration.integer("N")}). Throw {@link ConfigException} to
     * reject what the signature cannot say (a rule that does not parse). The default accepts what the signature
     * accepted, and gives a class written before this method its raw arguments.
     */
    public void configure(ElementConfiguration configuration, RuntimeContext context) throws ConfigException {
        configure(configuration.arguments(), context);
    }

    /**
     * The raw arguments, for classes written before {@link ElementConfiguration} (deployed sources that override
     * this must keep compiling when a module host receives them again); the default accepts none. New elements
     * override {@link #configure(ElementConfiguration, RuntimeContext)}.
     */
    @Deprecated
    public void configure(List<String> args, RuntimeContext context) throws ConfigException {
        if (!args.isEmpty()) {
            throw new ConfigException(getClass().getSimpleName() + " takes no arguments, got " + args.size());
        }
    }

    /**
     * This element's ports after configure: its signature's spec. An element whose configuration fixes the
     * count within that spec overrides this ({@code Tee(3)} of {@code 1/1-} has {@code 1/3}); the runtime
     * refuses a graph whose connections use a port outside it.
     */
    public PortSpec ports() {
        return signature().map(ElementSignature::ports).orElseGet(() -> PortSpec.fixed(inputCount(), outputCount()));
    }

    /** What this element's class declares with {@link Signature}; empty for a class written before signatures. */
    public final Optional<ElementSignature> signature() {
        return SIGNATURES.get(getClass());
    }

    /**
     * Ports of a deployed class written before signatures existed (they overrode these); such stored sources
     * must keep compiling when a module host receives them again. New elements declare {@link Signature#ports}.
     */
    @Deprecated
    public int inputCount() {
        return 1;
    }

    /** See {@link #inputCount()}. */
    @Deprecated
    public int outputCount() {
        return 1;
    }

    /** Called once the graph is wired, before packets flow: open sockets, start timers. */
    public void initialize(RuntimeContext context) throws Exception {}

    /** Processes one packet arriving on input {@code port}. */
    public abstract void push(int port, Packet packet);

    /** Counters and settings to report (Click's read handlers), by name; the stats file shows them. */
    public Map<String, Object> stats() {
        return Map.of();
    }

    /** Releases what initialize took. */
    public void close() {}

    /** Pushes a packet out of an output port; a packet sent to an unconnected output is dropped. */
    protected final void output(int port, Packet packet) {
        Target target = port < outputs.length ? outputs[port] : null;
        if (target != null) {
            target.element.push(target.port, packet);
        }
    }

    protected final boolean outputConnected(int port) {
        return port < outputs.length && outputs[port] != null;
    }

    public final String name() {
        return name;
    }

    final void setName(String name) {
        this.name = name;
    }

    final void connect(int outputPort, Element next, int inputPort) {
        if (outputs.length <= outputPort) {
            outputs = java.util.Arrays.copyOf(outputs, outputPort + 1);
        }
        outputs[outputPort] = new Target(next, inputPort);
    }

    /** A source of packets with a life of its own (a thread reading a device). */
    public interface Source {
        void start();

        void stop();
    }
}
