"""What bin/e2e's Python checks share: the local platform's accounts and daemons, as `up` wrote them."""
import json, time, xmlrpc.client

env = dict(l.strip().split("=", 1) for l in open("run/credentials.env") if "=" in l and not l.startswith("#"))
operator = "%s:%s" % (env["FLOWSTREAM_OPERATOR"], env["FLOWSTREAM_OPERATOR_PASSWORD"])
tenant = "%s:%s" % (env["FLOWSTREAM_USER"], env["FLOWSTREAM_PASSWORD"])


def daemon(url, auth=operator):
    """A proxy on a daemon's URL (http://host:port/RPC2) with the given credentials."""
    return xmlrpc.client.ServerProxy(url.replace("http://", "http://%s@" % auth))


resource = daemon("http://127.0.0.1:7100/RPC2")
openflow = daemon("http://127.0.0.1:7101/RPC2")
monitoring = daemon("http://127.0.0.1:7103/RPC2")


def module_hosts():
    """The module hosts registered with the resource daemon (name, url, up ...)."""
    return resource.list_hosts()["value"]


def platform_pms():
    """Every PM on every live module host, asked of each module host itself."""
    return [pm for h in module_hosts() if h["up"] for pm in daemon(h["url"]).list_pms()["value"]]


def pids():
    return json.load(open("run/platform.json"))["daemonPids"]


def wait(what, probe, seconds=90):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if probe():
            print("e2e:", what)
            return
        time.sleep(1)
    raise SystemExit("e2e: never saw: " + what)
