"""bin/e2e's healing checks on the running platform: a PM killed with SIGKILL, and a PM over its memory limit.

    ALLOC=<id> python3 bin/e2e_heal.py kill-pm   # the allocation's counter PM is killed; it must come back
    python3 bin/e2e_heal.py memory-hog           # deploys MemoryHog, overloads it, checks the OOM kill heals
"""
import json, os, signal, subprocess, sys, time
sys.path.insert(0, "bin")
from e2e_platform import daemon, env, module_hosts, tenant, wait

alice = daemon("http://127.0.0.1:7100/RPC2", tenant)


def pm_of(alloc, suffix):
    """(host url, PM struct) of the allocation's PM whose instance name ends in -<suffix>."""
    for h in module_hosts():
        for pm in daemon(h["url"]).list_pms()["value"]:
            if pm["name"] == "a%d-%s" % (alloc, suffix):
                return h["url"], pm
    raise SystemExit("e2e: allocation %d has no PM %s" % (alloc, suffix))


def await_restarted(alloc, instance):
    """Waits until the allocation is active again with its PM restarted; returns its reason."""
    def restarted():
        v = alice.get_allocation(alloc)["value"]
        return v["state"] == "active" and "restarted PMs [%s]" % instance in v["reason"]
    wait("allocation %d restarted PM %s" % (alloc, instance), restarted, 60)
    return alice.get_allocation(alloc)["value"]["reason"]


def kill_pm():
    alloc = int(os.environ["ALLOC"])
    url, pm = pm_of(alloc, "count")
    os.kill(pm["pid"], signal.SIGKILL)
    print("e2e: killed PM %s (pid %d) with SIGKILL" % (pm["name"], pm["pid"]))
    reason = await_restarted(alloc, pm["name"])
    print("e2e: allocation %d: %s" % (alloc, reason))
    _, again = pm_of(alloc, "count")
    if again["pid"] == pm["pid"] or again["state"] != "running" or "SIGKILL" not in reason:
        raise SystemExit("e2e: PM %s was not restarted as a new process (%s)" % (pm["name"], again))


HOG = '''
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import org.flowstream.modulehost.runtime.Element;
import org.flowstream.modulehost.runtime.Packet;

/** MemoryHog(): a test element that keeps 16 MiB of native memory (beyond the JVM's heap cap) for every packet. */
public class MemoryHog extends Element {
    private final List<Object> kept = new ArrayList<>();

    @Override
    public void push(int port, Packet packet) {
        kept.add(Arena.global().allocate(16 << 20).fill((byte) 1));
        output(0, packet);
    }
}
'''

REQUEST = '''BASESYS=linux.netns
from_h1 :: FromNet("ip,nw_src=10.10.1.1,nw_dst=10.10.1.2", IONODE h1)
hog :: MemoryHog
to_h2 :: ToNet(h2)
Placement(MEMORY hog 128)
from_h1 -> hog -> to_h2
'''


def send(count, port=5000):
    """h1 sends count datagrams to h2; returns how many arrived."""
    rx = subprocess.Popen(["ip", "netns", "exec", "fs-h2", "python3", "examples/udp.py", "receive", str(port), "3"],
                          stdout=subprocess.PIPE, text=True)
    time.sleep(1)
    subprocess.run(["ip", "netns", "exec", "fs-h1", "python3", "examples/udp.py", "send", "10.10.1.2", str(port), str(count)], check=True)
    return int(rx.communicate()[0].strip() or 0)


def memory_hog():
    open("run/MemoryHog.java", "w").write(HOG)
    open("run/memory-hog.click", "w").write(REQUEST)
    as_operator = dict(os.environ, FLOWSTREAM_USER=env["FLOWSTREAM_OPERATOR"], FLOWSTREAM_PASSWORD=env["FLOWSTREAM_OPERATOR_PASSWORD"])
    subprocess.run(["bin/flowstream", "deploy-pm", "MemoryHog", "run/MemoryHog.java"], check=True, env=as_operator)
    out = subprocess.run(["bin/flowstream", "submit", "run/memory-hog.click", "--json"], check=True, capture_output=True, text=True).stdout
    alloc = json.loads(out)["value"]["id"]
    _, pm = pm_of(alloc, "hog")
    print("e2e: MemoryHog PM %s runs with limits %s; sending 30 datagrams" % (pm["name"], pm.get("limits")))
    send(30)
    reason = await_restarted(alloc, pm["name"])
    print("e2e: allocation %d: %s" % (alloc, reason))
    if "OOM killer" not in reason:
        raise SystemExit("e2e: the reason does not say the OOM killer stopped it")
    arrived = send(2)
    print("e2e: after the restart, h2 received %d of 2 datagrams through the new MemoryHog PM" % arrived)
    subprocess.run(["bin/flowstream", "delete", str(alloc)], check=True, stdout=subprocess.DEVNULL)
    if arrived != 2:
        raise SystemExit(1)


{"kill-pm": kill_pm, "memory-hog": memory_hog}[sys.argv[1]]()
