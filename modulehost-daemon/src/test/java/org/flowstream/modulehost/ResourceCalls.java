package org.flowstream.modulehost;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the stand-in resource daemon's commands received (they call {@link #record} from their sources). */
public final class ResourceCalls {

    public record Call(String method, Map<?, ?> param) {}

    public static final List<Call> CALLS = new CopyOnWriteArrayList<>();

    private ResourceCalls() {}

    public static void record(String method, Object param) {
        CALLS.add(new Call(method, param instanceof Map<?, ?> m ? m : Map.of("value", String.valueOf(param))));
    }

    /** The recorder command source for the resource daemon's method {@code method} (class {@code className}). */
    static String recorder(String className, String method) {
        return """
                package org.flowstream.tasks.test;
                import org.flowstream.common.rpc.ReturnValue;
                import org.flowstream.common.task.CallContext;
                import org.flowstream.common.task.Command;
                public class %s implements Command {
                    @Override
                    public ReturnValue run(Object param, CallContext context) {
                        org.flowstream.modulehost.ResourceCalls.record("%s", param);
                        return ReturnValue.success();
                    }
                }
                """.formatted(className, method);
    }
}
