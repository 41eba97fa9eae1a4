package org.flowstream.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.flowstream.common.rpc.DaemonClient;
import org.flowstream.common.rpc.ReturnValue;
import org.flowstream.resource.bench.StandInHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated bad input over real XML-RPC against a running resource daemon (module hosts and switch are
 * recording stand-ins, so that any call reaching them shows). Every method that system.listMethods names
 * gets wrong types, missing and extra parameters, structs with missing and unknown fields, huge and negative
 * numbers and empty strings; install_allocation and check_allocation get seeded mutations of a valid request.
 * Each answer must be a refusal in words (code 1, no Java class name, no "Exception", no stack frame) and the
 * platform must be exactly as it was: the same allocations and hosts, no PM started, no rule sent, no id used.
 * One daemon serves every test (starting one takes seconds); each test compares the state it began with.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    /** What a message must never contain: Java class names, stack frames, package names. */
    private static final Pattern JAVA_LEAK = Pattern.compile(
            "[A-Z][A-Za-z]*(Exception|Error)\\b|\\bException\\b|\\bjava\\.|\\bjavax\\.|\\borg\\.(flowstream|apache)\\.|\\.java:\\d+|\\bat [\\w.$]+\\(");

    /**
     * Methods whose parameters, if any, are free: ping echoes any value, and the listings take none (extra
     * parameters are ignored, as XML-RPC servers commonly do). Every other method must refuse the generated
     * input. A method the daemon serves that is in neither set fails the test until someone classifies it.
     */
    private static final Set<String> ANY_PARAMETERS = Set.of(
            "ping",
            "list_allocations",
            "get_pm_info",
            "list_hosts",
            "get_platform_stats",
            "list_tenants",
            "list_tasks",
            "system.listMethods",
            "system.methodHelp",
            "system.methodSignature");

    private static final Set<String> TYPED = Set.of(
            "install_allocation",
            "check_allocation",
            "delete_allocation",
            "get_allocation",
            "await_allocation",
            "deploy_pm",
            "create_pm",
            "delete_pm",
            "create_connections",
            "delete_connections",
            "register_host",
            "host_heartbeat",
            "pm_failed",
            "report_stats",
            "add_tenant",
            "remove_tenant",
            "get_flow_stats",
            "run_command",
            "run_task",
            "get_task_result",
            "upgrade",
            "compound",
            "pause_installs",
            "migrate_flows",
            "scale_group");

    @TempDir
    static Path dir;

    final RecordingGateways gateways = new RecordingGateways();
    ResourceDaemon daemon;
    DaemonClient operator;
    DaemonClient alice;
    int installed;
    /** The last allocation id any test used: the next install must get the one after it. */
    int lastId;

    @BeforeAll
    void start() throws Exception {
        daemon = ResourceDaemonTest.startDaemon(dir, gateways, Map.of("hostTimeoutSeconds", 3600));
        operator = new DaemonClient(daemon.url(), "op", "op-pw", 30_000);
        alice = new DaemonClient(daemon.url(), "alice", "alice-pw", 30_000);
        ResourceDaemonTest.registerHost(operator, "mh1", 4, 4096);
        ReturnValue accepted = alice.call("install_allocation", StandInHost.REQUEST);
        installed = (Integer) accepted.value();
        assertThat(ResourceFixture.settle(alice, installed).isSuccess()).isTrue();
        lastId = installed;
    }

    @AfterAll
    void stop() {
        daemon.stop();
    }

    @Test
    void everyMethodRefusesGeneratedBadParametersInWordsAndChangesNothing() throws Exception {
        String before = state();
        List<String> methods = Arrays.stream((Object[]) operator.invoke("system.listMethods"))
                .map(String::valueOf)
                .toList();
        assertThat(methods).contains("install_allocation", "delete_allocation", "check_allocation");
        Random random = new Random(18);
        int refusals = 0;
        for (String method : methods) {
            assertThat(ANY_PARAMETERS.contains(method) || TYPED.contains(method))
                    .as("classify the new method " + method)
                    .isTrue();
            for (List<Object> params : parameterLists(random)) {
                for (DaemonClient caller : List.of(operator, alice)) {
                    ReturnValue answer = answer(caller, method, params);
                    if (addedATenantByName(method, params, answer)) {
                        operator.call("remove_tenant", params.get(0)); // a valid call by design; undone so state stays
                    } else if (TYPED.contains(method) && !emptyButValid(method, params)) {
                        assertClearRefusal(method, params, answer);
                        refusals++;
                    } else if (answer.isFailure()) {
                        assertClearRefusal(method, params, answer);
                    }
                }
            }
        }
        assertThat(refusals).isGreaterThan(800);
        assertThat(state()).isEqualTo(before);
        assertNextIdIsUnused();
    }

    @Test
    void mutatedRequestsAreRefusedAlikeByCheckAndInstallAndChangeNothing() throws Exception {
        String before = state();
        Random random = new Random(1818);
        List<String> valid = List.of(StandInHost.REQUEST, """
                // two sources into one firewall
                a :: FromNet("udp,nw_src=10.9.0.0/16,tp_dst=53", IONODE net0)
                b :: FromNet("tcp,nw_dst=10.9.1.1,tp_dst=80", IONODE net1)
                fw :: IPFilter(allow all)
                out :: ToNet(net1, net0)
                a -> fw; b -> fw; fw -> Counter -> out
                """);
        int refused = 0;
        for (int i = 0; i < 240; i++) {
            String mutant = TextMutator.mutate(valid.get(i % valid.size()), random);
            ReturnValue checked = alice.call("check_allocation", mutant);
            if (checked.isSuccess()) {
                continue; // a mutation can leave a valid request (a dropped comment word, say); nothing to refuse
            }
            assertClearRefusal("check_allocation", List.of(mutant), checked);
            ReturnValue install = alice.call("install_allocation", mutant);
            assertClearRefusal("install_allocation", List.of(mutant), install);
            assertThat(install.message()).as("install refuses as check did").isEqualTo(checked.message());
            refused++;
        }
        assertThat(refused).isGreaterThan(120);
        assertThat(state()).isEqualTo(before);
        assertNextIdIsUnused();
    }

    @Test
    void requestsKnowablyWrongArePlatformChecksRefusedUpFrontWithTheirPlace() throws Exception {
        String before = state();
        ReturnValue unknownIoNodes = alice.call("install_allocation", """
                ft :: FromNet("ip,nw_src=10.10.1.1,nw_dst=10.10.1.2", IONODE h1)
                tt :: ToNet(nosuch)
                ft -> Counter -> tt
                """);
        assertThat(unknownIoNodes.code()).isEqualTo(ReturnValue.CODE_FAILURE);
        assertThat(unknownIoNodes.message())
                .contains(
                        "allocation:1:55: error: FromNet 'ft': this platform has no I/O node 'h1'; it has net0, net1",
                        "allocation:2:13: error: ToNet 'tt': this platform has no I/O node 'nosuch'; it has net0, net1");
        ReturnValue unknownType = alice.call("install_allocation", StandInHost.REQUEST.replace("Counter", "Countr"));
        assertThat(unknownType.message())
                .contains("allocation:4:6: error: unknown element class 'Countr'", "(did you mean 'Counter'?)");
        ReturnValue inPort =
                alice.call("install_allocation", StandInHost.REQUEST.replace("ip,nw_src", "ip,in_port=7,nw_src"));
        assertThat(inPort.message()).contains("leave in_port out of the match");

        String overlapping = StandInHost.REQUEST.replace("nw_src=10.0.0.1", "nw_src=10.0.0.0/24");
        ReturnValue mine = alice.call("install_allocation", overlapping);
        assertThat(mine.message())
                .contains(
                        "allocation:2:15: error: FromNet 'ft' (ip,nw_src=10.0.0.0/24) overlaps traffic that your allocation "
                                + installed + " (FromNet 'ft': ip,nw_src=10.0.0.1) already captures on I/O node net0");
        DaemonClient bob = new DaemonClient(daemon.url(), "bob", "bob-pw", 30_000);
        ReturnValue theirs = bob.call("install_allocation", overlapping);
        assertThat(theirs.message())
                .contains("overlaps traffic that another tenant's allocation already captures on I/O node net0")
                .doesNotContain("10.0.0.1")
                .doesNotContain("alice");
        assertThat(bob.call("check_allocation", overlapping).message()).isEqualTo(theirs.message());
        assertThat(state()).isEqualTo(before);
        assertNextIdIsUnused();
        ReturnValue disjoint =
                bob.call("install_allocation", overlapping.replace("nw_src=10.0.0.0/24", "nw_src=10.0.1.0/24"));
        assertThat(disjoint.isNotReady()).as("disjoint traffic is accepted").isTrue();
        lastId = (Integer) disjoint.value();
        ResourceFixture.settle(bob, lastId);
    }

    @Test
    void configurationsTheElementsSignatureDoesNotAllowAreRefusedUpFrontByCheckAndInstall() throws Exception {
        String before = state();
        String unknownKeyword = StandInHost.distinctRequest().replace("c :: Counter", "c :: Counter(NOSUCH 3)");
        String missingRule =
                StandInHost.distinctRequest().replace("IPFilter(deny tcp dst port 22, allow all)", "IPFilter()");
        for (String method : List.of("check_allocation", "install_allocation")) {
            ReturnValue unknown = alice.call(method, unknownKeyword);
            assertClearRefusal(method, List.of(unknownKeyword), unknown);
            assertThat(unknown.message())
                    .contains("allocation:4:14: error: 'c' (Counter): it has no keyword 'NOSUCH'; "
                            + "Counter takes no configuration");
            ReturnValue missing = alice.call(method, missingRule);
            assertClearRefusal(method, List.of(missingRule), missing);
            assertThat(missing.message())
                    .contains("allocation:3:1: error: 'fw' (IPFilter) needs RULE...; IPFilter takes RULE... "
                            + "(values alone, in this order)");
        }
        assertThat(state()).isEqualTo(before);
        assertNextIdIsUnused();
    }

    @Test
    void scalingGroupsOfAnythingButAPairedNatAreRefusedUpFront() throws Exception {
        String before = state();
        String unknownPm = "GROUP=cc 1-2\n" + StandInHost.distinctRequest();
        String filterGroup = "GROUP=fw 1-3 SCALE_OUT 0.9\n" + StandInHost.distinctRequest();
        for (String method : List.of("check_allocation", "install_allocation")) {
            ReturnValue unknown = alice.call(method, unknownPm);
            assertClearRefusal(method, List.of(unknownPm), unknown);
            assertThat(unknown.message())
                    .contains(
                            "allocation:1:1: error: GROUP names 'cc', which is not a PM of this request; its PMs: c, fw");
            ReturnValue notRun = alice.call(method, filterGroup);
            assertClearRefusal(method, List.of(filterGroup), notRun);
            assertThat(notRun.message())
                    .contains("GROUP=fw 1-3 SCALE_OUT 0.9: fw is a ")
                    .contains("only an IPRewriter (a NAT, whose traffic splits by inside prefix) can run as a group");
        }
        assertThat(state()).isEqualTo(before);
        assertNextIdIsUnused();
    }

    @Test
    void deleteSaysWhetherAnAllocationIsAlreadyDeletedOrDoesNotExist() throws Exception {
        int mine = (Integer)
                alice.call("install_allocation", StandInHost.distinctRequest()).value();
        lastId = mine;
        ResourceFixture.settle(alice, mine);
        assertThat(alice.call("delete_allocation", mine).isNotReady()).isTrue();
        assertThat(ResourceFixture.settle(alice, mine).message()).contains("deleted");
        ReturnValue again = alice.call("delete_allocation", mine);
        assertThat(again.isSuccess()).isTrue();
        assertThat(again.message()).isEqualTo("allocation %d is already deleted; nothing to do".formatted(mine));
        assertThat(alice.call("delete_allocation", 999).message())
                .isEqualTo("no such allocation: 999; list_allocations shows yours");
        DaemonClient bob = new DaemonClient(daemon.url(), "bob", "bob-pw", 30_000);
        assertThat(bob.call("delete_allocation", mine).message())
                .as("another tenant's allocation does not exist for bob")
                .isEqualTo("no such allocation: %d; list_allocations shows yours".formatted(mine));
    }

    /**
     * Input that looks bad but is valid by design: an empty compound, upgrade or pause_installs does nothing. (A report_stats
     * summary is read by its contract record, so a struct without its fields is refused like any other.)
     */
    private static boolean emptyButValid(String method, List<Object> params) {
        if (params.size() != 1) {
            return false;
        }
        Object only = params.get(0);
        boolean empty = List.of().equals(only) || Map.of().equals(only);
        return (method.equals("compound") || method.equals("upgrade") || method.equals("pause_installs")) && empty;
    }

    /**
     * add_tenant(name) with nothing else is valid by design (the password is generated, the quota the default):
     * a generated plain string can be a fine tenant name. Only that shape may succeed, and only for an operator.
     */
    private static boolean addedATenantByName(String method, List<Object> params, ReturnValue answer) {
        return method.equals("add_tenant")
                && answer.isSuccess()
                && params.size() == 1
                && params.get(0) instanceof String;
    }

    /**
     * The call's answer: the ReturnValue (for a task, the one get_task_result reports when it has run), or the
     * refusal the client made of an XML-RPC fault.
     */
    private static ReturnValue answer(DaemonClient caller, String method, List<Object> params)
            throws InterruptedException {
        Object raw = caller.invoke(method, params.toArray());
        ReturnValue answer = raw instanceof Map<?, ?> struct && struct.containsKey("code")
                ? ReturnValue.fromStruct(raw)
                : ReturnValue.success("", raw);
        if (answer.isNotReady() && answer.message().contains("get_task_result")) {
            for (int i = 0; i < 3000 && answer.isNotReady(); i++) {
                Thread.sleep(2);
                answer = caller.call("get_task_result", answer.value());
            }
        }
        return answer;
    }

    private static void assertClearRefusal(String method, List<Object> params, ReturnValue answer) {
        String call = method + shortly(params);
        assertThat(answer.code()).as(call + " answered " + answer.message()).isEqualTo(ReturnValue.CODE_FAILURE);
        assertThat(answer.message()).as(call).isNotBlank();
        assertThat(JAVA_LEAK.matcher(answer.message()).find())
                .as(call + " answered " + answer.message())
                .isFalse();
    }

    private static String shortly(List<Object> params) {
        String text = params.stream()
                .map(p -> p instanceof Object[] a ? Arrays.deepToString(a) : String.valueOf(p))
                .toList()
                .toString();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    /**
     * Parameter lists: none; each bad value alone; then random lists of one to four bad values. Values: wrong
     * types, empty and blank strings, huge and negative numbers, empty structs, structs with unknown fields or
     * with the usual fields empty or of the wrong type, nested arrays, base64 and dateTime.
     */
    private static List<List<Object>> parameterLists(Random random) {
        List<Object> values = badValues();
        List<List<Object>> lists = new ArrayList<>();
        lists.add(List.of());
        values.forEach(v -> lists.add(List.of(v)));
        for (int i = 0; i < 12; i++) {
            List<Object> params = new ArrayList<>();
            for (int n = 1 + random.nextInt(4); n > 0; n--) {
                params.add(values.get(random.nextInt(values.size())));
            }
            lists.add(params);
        }
        return lists;
    }

    private static List<Object> badValues() {
        Map<String, Object> wrongTypes = new LinkedHashMap<>();
        for (String field :
                List.of("name", "host", "url", "cpu_cores", "memory_mb", "alloc_id", "pm", "instance", "load")) {
            wrongTypes.put(field, List.of(-1));
        }
        return List.of(
                "",
                " ",
                "nosuch",
                "../../etc/passwd",
                "\u2603\u00e9",
                "9".repeat(40),
                "x".repeat(100_000),
                0,
                -1,
                4321,
                Integer.MIN_VALUE,
                Integer.MAX_VALUE,
                -1e308,
                1e308,
                true,
                Map.of(),
                Map.of("bogus", 1),
                Map.of(
                        "name",
                        "",
                        "host",
                        "",
                        "url",
                        "",
                        "alloc_id",
                        -1,
                        "cpu_cores",
                        -1e308,
                        "memory_mb",
                        Integer.MIN_VALUE),
                wrongTypes,
                List.of(),
                List.of(List.of(), Map.of()),
                new byte[] {0, 1, 2},
                new Date(0));
    }

    /** What must not change: allocations, hosts, tenants, calls that reached module hosts and switch. */
    private String state() {
        Map<String, Object> state = new TreeMap<>();
        state.put("tenants", deep(operator.call("list_tenants").value()));
        state.put("allocations", deep(operator.call("list_allocations").value()));
        state.put("allocation", deep(operator.call("get_allocation", installed).value()));
        state.put("hosts", deep(operator.call("list_hosts").value()));
        state.put("gateway calls", List.copyOf(gateways.log));
        return state.toString();
    }

    /** XML-RPC values in a form whose toString shows every nested value (arrays arrive as Object[]). */
    private static Object deep(Object value) {
        if (value instanceof Object[] array) {
            return Arrays.stream(array).map(BadInputTest::deep).toList();
        }
        if (value instanceof Map<?, ?> struct) {
            Map<String, Object> sorted = new TreeMap<>();
            struct.forEach((k, v) -> sorted.put(String.valueOf(k), deep(v)));
            return sorted;
        }
        return value;
    }

    /** Allocation ids come from the store in order: the next valid request gets the id after the last one, so nothing was stored. */
    private void assertNextIdIsUnused() throws InterruptedException {
        ReturnValue next = alice.call("install_allocation", StandInHost.distinctRequest());
        assertThat(next.value()).as(next.message()).isEqualTo(lastId + 1);
        lastId = (Integer) next.value();
        ResourceFixture.settle(alice, lastId);
        alice.call("delete_allocation", lastId); // within alice's quota for the next test
        ResourceFixture.settle(alice, lastId);
    }
}
