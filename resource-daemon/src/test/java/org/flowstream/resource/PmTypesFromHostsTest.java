package org.flowstream.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.testing.TestDaemon;
import org.flowstream.contracts.records.Structs;
import org.flowstream.contracts.records.modulehost.PmTypeInfo;
import org.flowstream.resource.bench.StandInHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resource daemon learns a module host's PM types only from its get_pm_info, over real XML-RPC, read strictly
 * as PmTypeInfo: a register_host that carries types is refused by name, and so is a host whose get_pm_info answers a
 * renamed key, with nothing registered. PlatformContractsTest (modulehost-daemon) does the same with a real host.
 */
class PmTypesFromHostsTest {

    @TempDir
    Path dir;

    private ResourceDaemon resource;
    private TestDaemon host;

    @AfterEach
    void stop() {
        if (resource != null) {
            resource.stop();
        }
        if (host != null) {
            host.stop();
        }
    }

    private DaemonClient startWithHostAnswering(String getPmInfoCommand) throws Exception {
        host = TestDaemon.start(dir.resolve("mh"));
        host.writeTask("GetPmInfo", getPmInfoCommand);
        resource = ResourceFixture.start(ResourceFixture.config(
                dir.resolve("resource"), Map.of("ioPorts", Map.of("net1", 2)), URI.create(ResourceFixture.NOWHERE)));
        return ResourceFixture.operator(resource);
    }

    @Test
    void theTypesAndSizesAHostAnswersInGetPmInfoAreWhatTenantsSee() throws Exception {
        DaemonClient operator =
                startWithHostAnswering(StandInHost.getPmInfoCommand("org.flowstream.tasks.test", StandInHost.TINY));
        ReturnValue registered = operator.call(
                "register_host", StandInHost.registration("mh1", host.url().toString(), 4, 4096));
        assertThat(registered.isSuccess()).as(registered.message()).isTrue();

        Map<String, PmTypeInfo> offered = new LinkedHashMap<>();
        for (Object pair : (Object[]) operator.call("get_pm_info").value()) {
            PmTypeInfo info = Structs.fromStruct(((Object[]) pair)[1], PmTypeInfo.class);
            offered.put(info.type(), info);
        }
        assertThat(offered).containsOnlyKeys("Counter", "IPFilter");
        assertThat(offered.get("IPFilter").ports()).isEqualTo("1/1-");
        assertThat(offered.get("IPFilter").cpuCores()).isEqualTo(StandInHost.TINY.filterCores());
        assertThat(offered.get("Counter").memoryMb()).isEqualTo(StandInHost.TINY.counterMemoryMb());
    }

    @Test
    void aRegistrationCarryingTypesOrAGetPmInfoWithARenamedKeyIsRefusedByNameRegisteringNothing() throws Exception {
        DaemonClient operator = startWithHostAnswering("""
                package org.flowstream.tasks.test;
                import java.util.*;
                import org.flowstream.common.rpc.ReturnValue;
                import org.flowstream.common.task.*;
                import org.flowstream.contracts.records.Structs;
                import org.flowstream.resource.bench.StandInHost;
                public class GetPmInfo implements Command {
                    public ReturnValue run(Object param, CallContext context) {
                        List<Object> answer = new ArrayList<>();
                        for (List<Object> entry : StandInHost.pmInfo(StandInHost.TINY)) {
                            Map<String, Object> info = new LinkedHashMap<>(Structs.toStruct(entry.get(1)));
                            info.put("is_deployed", info.remove("deployed"));
                            answer.add(List.of(entry.get(0), info));
                        }
                        return ReturnValue.success(answer);
                    }
                }
                """);
        Map<String, Object> withTypes =
                new LinkedHashMap<>(StandInHost.registration("mh1", host.url().toString(), 4, 4096));
        withTypes.put("pm_types", new Object[] {Map.of("name", "Counter")});
        ReturnValue carried = operator.call("register_host", withTypes);
        assertThat(carried.isFailure()).isTrue();
        assertThat(carried.message()).contains("register_host's host: unknown field 'pm_types'");

        ReturnValue renamed = operator.call(
                "register_host", StandInHost.registration("mh1", host.url().toString(), 4, 4096));
        assertThat(renamed.isFailure()).isTrue();
        assertThat(renamed.message())
                .contains("a get_pm_info entry")
                .containsPattern("'(is_)?deployed'")
                .doesNotContain("Exception");

        assertThat((Object[]) operator.call("list_hosts").value()).isEmpty();
        assertThat((Object[]) operator.call("get_pm_info").value()).isEmpty();
    }
}
