"""What bin/e2e's Python checks share: the local platform's accounts and daemons, as `up` wrote them."""
import json, os, subprocess, time, xmlrpc.client

env = dict(l.strip().split("=", 1) for l in open("run/credentials.env") if "=" in l and not l.startswith("#"))
operator = "%s:%s" % (env["FLOWSTREAM_OPERATOR"], env["FLOWSTREAM_OPERATOR_PASSWORD"])
tenant = "%s:%s" % (env["FLOWSTREAM_USER"], env["FLOWSTREAM_PASSWORD"])


def daemon(url, auth=operator):
    """A proxy on a daemon's URL (http://host:port/RPC2) with the given credentials."""
    return xmlrpc.client.ServerProxy(url.replace("http://", "http://%s@" % auth))


resource = daemon("http://127.0.0.1:7100/RPC2")
openflow = daemon("http://127.0.0.1:7101/RPC2")
monitoring = daemon("http://127.0.0.1:7103/RPC2")


def nat_request(port):
    """A NAT (IPRewriter) between h1 and h2 for its own UDP port: its per-flow state (the mappings) is what a move
    must carry; h2's answers to the external address come back through its second port."""
    return ("BASESYS=linux.netns\n"
            'out :: FromNet("udp,nw_src=10.10.1.1,nw_dst=10.10.1.2,tp_dst=%d", IONODE h1)\n'
            'back :: FromNet("udp,nw_src=10.10.1.2,nw_dst=10.10.1.100,tp_src=%d", IONODE h2)\n'
            "nat :: IPRewriter(EXTERNAL 10.10.1.100, PORTS 20000-20999)\n"
            "toh2 :: ToNet(h2)\ntoh1 :: ToNet(h1)\n"
            "out -> [0]nat[0] -> toh2\nback -> [1]nat[1] -> toh1\n" % (port, port))


# h1 sends one datagram from each of argv[3] source ports (40000 up) to port argv[2] of host argv[1]: one NAT
# mapping per source port.
FROM_EACH_PORT = """
import socket, sys
for i in range(int(sys.argv[3])):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("0.0.0.0", 40000 + i))
    s.sendto(b"flow %d" % i, (sys.argv[1], int(sys.argv[2])))
    s.close()
"""


def nat_mappings(allocation):
    """(host, instance, mappings) of an allocation's NAT PM (get_allocation's value), asked of its module host."""
    v = allocation
    pm = next(p for p in v["pms"] if p["pm"] == "nat")
    url = next(h["url"] for h in module_hosts() if h["name"] == pm["host"])
    module_host = daemon(url)
    elements = module_host.pm_flows({"pm": pm["instance"], "op": "elements"})["value"]   # the NAT element's name in the PM
    answer = module_host.pm_flows({"pm": pm["instance"], "op": "count", "element": elements[0], "filter": ""})
    if answer["code"] != 0:
        raise SystemExit("e2e: pm_flows count at %s on %s: %s" % (pm["instance"], pm["host"], answer["message"]))
    return pm["host"], pm["instance"], answer["value"]


def move_rules(alloc):
    """The rules a phased move of the allocation keeps on the switch (its daisy paths, owner "move <id>")."""
    return [r for r in openflow.list_rules("fsbr0")["value"] if r["owner"] == "move %d" % alloc]


def module_hosts():
    """The module hosts registered with the resource daemon (name, url, up ...)."""
    return resource.list_hosts()["value"]


def platform_pms():
    """Every PM on every live module host, asked of each module host itself."""
    return [pm for h in module_hosts() if h["up"] for pm in daemon(h["url"]).list_pms()["value"]]


def claimed_networks():
    """The PM networks this platform's module hosts claim (run/state/*/owned/<id>.properties, written before a PM's
    namespace is made and removed once it and its ports are gone): {namespace: interfaces}. What is not claimed here
    is not this platform's (another platform's, a test's), whatever its name."""
    import glob
    claims = {}
    for path in glob.glob("run/state/*/owned/*.properties"):
        fields = properties(path)
        if fields.get("namespace"):
            claims[fields["namespace"]] = [i for i in fields.get("interfaces", "").split(",") if i]
    return claims


def warm_slots():
    """The namespaces of the module hosts' warm pools: each idle pre-started PM runtime has a record
    (run/state/<host>/pool/<id>/slot.properties), a claimed network fspm-<id> and a cgroup pm-<id>, all a module
    host's, not leftovers. Only a slot whose runtime runs counts: its record's pid runs a PM runtime started as that
    very slot (--slot <its directory>); a record whose process is gone (a module host killed with slots waiting)
    leaves its claim counted until the next module host cleans it up."""
    import glob
    slots = set()
    for path in glob.glob("run/state/*/pool/*/slot.properties"):
        fields = properties(path)
        try:
            args = open("/proc/%d/cmdline" % int(fields.get("pid", "-1")), "rb").read().decode().split("\0")
        except (OSError, ValueError):
            continue   # gone, or not started yet
        slot_dir = os.path.realpath(os.path.dirname(path))
        if any(a == "--slot" and os.path.realpath(b) == slot_dir for a, b in zip(args, args[1:])):
            slots.add("fspm-" + fields.get("id", ""))
    return slots


def properties(path):
    """A java.util.Properties file as a dict ({} when it is gone meanwhile)."""
    import re
    fields = {}
    try:
        for line in open(path):
            if "=" in line and not line.startswith("#"):
                key, value = line.rstrip("\n").split("=", 1)
                fields[key] = re.sub(r"\\(.)", r"\1", value)   # java.util.Properties escapes ':' and '='
    except OSError:
        pass   # released meanwhile
    return fields


def daemons():
    """Each daemon as bin/flowstream platform --json shows it: name -> {state, pid, uptime, restarts}."""
    out = subprocess.run(["bin/flowstream", "platform", "--json"], capture_output=True, text=True).stdout
    return {d["name"]: d for d in json.loads(out)["daemons"]}


def supervisorctl(*args):
    """supervisorctl on the platform's own supervisord; returns what it printed."""
    return subprocess.run(["supervisorctl", "-c", "run/supervisor/supervisord.conf", *args], capture_output=True, text=True).stdout


def pids():
    """name -> pid of each daemon (0 when it does not run), straight from supervisorctl (quicker than a JVM)."""
    return {line.split()[0]: int(line.split()[3].rstrip(",")) if line.split()[1] == "RUNNING" else 0
            for line in supervisorctl("status").splitlines() if line.strip()}


SENDER = """
import os, socket, sys, time
s, sent, port = socket.socket(socket.AF_INET, socket.SOCK_DGRAM), 0, int(sys.argv[2])
while not os.path.exists(sys.argv[1]):
    s.sendto(b"x", ("10.10.1.2", port)); sent += 1; time.sleep(0.01)
for _ in range(3):
    s.sendto(b"end", ("10.10.1.2", port)); time.sleep(0.1)
print(sent)
"""
RECEIVER = """
import socket, sys, time
s, received, end = socket.socket(socket.AF_INET, socket.SOCK_DGRAM), 0, None
s.bind(("0.0.0.0", int(sys.argv[1]))); s.settimeout(0.2)
while end is None or time.time() < end:
    try:
        data = s.recv(64)
    except socket.timeout:
        continue
    if data == b"end":
        end = end or time.time() + 1   # the mirror copies of the last datagrams may come a little later
    else:
        received += 1
print(received)
"""


def traffic_during(action):
    """Streams datagrams from h1 to h2:5000 (100/s) while action() runs; returns (sent, received at h2)."""
    return traffic_during_to(5000, action)


def traffic_during_to(port, action):
    """Streams datagrams from h1 to h2:port (100/s) while action() runs; returns (sent, received at h2)."""
    stop = "run/stop-stream"
    if os.path.exists(stop):
        os.remove(stop)
    rx = subprocess.Popen(["ip", "netns", "exec", "fs-h2", "python3", "-c", RECEIVER, str(port)], stdout=subprocess.PIPE, text=True)
    subprocess.run(["ip", "netns", "exec", "fs-h2", "python3", "examples/udp.py", "await", str(port)], check=True)
    tx = subprocess.Popen(["ip", "netns", "exec", "fs-h1", "python3", "-c", SENDER, stop, str(port)], stdout=subprocess.PIPE, text=True)
    time.sleep(1)
    try:
        action()
        time.sleep(1)
    finally:
        open(stop, "w").close()
    sent, received = int(tx.communicate(timeout=30)[0]), int(rx.communicate(timeout=60)[0])
    os.remove(stop)
    return sent, received


def answers(url):
    """Whether the daemon at url answers ping."""
    try:
        return daemon(url).ping("e2e")["code"] == 0
    except OSError:
        return False


def restarted(name, old_pid, seconds=120):
    """Waits until supervisord runs daemon `name` again under a new pid and the daemon answers."""
    wait("supervisord restarted the %s daemon" % name, lambda: pids()[name] not in (0, old_pid), seconds)


def wait(what, probe, seconds=90):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if probe():
            print("e2e:", what)
            return
        time.sleep(1)
    raise SystemExit("e2e: never saw: " + what)
