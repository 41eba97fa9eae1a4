package org.flowstream.modulehost.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.flowstream.common.hotpatch.SourceCompiler;
import org.flowstream.contracts.element.ElementConfiguration;
import org.flowstream.contracts.element.ElementSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signature a deployed class is stored with, compiled by the real deployer: the platform checks requests of
 * that type against it (resource daemon), so a class written before signatures must not have its arguments
 * refused there, since its own configure(List) reads them.
 */
class DeployedSignatureTest {

    private static final String WITHOUT_SIGNATURE = """
            import java.util.List;
            import org.flowstream.modulehost.runtime.ConfigException;
            import org.flowstream.modulehost.runtime.Element;
            import org.flowstream.modulehost.runtime.Packet;
            import org.flowstream.modulehost.runtime.RuntimeContext;

            public class OldStyle extends Element {
                @Override
                @SuppressWarnings("deprecation")
                public void configure(List<String> args, RuntimeContext context) throws ConfigException {}

                @Override
                public void push(int port, Packet packet) {
                    output(0, packet);
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void aClassWithoutSignatureIsStoredAsTakingAnyArguments() throws Exception {
        ElementDeployer.Result result =
                new ElementDeployer(dir, new SourceCompiler()).deploy("OldStyle", WITHOUT_SIGNATURE);
        assertThat(result.errors()).isEmpty();

        Map<?, ?> struct = new ObjectMapper()
                .readValue(
                        result.version().resolve(ElementDeployer.SIGNATURE_FILE).toFile(), Map.class);
        ElementSignature stored = ElementSignature.fromStruct(struct);

        assertThat(stored.keywords()).containsExactly(DeployedSignature.ANY_ARGUMENTS);
        assertThat(ElementConfiguration.read(stored, List.of("anything", "KEY value"))
                        .problems())
                .isEmpty();
    }
}
