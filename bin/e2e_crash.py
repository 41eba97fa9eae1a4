"""bin/e2e's crash checks on the running platform, with real daemons, PMs, Open vSwitch and datagrams.

Each kills (SIGKILL) one kind of part while installs are under way, held by pause_installs at three points:
before 'start PMs' (placed, no PM yet), before 'install rules' (PMs run, no rule yet) and before 'activate'
(rules installed, not yet active). Then: every allocation that got an id ends active with datagrams flowing
through it, no other allocation exists, and no PM, rule set or PM network is left that no allocation owns (PM
networks: those the platform's module hosts claim, e2e_platform.claimed_networks).

    python3 bin/e2e_crash.py resource      # under a stream of installs from three clients as well
    python3 bin/e2e_crash.py modulehosts   # every module host daemon; surviving PMs keep their pids (adopted)
    python3 bin/e2e_crash.py openflow
    python3 bin/e2e_crash.py pm            # a PM dies after it started: before its rules are installed, and before
                                           # the install recorded it (held at 'record PMs')
    python3 bin/e2e_crash.py supervisord   # supervisord itself; up hands its daemons to a new one, no datagram lost
    python3 bin/e2e_crash.py ovs           # ovs-vswitchd; up starts it again in place, the rules come back
    python3 bin/e2e_crash.py ovsdb         # ovsdb-server and ovs-vswitchd; up starts both again on the database file
    python3 bin/e2e_crash.py migrate       # the resource daemon mid migrate_flows of a NAT with flow state, held
                                           # before 'freeze' (undone) and before 'hand over' (finished)
"""
import os, signal, subprocess, sys, threading, time
sys.path.insert(0, "bin")
from e2e_platform import (FROM_EACH_PORT, claimed_networks, daemon, module_hosts, move_rules, nat_mappings, nat_request,
                          openflow, pids, platform_pms, resource, restarted, tenant, wait, warm_slots)

alice = daemon("http://127.0.0.1:7100/RPC2", tenant)
POINTS = ["start PMs", "install rules", "activate"]   # the install steps held before, in their order
SCENARIOS = ["pm", "openflow", "modulehosts", "resource", "supervisord", "ovs", "ovsdb", "migrate"]
next_port = [6100 + 100 * SCENARIOS.index(sys.argv[1])]   # each scenario its own traffic: leftovers cannot clash


def say(*words):
    print("e2e-crash:", *words, flush=True)


def request(port):
    return ("BASESYS=linux.netns\n"
            'src :: FromNet("udp,nw_src=10.10.1.1,nw_dst=10.10.1.2,tp_dst=%d", IONODE h1)\n'
            "c :: Counter\ndst :: ToNet(h2)\nsrc -> c -> dst\n" % port)


def install(client=None):
    """install_allocation of a Counter between h1 and h2 for its own UDP port; returns (id, port)."""
    port, next_port[0] = next_port[0], next_port[0] + 1
    answer = (client or alice).install_allocation(request(port))
    if answer["code"] != -1:
        raise SystemExit("e2e-crash: install_allocation refused: " + answer["message"])
    return answer["value"], port


def hold(steps):
    """Installs hold before these steps (all of them: an install passes the ones before its own point)."""
    answer = resource.pause_installs({"steps": steps, "seconds": 240})
    if answer["code"] != 0:
        raise SystemExit("e2e-crash: pause_installs: " + answer["message"])


def asked(call, *args):
    """A call on the resource daemon, asked again while it is down (being restarted)."""
    for _ in range(600):
        try:
            return call(*args)
        except OSError:
            time.sleep(0.5)
    raise SystemExit("e2e-crash: the resource daemon did not answer for 5 minutes")


def state(alloc):
    return asked(alice.get_allocation, alloc)["value"]


def held_at_three_points():
    """Three installs, held before 'start PMs', 'install rules' and 'activate'; returns {point: (id, port)}."""
    held = {}
    for i in reversed(range(len(POINTS))):   # 'activate' first: the later one's holds must not stop it earlier
        hold(POINTS[i:])
        held[POINTS[i]] = install()
        alloc = held[POINTS[i]][0]
        wait("allocation %d is held before %s" % (alloc, POINTS[i]),
             lambda: state(alloc)["reason"] == "paused before %s (pause_installs)" % POINTS[i], 120)
    return held


def await_active(allocs, seconds=240):
    def all_active():
        states = {a: state(a) for a in allocs}
        failed = {a: v["reason"] for a, v in states.items() if v["state"] == "failed"}
        if failed:
            raise SystemExit("e2e-crash: acknowledged allocations failed: %s" % failed)
        return all(v["state"] == "active" for v in states.values())
    wait("allocations %s are active" % sorted(allocs), all_active, seconds)


def pm_pids():
    """PM instance -> pid, of every PM on the module hosts that are up."""
    return {pm["name"]: pm["pid"] for h in module_hosts() if h["up"] for pm in daemon(h["url"]).list_pms()["value"]}


# Sends argv[2] datagrams to each port argv[3:] of host argv[1], from one process: starting one sender per port
# took longer under load than the receivers listened (a run saw 20, 20, 20, 20, 20, 1, 0, 0 for eight ports).
SEND_TO_EACH = """
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for port in sys.argv[3:]:
    for i in range(int(sys.argv[2])):
        s.sendto(b"flowstream %d" % i, (sys.argv[1], int(port)))
        time.sleep(0.002)
"""


def traffic_flows(ports, count=20):
    """h1 sends count datagrams to each port of h2 (each an allocation's own traffic); all must arrive."""
    receivers = {p: subprocess.Popen(["ip", "netns", "exec", "fs-h2", "python3", "examples/udp.py", "receive", str(p), "8"],
                                     stdout=subprocess.PIPE, text=True) for p in ports}
    subprocess.run(["ip", "netns", "exec", "fs-h2", "python3", "examples/udp.py", "await", *map(str, ports)], check=True)
    subprocess.run(["ip", "netns", "exec", "fs-h1", "python3", "-c", SEND_TO_EACH, "10.10.1.2", str(count), *map(str, ports)],
                   check=True)
    arrived = {p: int(r.communicate()[0].strip() or 0) for p, r in receivers.items()}
    say("datagrams arrived per port (of %d each): %s" % (count, arrived))
    if any(n != count for n in arrived.values()):
        raise SystemExit("e2e-crash: traffic does not flow through every allocation: %s" % arrived)


def leftovers():
    """What no live allocation owns: PMs (and failed PMs), rule sets, and PM networks this platform's module hosts
    claim that no PM uses (claimed_networks: another platform's or a test's namespaces are never counted) and that is
    no running warm slot of a module host's pool (warm_slots)."""
    live = {row["id"] for row in asked(resource.list_allocations)["value"]}
    claimed = {pm["instance"] for a in live for pm in state(a)["pms"]}
    pms = [pm for h in module_hosts() if h["up"] for pm in daemon(h["url"]).list_pms()["value"]]
    stray_pms = sorted(pm["name"] for pm in pms if pm["name"] not in claimed or pm["state"] == "failed")
    rules = sorted({c["alloc_id"] for c in openflow.list_connections()["value"]} - live)
    stray_networks = sorted(set(claimed_networks()) - {pm.get("namespace") for pm in pms} - warm_slots())
    return {"pms": stray_pms, "rule_sets": rules, "namespaces": stray_networks}


def settle_and_check(expected, ports, seconds=240):
    """Every expected allocation active, no other one, traffic through each, nothing left over."""
    await_active(expected, seconds)
    live = {row["id"] for row in asked(resource.list_allocations)["value"]}
    say("live allocations %s, acknowledged %s" % (sorted(live), sorted(expected)))
    if live != set(expected):
        raise SystemExit("e2e-crash: allocations %s exist that were never acknowledged" % sorted(live - set(expected)))
    traffic_flows(ports)
    nothing_left("nothing is left that no allocation owns")


def nothing_left(what, seconds=60):
    """Waits until leftovers() is empty; when it never is, says what was left (and where to look)."""
    seen = [None]

    def empty():
        seen[0] = leftovers()
        return seen[0] == {"pms": [], "rule_sets": [], "namespaces": []}
    try:
        wait(what, empty, seconds)
    except SystemExit:
        say("left over after %d s: %s; PMs on the module hosts: %s" % (seconds, seen[0], platform_pms()))
        raise


def delete_all(allocs):
    for a in allocs:
        alice.delete_allocation(a)
    wait("allocations %s are deleted" % sorted(allocs), lambda: all(state(a)["state"] == "deleted" for a in allocs), 120)
    left = leftovers()
    if left != {"pms": [], "rule_sets": [], "namespaces": []}:
        raise SystemExit("e2e-crash: left after deleting: %s" % left)


def kill_daemon(name):
    pid = pids()[name]
    os.kill(pid, signal.SIGKILL)
    say("killed the %s daemon (pid %d) with SIGKILL" % (name, pid))
    return pid


def crash_resource():
    """Three clients stream installs; the resource daemon is killed after some were acknowledged."""
    held = held_at_three_points()
    acknowledged, in_flight, stop = {a for a, _ in held.values()}, [0], threading.Event()
    ports = {a: p for a, p in held.values()}
    lock = threading.Lock()

    def client():
        me = daemon("http://127.0.0.1:7100/RPC2", tenant)
        while not stop.is_set():
            try:
                alloc, port = install(me)
            except OSError:          # the daemon died under this request: no answer, so no id
                with lock:
                    in_flight[0] += 1
                return
            with lock:
                acknowledged.add(alloc)
                ports[alloc] = port
                if len(acknowledged) >= len(held) + 5:   # alice's quota is 10 allocations
                    stop.set()
            time.sleep(0.2)   # a stream, not a burst: answers come at once, so unpaced clients finish before the kill
    clients = [threading.Thread(target=client) for _ in range(3)]
    for c in clients:
        c.start()
    for _ in range(1200):   # kill as soon as the first streamed install is acknowledged: the others are in flight
        if len(acknowledged) > len(held) or stop.is_set():
            break
        time.sleep(0.05)
    old = kill_daemon("resource")
    streaming = not stop.is_set()
    stop.set()
    for c in clients:
        c.join()
    say("acknowledged before the kill: %s (%d requests got no answer; clients %s)"
        % (sorted(acknowledged), in_flight[0], "still streaming at the kill" if streaming else "done before the kill"))
    restarted("resource", old)
    await_active(acknowledged)
    live = {row["id"] for row in asked(resource.list_allocations)["value"]}
    unanswered = live - acknowledged
    if len(unanswered) > in_flight[0]:
        raise SystemExit("e2e-crash: allocations %s exist that no client sent unanswered" % sorted(unanswered))
    for a in unanswered:  # stored, then the daemon died before the answer left: it must be whole too
        say("allocation %d was stored but its answer was lost in the kill; it must be whole as well" % a)
        ports[a] = int(state(a)["request"].split("tp_dst=")[1].split('"')[0])
    settle_and_check(live, [ports[a] for a in live])
    delete_all(live)


def crash_peer(names):
    held = held_at_three_points()
    before = pm_pids()
    olds = {n: kill_daemon(n) for n in names}
    hold([])
    for n, old in olds.items():
        restarted(n, old)
    allocs = [a for a, _ in held.values()]
    settle_and_check(allocs, [p for _, p in held.values()])
    after = pm_pids()
    survivors = {i: pid for i, pid in before.items() if i in after}
    say("PM pids before the kill %s, after %s" % (before, after))
    if any(after[i] != pid for i, pid in survivors.items()) or set(before) - set(after):
        raise SystemExit("e2e-crash: PMs that survived the kill were restarted or lost instead of adopted")
    delete_all(allocs)


def crash_pm():
    crash_pm_at("install rules")
    crash_pm_at("record PMs")


def crash_pm_at(point):
    """A PM killed while its install holds before `point`: 'install rules' (the book has it, no rule yet) or
    'record PMs' (its host has answered, the book does not know it yet: its failure report is matched to the install
    by the PM's name tag). Either way the install ends active with the PM started again."""
    hold([point])
    alloc, port = install()
    wait("allocation %d is held before %s" % (alloc, point),
         lambda: state(alloc)["reason"] == "paused before %s (pause_installs)" % point, 120)
    instance = "a%d-c" % alloc
    pid = pm_pids()[instance]
    os.kill(pid, signal.SIGKILL)
    say("killed PM %s (pid %d) while its install held before %s" % (instance, pid, point))
    time.sleep(1)
    hold([])
    wait("allocation %d is active with its PM restarted" % alloc,
         lambda: state(alloc)["state"] == "active" and instance in state(alloc)["reason"], 120)
    say("allocation %d: %s" % (alloc, state(alloc)["reason"]))
    if pm_pids().get(instance) in (None, pid):
        raise SystemExit("e2e-crash: PM %s was not started again" % instance)
    settle_and_check([alloc], [port])
    delete_all([alloc])


FLOWS = 5


def crash_migrate():
    """kill -9 of the resource daemon in the middle of a migrate_flows, held before a step: in the default (phased)
    move before 'idle phase' (journaled, new instance started: the restarted daemon undoes it, the old instance serves
    on with its state) and before 'hand over' (batches copied, switch rewired: it finishes it, the new instance serves
    with the state); in a total copy (asked for by name, so that its recovery stays covered too) before 'freeze'
    (undone). Never neither: exactly one instance, with every NAT mapping, traffic through it, no daisy path left."""
    for point, finished, mode in (("move: idle phase", False, ""), ("move: hand over", True, ""),
                                  ("move: freeze", False, "total_copy")):
        port = next_port[0]
        next_port[0] += 1
        answer = alice.install_allocation(nat_request(port))
        if answer["code"] != -1:
            raise SystemExit("e2e-crash: install_allocation refused: " + answer["message"])
        alloc = answer["value"]
        await_active([alloc])
        subprocess.run(["ip", "netns", "exec", "fs-h1", "python3", "-c", FROM_EACH_PORT, "10.10.1.2", str(port),
                        str(FLOWS)], check=True)
        wait("allocation %d's NAT holds a mapping per flow" % alloc, lambda: nat_mappings(state(alloc))[2] == FLOWS, 60)
        old_host = nat_mappings(state(alloc))[0]
        to_host = next(h["name"] for h in module_hosts() if h["up"] and h["name"] != old_host)
        hold([point])
        moving = alice.migrate_flows(alloc, "nat", to_host, "", mode)
        if moving["code"] != -1:
            raise SystemExit("e2e-crash: migrate_flows refused: " + moving["message"])
        wait("the move of allocation %d holds before %s" % (alloc, point),
             lambda: state(alloc)["reason"] == "paused before %s (pause_installs)" % point, 120)
        old = kill_daemon("resource")
        restarted("resource", old)
        await_active([alloc])
        wait("allocation %d's move is settled" % alloc, lambda: "was interrupted by a restart" in state(alloc)["reason"], 120)
        host, instance, mappings = nat_mappings(state(alloc))
        instances = sorted((h["name"], pm["name"]) for h in module_hosts() if h["up"]
                           for pm in daemon(h["url"]).list_pms()["value"] if pm["name"].startswith("a%d-" % alloc))
        say("killed mid-move (%s) before %s: allocation %d's NAT is %s on %s with %d of %d mappings (%s); PMs %s"
            % (mode or "default mode", point, alloc, instance, host, mappings, FLOWS, state(alloc)["reason"], instances))
        if host != (to_host if finished else old_host):
            raise SystemExit("e2e-crash: the restarted daemon did not %s the move" % ("finish" if finished else "undo"))
        if mappings != FLOWS:
            raise SystemExit("e2e-crash: the kept NAT instance lost flow state: %d of %d mappings" % (mappings, FLOWS))
        if instances != [(host, instance)]:
            raise SystemExit("e2e-crash: not exactly one NAT instance runs: %s" % instances)
        if move_rules(alloc):
            raise SystemExit("e2e-crash: the move's daisy paths are left on the switch: %s" % move_rules(alloc))
        settle_and_check([alloc], [port])
        delete_all([alloc])


def crash_supervisord():
    """supervisord killed: platform shows its daemons unsupervised; up takes them over without losing traffic."""
    alloc, port = install()
    await_active([alloc])
    before = pm_pids()
    supervisord = int(open("run/supervisor/supervisord.pid").read())
    out = []

    def kill_and_up():
        os.kill(supervisord, signal.SIGKILL)
        say("killed supervisord (pid %d) with SIGKILL" % supervisord)
        shown = subprocess.run(["bin/flowstream", "platform"], capture_output=True, text=True)
        say("bin/flowstream platform exits %d: %s%s" % (shown.returncode, shown.stderr.strip(), shown.stdout))
        if shown.returncode != 3 or shown.stdout.count("UNSUPERVISED") != len(pids_before):
            raise SystemExit("e2e-crash: platform does not show the daemons left unsupervised")
        out.append(subprocess.run(["bin/flowstream", "up"], capture_output=True, text=True, check=True).stdout)
    pids_before = pids()
    from e2e_platform import traffic_during_to
    sent, received = traffic_during_to(port, kill_and_up)
    print(out[0])
    say("supervisord killed, then up: h2 received %d of %d datagrams meanwhile" % (received, sent))
    if received != sent:
        raise SystemExit("e2e-crash: datagrams were lost while up took the daemons over")
    now = pids()
    if any(p == 0 for p in now.values()) or int(open("run/supervisor/supervisord.pid").read()) == supervisord:
        raise SystemExit("e2e-crash: not every daemon runs under a new supervisord: %s" % now)
    if pm_pids() != before:
        raise SystemExit("e2e-crash: PMs were restarted instead of adopted: %s then %s" % (before, pm_pids()))
    settle_and_check([alloc], [port])
    delete_all([alloc])


def crash_ovs(daemons_killed):
    """Open vSwitch daemons killed (ovs-vswitchd: the switch and its flows gone; ovsdb-server: its database server):
    up starts each again in place on its database file; the openflow daemon reinstalls the rules."""
    alloc, port = install()
    await_active([alloc])
    daemons, pms = pids(), pm_pids()
    killed = time.time()
    for name in daemons_killed:
        pid = int(open("run/ovs/%s.pid" % name).read())
        os.kill(pid, signal.SIGKILL)
        say("killed %s (pid %d) with SIGKILL" % (name, pid))
        # The signal takes a moment to land; the operator runs up after the crash, not during it.
        for _ in range(50):
            try:
                if open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()[0] in ("Z", "X"):
                    break
            except FileNotFoundError:
                break
            time.sleep(0.1)
    out = subprocess.run(["bin/flowstream", "up"], capture_output=True, text=True, check=True).stdout
    print(out)
    for name in daemons_killed:
        if "%s is not running; starting it again" % name not in out:
            raise SystemExit("e2e-crash: up did not start %s again in place" % name)
    for _ in range(30):
        try:
            traffic_flows([port], 5)
            break
        except SystemExit:
            time.sleep(1)
    say("traffic flows again %.1f s after %s was killed" % (time.time() - killed, " and ".join(daemons_killed)))
    if pids() != daemons or pm_pids() != pms:
        raise SystemExit("e2e-crash: up restarted daemons or PMs for a restarted switch: %s %s" % (pids(), pm_pids()))
    settle_and_check([alloc], [port])
    delete_all([alloc])


scenario = sys.argv[1]
start = time.time()
try:
    if scenario == "resource":
        crash_resource()
    elif scenario == "modulehosts":
        crash_peer(sorted(n for n in pids() if n.startswith("modulehost-")))
    elif scenario == "openflow":
        crash_peer(["openflow"])
    elif scenario == "supervisord":
        crash_supervisord()
    elif scenario == "ovs":
        crash_ovs(["ovs-vswitchd"])
    elif scenario == "ovsdb":
        crash_ovs(["ovsdb-server", "ovs-vswitchd"])
    elif scenario == "migrate":
        crash_migrate()
    else:
        crash_pm()
finally:
    try:
        hold([])
    except OSError:
        pass
say("%s: passed in %.0f s" % (scenario, time.time() - start))
