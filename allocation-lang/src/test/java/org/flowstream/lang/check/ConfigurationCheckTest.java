package org.flowstream.lang.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flowstream.contracts.click.diag.Diagnostic;
import org.flowstream.contracts.element.Keyword;
import org.flowstream.contracts.element.PortCount;
import org.flowstream.lang.AllocationLanguage;
import org.flowstream.lang.CheckResult;
import org.flowstream.lang.catalogue.MapPmCatalogue;
import org.flowstream.lang.catalogue.PmType;
import org.junit.jupiter.api.Test;

/** Configurations checked against the keywords of the element's signature (the built-in catalogue's). */
class ConfigurationCheckTest {

    private static final String FRAME = "ft :: FromNet(\"ip,nw_dst=8.8.8.8\"); tt :: ToNet(tun1);\n";

    /** What every configuration message ends with: the element's usage in words. */
    private static final Pattern CONFIGURATION_MESSAGE = Pattern.compile("; \\w+ takes ");

    private static List<String> errors(String body) {
        CheckResult result = AllocationLanguage.check("t.click", FRAME + body);
        return result.diagnostics().stream().map(Diagnostic::format).toList();
    }

    @Test
    void anUnknownKeywordIsRefusedWithWhatTheClassTakes() {
        assertThat(errors("ft -> c :: Counter(NOSUCH 3) -> tt;"))
                .containsExactly("t.click:2:20: error: 'c' (Counter): it has no keyword 'NOSUCH'; "
                        + "Counter takes no configuration");
        assertThat(errors("ft -> n :: IPRewriter(EXTERNAL 10.0.0.1, NOSUCH 3) -> tt; n[1] -> Discard; "
                        + "FromNet(\"ip,nw_dst=9.9.9.9\") -> [1]n;"))
                .containsExactly("t.click:2:42: error: 'n' (IPRewriter): it has no keyword 'NOSUCH'; IPRewriter takes "
                        + "EXTERNAL, [PORTS], [IDLE], [PAIR_PREFIX] (each written 'KEYWORD value')");
    }

    @Test
    void aMissingRequiredKeywordIsRefusedAtTheElement() {
        assertThat(errors("ft -> n :: IPRewriter(PORTS 100-200) -> tt; n[1] -> Discard; "
                        + "FromNet(\"ip,nw_dst=9.9.9.9\") -> [1]n;"))
                .containsExactly("t.click:2:7: error: 'n' (IPRewriter) needs EXTERNAL; IPRewriter takes "
                        + "EXTERNAL, [PORTS], [IDLE], [PAIR_PREFIX] (each written 'KEYWORD value')");
        assertThat(errors("ft -> RateLimiter -> tt;"))
                .containsExactly("t.click:2:7: error: 'RateLimiter@1' (RateLimiter) needs RATE; RateLimiter takes "
                        + "RATE, [BURST] (values alone, in this order)");
        assertThat(errors("ft -> IPFilter -> tt;"))
                .singleElement()
                .asString()
                .contains("needs RULE...; IPFilter takes RULE... (values alone, in this order)");
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedWhereItIsWritten() {
        assertThat(errors("ft -> t :: Tee(65) -> tt;"))
                .containsExactly("t.click:2:16: error: 't' (Tee): N must be a whole number from 1 to 64, got '65'");
        assertThat(errors("ft -> r :: RateLimiter(fast) -> tt;"))
                .containsExactly(
                        "t.click:2:24: error: 'r' (RateLimiter): RATE must be a positive number of packets per second, "
                                + "got 'fast'");
        assertThat(errors("ft -> s :: PrefixSampler(24, 100, both) -> tt;"))
                .containsExactly("t.click:2:35: error: 's' (PrefixSampler): ADDRESS must be src or dst, got 'both'");
        assertThat(errors("ft -> n :: IPRewriter(EXTERNAL 10.0.0.0/16, PORTS 0-10, IDLE soon) -> tt; "
                        + "n[1] -> Discard; FromNet(\"ip,nw_dst=9.9.9.9\") -> [1]n;"))
                .containsExactly(
                        "t.click:2:23: error: 'n' (IPRewriter): EXTERNAL must be an IPv4 address or a prefix of at "
                                + "most 256 addresses (a /24 or longer), got '10.0.0.0/16'",
                        "t.click:2:45: error: 'n' (IPRewriter): PORTS must be a range LOW-HIGH within 1-65535, "
                                + "got '0-10'",
                        "t.click:2:57: error: 'n' (IPRewriter): IDLE must be a whole number of seconds, at least 1, "
                                + "got 'soon'");
    }

    @Test
    void positionalArgumentsAreReadAsTheElementsReadThem() {
        assertThat(errors("""
                ft -> Tee(3) -> RateLimiter(100, 20) -> RateLimiter(1e3pps) -> PrefixSampler(16, 1, dst)
                   -> IPFilter(deny tcp dst port 22, allow all) -> Classifier(12/0800, -) -> tt;
                ft2 :: FromNet("ip,nw_dst=9.9.9.9") -> n :: IPRewriter(external 10.0.0.0/24, PORTS 80, IDLE 60) -> tt;
                FromNet("ip,nw_dst=7.7.7.7") -> [1]n[1] -> k :: TcpTracker(IDLE 30) -> Discard;
                FromNet("ip,nw_dst=6.6.6.6") -> [1]k[1] -> Discard;
                """)).isEmpty();
        assertThat(errors("ft -> r :: RateLimiter(RATE 100) -> tt;"))
                .containsExactly("t.click:2:24: error: 'r' (RateLimiter): RATE is written as its value alone, not "
                        + "'RATE 100'; RateLimiter takes RATE, [BURST] (values alone, in this order)");
        assertThat(errors("ft -> t :: Tee(2, 3) -> tt;"))
                .containsExactly("t.click:2:19: error: 't' (Tee): one argument too many: '3'; Tee takes [N] "
                        + "(values alone, in this order)");
        assertThat(errors("ft -> n :: IPRewriter(10.0.0.1) -> tt; n[1] -> Discard; "
                        + "FromNet(\"ip,nw_dst=9.9.9.9\") -> [1]n;"))
                .contains(
                        "t.click:2:23: error: 'n' (IPRewriter): '10.0.0.1' is not 'KEYWORD value' with one of its "
                                + "keywords; IPRewriter takes EXTERNAL, [PORTS], [IDLE], [PAIR_PREFIX] (each written 'KEYWORD value')");
    }

    @Test
    void compoundArgumentsAreCheckedAfterSubstitution() {
        assertThat(errors("elementclass L { $r | input -> RateLimiter($r) -> output } ft -> l :: L(slow) -> tt;"))
                .containsExactly("t.click:2:44: error: 'l/RateLimiter@1' (RateLimiter): RATE must be a positive "
                        + "number of packets per second, got 'slow'");
    }

    @Test
    void aTypeWhoseKeywordsTheCatalogueDoesNotKnowIsNotChecked() {
        MapPmCatalogue catalogue = MapPmCatalogue.of(
                new PmType("Old", PortCount.fixed(1), PortCount.fixed(1), 0.1, 16, "no signature"),
                new PmType(
                        "LengthFilter",
                        PortCount.fixed(1),
                        PortCount.fixed(1),
                        0.1,
                        16,
                        "deployed",
                        List.of(new Keyword("MAX", "bytes", true, "", "longest frame"))));
        String request = FRAME + "ft -> Old(ANY thing, 3) -> LengthFilter(MAX 1500) -> tt;";
        assertThat(AllocationLanguage.check("t.click", request, catalogue).errorText())
                .isEmpty();
        assertThat(AllocationLanguage.check("t.click", request.replace("MAX 1500", "MAX big"), catalogue)
                        .errorText())
                .contains("'LengthFilter@2' (LengthFilter): MAX must be a whole number of bytes, got 'big'");
    }

    /** The requests README.md, docs/ and examples/ show: none is refused for its configurations. */
    @Test
    void everyDocumentedRequestPassesTheConfigurationCheck() throws IOException {
        List<String> requests = documentedRequests();
        assertThat(requests).hasSizeGreaterThanOrEqualTo(3);
        for (String request : requests) {
            assertThat(AllocationLanguage.check("doc.click", request).diagnostics())
                    .as(request)
                    .map(Diagnostic::format)
                    .noneMatch(line -> CONFIGURATION_MESSAGE.matcher(line).find());
        }
    }

    /** The examples/*.click files, and every fenced block of README.md and docs/*.md that uses FromNet. */
    private static List<String> documentedRequests() throws IOException {
        Path repository = Path.of("..");
        List<String> requests = new ArrayList<>();
        try (Stream<Path> examples = Files.list(repository.resolve("examples"))) {
            for (Path file :
                    examples.filter(p -> p.toString().endsWith(".click")).toList()) {
                requests.add(Files.readString(file));
            }
        }
        List<Path> pages = new ArrayList<>(List.of(repository.resolve("README.md")));
        try (Stream<Path> docs = Files.list(repository.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        Pattern fenced = Pattern.compile("```[a-z]*\\n(.*?)```", Pattern.DOTALL);
        for (Path page : pages) {
            Matcher block = fenced.matcher(Files.readString(page));
            while (block.find()) {
                if (block.group(1).contains("FromNet(")) {
                    requests.add(block.group(1));
                }
            }
        }
        return requests;
    }
}
