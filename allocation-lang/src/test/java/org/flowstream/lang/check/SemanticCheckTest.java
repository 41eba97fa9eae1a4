package org.flowstream.lang.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.flowstream.contracts.click.diag.Diagnostic;
import org.flowstream.lang.AllocationLanguage;
import org.flowstream.lang.CheckResult;
import org.flowstream.lang.model.NetworkService;
import org.junit.jupiter.api.Test;

/** Each semantic rule, with the exact message and place users see. */
class SemanticCheckTest {

    /** A valid frame around the lines under test: a source, a sink, and a PM between them. */
    private static final String FRAME = "ft :: FromNet(\"ip,nw_dst=8.8.8.8\"); tt :: ToNet(tun1);\n";

    private static List<String> errors(String body) {
        CheckResult result = AllocationLanguage.check("t.click", FRAME + body);
        assertThat(result.diagnostics()).allMatch(d -> d.kind() == Diagnostic.Kind.SEMANTIC);
        return result.diagnostics().stream().map(Diagnostic::format).toList();
    }

    private static NetworkService valid(String body) {
        CheckResult result = AllocationLanguage.check("t.click", FRAME + body);
        assertThat(result.errorText()).isEmpty();
        return result.service();
    }

    @Test
    void unknownClassIsASemanticErrorWithAHint() {
        assertThat(errors("ft -> c :: Countr -> tt;"))
                .containsExactly(
                        "t.click:2:12: error: unknown element class 'Countr': the platform has no such processing module"
                                + " (did you mean 'Counter'?)");
        assertThat(errors("ft -> ARPQuerier(10.0.0.1) -> tt;"))
                .singleElement()
                .asString()
                .contains("unknown element class 'ARPQuerier'");
    }

    @Test
    void undeclaredWordIsNeitherElementNorClass() {
        assertThat(errors("ft -> fw -> tt;"))
                .containsExactly(
                        "t.click:2:7: error: 'fw' is neither a declared element nor a known element class (did you mean 'ft'?)");
    }

    @Test
    void portOutOfRange() {
        assertThat(errors("c :: Counter; ft -> c; c[1] -> tt; c -> Discard;"))
                .contains("t.click:2:25: error: 'c' has no output port 1: Counter has 1 output");
        assertThat(errors("ft -> [1]tt;")).contains("t.click:2:1: error: 'tt' has no input port 1: ToNet has 1 input");
    }

    @Test
    void unconnectedPorts() {
        assertThat(errors("c :: Counter; ft -> c; ft2 :: FromNet(ip) -> tt;"))
                .containsExactly("t.click:2:1: error: output port 0 of 'c' (Counter) is not connected");
        assertThat(errors("ft -> m :: Tee; m[2] -> tt; m[0] -> Discard;"))
                .containsExactly("t.click:2:7: error: output port 1 of 'm' (Tee) is not connected");
        // Mirror's signature is 1/1-2: it has no output 2 (as the module host's runtime says too).
        assertThat(errors("ft -> m :: Mirror; m[2] -> tt; m[0] -> Discard;"))
                .contains("t.click:2:21: error: 'm' has no output port 2: Mirror has 1-2 outputs");
    }

    @Test
    void duplicateNames() {
        assertThat(errors("c :: Counter; c :: Counter; ft -> c -> tt;"))
                .containsExactly("t.click:2:15: error: element 'c' is already declared at line 2, column 1");
        assertThat(errors("elementclass A { input -> output } elementclass A { input -> output } ft -> A -> tt;"))
                .containsExactly("t.click:2:49: error: elementclass 'A' is already defined at line 2");
    }

    @Test
    void anOutputPortFeedsOneElement() {
        assertThat(errors("ft -> c :: Counter -> tt; c -> Discard;"))
                .containsExactly(
                        "t.click:2:27: error: output port 0 of 'c' is connected more than once (to 'tt' at line 2 and to"
                                + " 'Discard@1'); use a Mirror to copy packets to several elements");
    }

    @Test
    void manyConnectionsMayEnterOneInput() {
        valid("ft2 :: FromNet(\"ip,nw_src=1.2.3.4\"); ft -> c :: Counter; ft2 -> c; c -> tt;");
    }

    @Test
    void sourcesHaveNoInputsAndSinksNoOutputs() {
        assertThat(errors("ft -> tt; Counter -> ft; tt -> Discard;"))
                .contains(
                        "t.click:2:11: error: FromNet 'ft' is a source: nothing can be connected to its input",
                        "t.click:2:26: error: ToNet 'tt' is a sink: it has no output to connect");
    }

    @Test
    void cyclesAreRejected() {
        assertThat(errors("a :: Counter; b :: Mirror; ft -> [0]a; a -> b; b[0] -> tt; b[1] -> [0]a;"))
                .containsExactly(
                        "t.click:2:61: error: the connections form a cycle: a -> b -> a; a network service must be acyclic");
    }

    @Test
    void badFromNetMatch() {
        CheckResult result = AllocationLanguage.check(
                "t.click", "ft :: FromNet(\"ip,nw_src=10.10.1\"); tt :: ToNet(tun1); ft -> tt;");
        assertThat(result.errorText())
                .isEqualTo("t.click:1:15: error: bad FromNet match \"ip,nw_src=10.10.1\" for 'ft':"
                        + " nw_src=10.10.1: '10.10.1' is not an IPv4 address: it has 3 parts; write four numbers 0-255"
                        + " separated by dots, such as 10.1.2.3");
    }

    @Test
    void fromNetAcceptsEveryFieldTheSwitchSideKnowsAndRefusesMissingPrerequisitesUpFront() {
        CheckResult icmp = AllocationLanguage.check(
                "t.click", "ft :: FromNet(\"icmp icmp_type=8\"); tt :: ToNet(tun1); ft -> tt;");
        assertThat(icmp.errorText()).isEmpty();
        assertThat(icmp.serviceIfValid().orElseThrow().sources().get(0).matchString())
                .isEqualTo("icmp,icmp_type=8");
        assertThat(AllocationLanguage.check(
                                "t.click", "ft :: FromNet(\"ip,icmp_type=8\"); tt :: ToNet(tun1); ft -> tt;")
                        .errorText())
                .isEqualTo("t.click:1:15: error: bad FromNet match \"ip,icmp_type=8\" for 'ft':"
                        + " icmp_type needs an ICMP match (add 'icmp' first)");
    }

    @Test
    void toNetNeedsAnOutput() {
        assertThat(AllocationLanguage.check("t.click", "ft :: FromNet(ip); tt :: ToNet; ft -> tt;")
                        .errorText())
                .isEqualTo(
                        "t.click:1:20: error: ToNet 'tt' needs the output it sends to, e.g. ToNet(\"tun1\") or a list"
                                + " of allowed I/O nodes");
    }

    @Test
    void serviceNeedsASourceAndASink() {
        assertThat(AllocationLanguage.check("t.click", "x :: Counter; Discard -> x -> Discard")
                        .diagnostics())
                .extracting(Diagnostic::message)
                .contains(
                        "the request has no FromNet: a network service needs at least one source",
                        "the request has no ToNet: a network service needs at least one sink");
    }

    @Test
    void compoundsAreFlattenedWithQualifiedNames() {
        NetworkService service = valid("""
                elementclass Inner { input -> c :: Counter -> output }
                elementclass Outer { $rate |
                  input -> i :: Inner -> r :: RateLimiter($rate) -> [0]output;
                  r[1] -> Discard
                }
                ft -> o :: Outer(500) -> tt;
                """);
        assertThat(service.modules())
                .extracting(m -> m.name() + " " + m.className() + " " + m.configArgs())
                .containsExactly("o/i/c Counter []", "o/r RateLimiter [500]", "o/Discard@1 Discard []");
        assertThat(service.connections())
                .extracting(c -> c.from() + "[" + c.fromPort() + "]->" + c.to())
                .containsExactlyInAnyOrder("ft[0]->o/i/c", "o/i/c[0]->o/r", "o/r[0]->tt", "o/r[1]->o/Discard@1");
    }

    @Test
    void compoundPortsAndArguments() {
        assertThat(errors("elementclass P { $a | input -> output } ft -> P -> tt;"))
                .containsExactly("t.click:2:47: error: elementclass 'P' takes 1 argument, but 0 were given");
        assertThat(errors("elementclass P { input -> output } ft -> p :: P -> [0]tt; p[1] -> Discard;"))
                .containsExactly("t.click:2:60: error: 'p' has no output port 1: elementclass 'P' has 1 output");
        assertThat(errors("elementclass P { input -> Counter -> [1]output; input[1] -> Discard } ft -> p :: P -> tt;"))
                .contains(
                        "t.click:2:16: error: elementclass 'P' never uses output port 0 although it uses a higher one");
        assertThat(errors("elementclass L { input -> L -> output } ft -> L -> tt;"))
                .contains("t.click:2:27: error: elementclass 'L' contains itself, so it never ends");
    }

    @Test
    void passThroughCompoundAndInlineCompound() {
        NetworkService service = valid("ft -> { input -> output } -> x :: { input -> Counter -> output } -> tt;");
        assertThat(service.connections())
                .extracting(c -> c.from() + "->" + c.to())
                .containsExactly("ft->x/Counter@1", "x/Counter@1->tt");
    }

    @Test
    void fanOutThroughACompoundIsCaught() {
        assertThat(errors("elementclass Two { input -> Counter -> output; input -> Discard } ft -> Two -> tt;"))
                .singleElement()
                .asString()
                .contains("output port 0 of 'ft' is connected more than once");
    }

    @Test
    void defineAndFormalsSubstituteIntoConfigs() {
        NetworkService service = valid("""
                define($port 22, $rule "deny tcp port $port")
                elementclass F { $r, KEEP $k | input -> IPFilter($r, $k) -> output }
                ft -> F($rule, KEEP allow all) -> tt;
                """);
        assertThat(service.modules())
                .singleElement()
                .satisfies(m -> assertThat(m.configArgs()).containsExactly("deny tcp port 22", "allow all"));
    }

    @Test
    void placementOverridesResourcesAndAnnotatesTraffic() {
        NetworkService service = valid("""
                ft -> fw :: IPFilter(allow all) -> c :: Counter -> tt;
                p :: Placement(CPU fw 1.5, MEMORY fw 512, PPS ft -> fw 20000, PPS c[0] -> [0]tt 100, DELAY ft fw tt 15.5)
                """);
        assertThat(service.modules())
                .extracting(m -> m.name() + " " + m.cpuCores() + " " + m.memoryMb())
                .containsExactly("fw 1.5 512", "c 0.25 256"); // Counter: the default resources of a built-in
        assertThat(service.connections())
                .extracting(c -> c.from() + "->" + c.to() + " " + c.packetsPerSecond())
                .containsExactly("ft->fw 20000.0", "fw->c 0.0", "c->tt 100.0");
        assertThat(service.paths()).singleElement().satisfies(path -> {
            assertThat(path.source()).isEqualTo("ft");
            assertThat(path.sink()).isEqualTo("tt");
            assertThat(path.via()).containsExactly("fw");
            assertThat(path.maxDelayMs()).isEqualTo(15.5);
        });
    }

    @Test
    void placementErrors() {
        assertThat(errors("""
                ft -> fw :: IPFilter(allow all) -> tt;
                p :: Placement(CPU fx 1, MEMORY fw 1.5, PPS fw -> ft 5, DELAY fw tt 3, SPEED fw 2, CPU tt 1, CPU fw -1,
                  CPU fw 1, CPU fw 2)
                """))
                .containsExactly(
                        "t.click:3:16: error: Placement names 'fx', but there is no such element",
                        "t.click:3:26: error: MEMORY is a whole number of megabytes, not 1.5",
                        "t.click:3:41: error: there is no connection fw -> ft (after compound elements are expanded)",
                        "t.click:3:57: error: a DELAY path runs from a FromNet to a ToNet; 'fw' or 'tt' is not one",
                        "t.click:3:72: error: unknown annotation 'SPEED'; use CPU, MEMORY, PPS or DELAY",
                        "t.click:3:84: error: CPU applies to processing modules, and 'tt' is a ToNet",
                        "t.click:3:94: error: CPU cores must be a non-negative number, not '-1'",
                        "t.click:4:13: error: this annotation repeats one given at line 4, column 3");
    }

    @Test
    void placementInsideACompoundNamesItsParts() {
        NetworkService service = valid("""
                elementclass S { input -> c :: Counter -> output; p :: Placement(CPU c 2) }
                ft -> s :: S -> tt;
                q :: Placement(MEMORY s/c 99, CPU s 1)
                """.replace(", CPU s 1", ""));
        assertThat(service.modules())
                .singleElement()
                .satisfies(m -> assertThat(m.cpuCores() + " " + m.memoryMb()).isEqualTo("2.0 99"));
        assertThat(errors("elementclass S { input -> c :: Counter -> output }\nft -> s :: S -> tt;\n"
                        + "q :: Placement(CPU s 1)"))
                .containsExactly(
                        "t.click:4:16: error: Placement names 's', but there is no such element; it is a compound element,"
                                + " so name one of its parts (e.g. s/part)");
    }

    @Test
    void placementCannotBeConnected() {
        assertThat(errors("p :: Placement(); ft -> p; ft -> tt;"))
                .contains("t.click:2:19: error: Placement 'p' holds annotations and cannot be connected");
    }

    @Test
    void inputAndOutputAreOneWayInsideCompounds() {
        assertThat(errors("elementclass X { output -> input } ft -> X -> tt;"))
                .contains(
                        "t.click:2:18: error: 'output' is where the elementclass's packets leave; it cannot send to another"
                                + " element inside it");
    }

    @Test
    void portListsConnectSeveralPortsAtOnce() {
        NetworkService service = valid("""
                ft -> m :: Mirror[0, 1] => [0, 0]c :: Counter -> tt;
                ft2 :: FromNet(arp) -> m2 :: Tee[0, 1, 2] => { input[0, 1, 2] -> Discard } ;
                """);
        assertThat(service.connections())
                .extracting(c -> c.from() + "[" + c.fromPort() + "]->" + c.to())
                .contains("m[0]->c", "m[1]->c", "m2[0]->Compound@1/Discard@1", "m2[2]->Compound@1/Discard@1");
        assertThat(errors("ft -> m :: Mirror[0, 1] => [0]tt; m => tt;"))
                .contains(
                        "t.click:2:18: error: the port lists on the two sides have different lengths (2 outputs, 1 inputs)",
                        "t.click:2:35: error: '=>' needs a port list on at least one side, e.g. a[0, 1] => b");
    }

    @Test
    void sourceIoNodeAndSinkNodes() {
        NetworkService service =
                valid("ft2 :: FromNet(\"tcp,tp_dst=80\", IONODE uplink-1) -> o :: ToNet(a, b, c);" + " ft -> tt;");
        assertThat(service.sources())
                .extracting(s -> s.name() + " " + s.ioNode())
                .containsExactly("ft ", "ft2 uplink-1");
        assertThat(service.sinks())
                .extracting(s -> s.name() + " " + s.ioNodes())
                .containsExactly("tt [tun1]", "o [a, b, c]");
    }
}
