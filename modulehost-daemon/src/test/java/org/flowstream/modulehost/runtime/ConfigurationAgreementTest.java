package org.flowstream.modulehost.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.flowstream.contracts.click.ClickArguments;
import org.flowstream.contracts.click.diag.Diagnostic;
import org.flowstream.lang.AllocationLanguage;
import org.junit.jupiter.api.Test;

/**
 * {@code lang check} refuses exactly the configurations the elements' own {@code configure} refuses, for the
 * keyword, positional and typed arguments their signatures declare: each configuration below goes to the real
 * element class and to the language's check, and both must accept it or both refuse it.
 */
class ConfigurationAgreementTest {

    /** What every configuration message of the check carries: the element's class in parentheses. */
    private static final Pattern CONFIGURATION_MESSAGE = Pattern.compile("'e' \\(\\w+\\)(:| needs)");

    private static final List<String> CASES = List.of(
            "Counter()",
            "Counter(NOSUCH 3)",
            "Counter(3)",
            "Null(x)",
            "Discard(NOSUCH 1)",
            "Mirror()",
            "Mirror(2)",
            "Tee()",
            "Tee(3)",
            "Tee(64)",
            "Tee(65)",
            "Tee(0)",
            "Tee(x)",
            "Tee(N 3)",
            "Tee(2, 3)",
            "RateLimiter(100)",
            "RateLimiter(100, 20)",
            "RateLimiter(1e3)",
            "RateLimiter(100pps)",
            "RateLimiter(RATE 100)",
            "RateLimiter()",
            "RateLimiter(fast)",
            "RateLimiter(0)",
            "RateLimiter(-5)",
            "RateLimiter(100, 20, 3)",
            "PrefixSampler(24)",
            "PrefixSampler(24, 10)",
            "PrefixSampler(16, 1, dst)",
            "PrefixSampler(33)",
            "PrefixSampler(24, 0)",
            "PrefixSampler(24, 100, both)",
            "PrefixSampler()",
            "PrefixSampler(BITS 24)",
            "PrefixSampler(24, 10, src, 4)",
            "IPFilter(allow all)",
            "IPFilter(deny tcp dst port 22, allow all)",
            "IPFilter()",
            "Classifier(12/0800, -)",
            "Classifier()",
            "IPRewriter(EXTERNAL 10.0.0.1)",
            "IPRewriter(EXTERNAL 10.0.0.0/24, PORTS 100-200, IDLE 60)",
            "IPRewriter(external 10.0.0.1, ports 80)",
            "IPRewriter()",
            "IPRewriter(PORTS 100-200)",
            "IPRewriter(EXTERNAL 10.0.0.0/16)",
            "IPRewriter(EXTERNAL 10.0.0.1/24)",
            "IPRewriter(EXTERNAL ten)",
            "IPRewriter(EXTERNAL 10.0.0.1, PORTS 0-10)",
            "IPRewriter(EXTERNAL 10.0.0.1, PORTS 200-100)",
            "IPRewriter(EXTERNAL 10.0.0.1, PORTS 1-70000)",
            "IPRewriter(EXTERNAL 10.0.0.1, IDLE 0)",
            "IPRewriter(EXTERNAL 10.0.0.1, IDLE x)",
            "IPRewriter(EXTERNAL 10.0.0.1, NOSUCH 3)",
            "IPRewriter(EXTERNAL 10.0.0.0/31, PAIR_PREFIX 25)",
            "IPRewriter(EXTERNAL 10.0.0.0/31, PAIR_PREFIX 33)",
            "IPRewriter(EXTERNAL 10.0.0.0/31, PAIR_PREFIX x)",
            "IPRewriter(10.0.0.1)",
            "IPRewriter(EXTERNAL)",
            "TcpTracker()",
            "TcpTracker(IDLE 60)",
            "TcpTracker(IDLE 0)",
            "TcpTracker(IDLE x)",
            "TcpTracker(60)",
            "TcpTracker(NOSUCH 1)");

    @Test
    void theCheckAndTheElementAcceptTheSameConfigurations() throws Exception {
        for (String declaration : CASES) {
            assertThat(checkAccepts(declaration))
                    .as("lang check accepting %s", declaration)
                    .isEqualTo(runtimeAccepts(declaration));
        }
    }

    private static boolean runtimeAccepts(String declaration) throws Exception {
        String className = declaration.substring(0, declaration.indexOf('('));
        String config = declaration.substring(className.length() + 1, declaration.length() - 1);
        Element element = ElementRegistry.builtIns()
                .get(className)
                .getDeclaredConstructor()
                .newInstance();
        try {
            element.applyConfiguration(ClickArguments.values(config), new FakeDevices().context());
            return true;
        } catch (ConfigException e) {
            return false;
        }
    }

    /** Whether the check has nothing to say about e's configuration (its ports may be left unconnected). */
    private static boolean checkAccepts(String declaration) {
        String request = "ft :: FromNet(ip); tt :: ToNet(tun1); ft -> e :: " + declaration + " -> tt;";
        return AllocationLanguage.check("t.click", request).diagnostics().stream()
                .map(Diagnostic::format)
                .noneMatch(line -> CONFIGURATION_MESSAGE.matcher(line).find());
    }

    @Test
    void theElementRefusesInTheChecksWords() throws Exception {
        Element tee = new org.flowstream.modulehost.elements.Tee();
        String runtime = "";
        try {
            tee.applyConfiguration(List.of("65"), new FakeDevices().context());
        } catch (ConfigException e) {
            runtime = e.getMessage();
        }
        String check = AllocationLanguage.check(
                        "t.click", "ft :: FromNet(ip); tt :: ToNet(tun1); ft -> e :: Tee(65) -> tt;")
                .diagnostics()
                .get(0)
                .message();

        assertThat(runtime).isEqualTo("Tee: N must be a whole number from 1 to 64, got '65'");
        assertThat(check).isEqualTo("'e' (Tee): N must be a whole number from 1 to 64, got '65'");
    }
}
