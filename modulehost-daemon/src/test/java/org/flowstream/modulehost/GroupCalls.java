package org.flowstream.modulehost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flowstream.common.testing.Eventually.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flowstream.common.auth.Role;
import org.flowstream.common.auth.UserAccount;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.common.testing.TestDaemon;
import org.flowstream.monitoring.MonitoringDaemon;

/** What the group tests ask of a {@link NatPlatform}'s resource daemon about a scaling group. */
final class GroupCalls {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GroupCalls() {}

    /** A monitoring daemon polling the platform every 500 ms and reporting to its resource daemon as often. */
    static MonitoringDaemon monitoring(NatPlatform nat) throws Exception {
        return ControllerDaemons.monitoring(
                nat.dir.resolve("monitoring-state"),
                List.of(new UserAccount(TestDaemon.OPERATOR, TestDaemon.OPERATOR_PASSWORD, Role.OPERATOR)),
                nat.resource,
                nat.openflow,
                500,
                500);
    }

    /** Stops what {@link #monitoring} and the platform started (either may be null: its start failed). */
    static void stop(MonitoringDaemon monitoring, NatPlatform nat) {
        if (monitoring != null) {
            monitoring.stop();
        }
        if (nat != null) {
            nat.close();
        }
    }

    /**
     * scale_group as an operator; waits for the change's task and prints what it answered (figures), under {@code
     * test}'s name.
     */
    static ReturnValue scale(NatPlatform nat, int allocId, String direction, String test) throws Exception {
        ReturnValue queued = nat.operator.call("scale_group", allocId, direction);
        assertThat(queued.isNotReady()).as(queued.message()).isTrue();
        ReturnValue result = await(
                "the scale-" + direction + " ends",
                () -> nat.operator.call("get_task_result", queued.value()),
                r -> !r.isNotReady());
        System.out.println(test + ": scale " + direction + ": " + result.message() + " "
                + JSON.writeValueAsString(result.value()));
        return result;
    }

    /** get_allocation's group: each member's units, sorted. */
    @SuppressWarnings("unchecked")
    static Map<String, List<String>> units(NatPlatform nat, int allocId) {
        Map<String, List<String>> units = new TreeMap<>();
        for (Object m : (Object[]) group(nat, allocId).get("members")) {
            Map<String, Object> member = (Map<String, Object>) m;
            units.put(
                    (String) member.get("instance"),
                    Arrays.stream((Object[]) member.get("units"))
                            .map(String::valueOf)
                            .sorted()
                            .toList());
        }
        return units;
    }

    /** get_allocation's group, as the tenant sees it. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> group(NatPlatform nat, int allocId) {
        return (Map<String, Object>) ((Map<String, Object>)
                        nat.tenant.call("get_allocation", allocId).value())
                .get("group");
    }
}
