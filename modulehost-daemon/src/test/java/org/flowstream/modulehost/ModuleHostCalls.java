package org.flowstream.modulehost;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;

/** What the tests of a module host daemon ask it over XML-RPC, and read from its answers. */
final class ModuleHostCalls {

    private ModuleHostCalls() {}

    /** create_pm with this struct; the PM struct it answers (the test fails, saying why, if it refuses). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> createPm(DaemonClient client, Map<String, Object> pm) {
        ReturnValue answer = client.call("create_pm", pm);
        assertThat(answer.isSuccess()).as(answer.message()).isTrue();
        return (Map<String, Object>) answer.value();
    }

    /** The PM of this name as list_pms shows it, or null. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> listed(DaemonClient client, String name) {
        for (Object o : (Object[]) client.call("list_pms").value()) {
            if (((Map<String, Object>) o).get("name").equals(name)) {
                return (Map<String, Object>) o;
            }
        }
        return null;
    }

    /** The OpenFlow port number of a PM's port ("p0", ...), from its PM struct. */
    static int ofport(Map<String, Object> pm, String port) {
        for (Object p : (Object[]) pm.get("ports")) {
            if (((Map<?, ?>) p).get("name").equals(port)) {
                return (Integer) ((Map<?, ?>) p).get("ofport");
            }
        }
        throw new AssertionError(pm.get("name") + " has no port " + port);
    }
}
