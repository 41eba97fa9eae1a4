"""bin/e2e's check of docs/writing-elements.md on the running platform, as an operator and a tenant would do it:
the guide's LengthFilter is deployed, `lang check --platform` accepts the guide's request and refuses ones that
misuse the element's keywords (from the signature the platform stored), `submit` refuses a mistyped one before
anything starts, and the guide's request, submitted, passes short frames and drops long ones in a real PM.
    python3 bin/e2e_lang.py
"""
import json, os, re, subprocess, sys, time
sys.path.insert(0, "bin")
from e2e_platform import env, platform_pms

GUIDE = open("docs/writing-elements.md").read()
blocks = {}
for language, text in re.findall(r"```(\w+)\n(.*?)```", GUIDE, re.S):
    blocks.setdefault(language, []).append(text)
REQUEST = blocks["click"][0]


def flowstream(*args, **kwargs):
    return subprocess.run(["bin/flowstream", *args], capture_output=True, text=True, **kwargs)


def lang_check(name, text):
    open("run/%s" % name, "w").write(text)
    return flowstream("lang", "check", "--platform", "run/%s" % name)


def send(size, count, port=5000):
    """h1 sends count datagrams of size payload bytes to h2; returns how many arrived."""
    rx = subprocess.Popen(["ip", "netns", "exec", "fs-h2", "python3", "examples/udp.py", "receive", str(port), "3"],
                          stdout=subprocess.PIPE, text=True)
    subprocess.run(["ip", "netns", "exec", "fs-h2", "python3", "examples/udp.py", "await", str(port)], check=True)
    sender = "import socket,time\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\nfor i in range(%d):\n" \
             "    s.sendto(b'x'*%d,('10.10.1.2',%d)); time.sleep(0.002)\n" % (count, size, port)
    subprocess.run(["ip", "netns", "exec", "fs-h1", "python3", "-c", sender], check=True)
    return int(rx.communicate()[0].strip() or 0)


open("run/LengthFilter.java", "w").write(blocks["java"][0])
as_operator = dict(os.environ, FLOWSTREAM_USER=env["FLOWSTREAM_OPERATOR"], FLOWSTREAM_PASSWORD=env["FLOWSTREAM_OPERATOR_PASSWORD"])
deployed = flowstream("deploy-pm", "LengthFilter", "run/LengthFilter.java", env=as_operator)
if deployed.returncode != 0:
    raise SystemExit("e2e: the guide's element was not deployed: %s%s" % (deployed.stdout, deployed.stderr))

good = lang_check("length-filter.click", REQUEST)
print("e2e: " + good.stdout.strip())
if good.returncode != 0 or "ok (the platform would accept it now)" not in good.stdout:
    raise SystemExit("e2e: lang check --platform refused the guide's request: %s%s" % (good.stdout, good.stderr))
for name, text, error in [
        ("unknown-keyword.click", REQUEST.replace("MAX 200", "LIMIT 200"), "it has no keyword 'LIMIT'"),
        ("missing-keyword.click", REQUEST.replace("MAX 200", ""), "'short' (LengthFilter) needs MAX"),
        ("mistyped.click", REQUEST.replace("MAX 200", "MAX lots"), "MAX must be a whole number of bytes, got 'lots'")]:
    bad = lang_check(name, text)
    print("e2e: " + (bad.stdout + bad.stderr).strip())
    if bad.returncode != 1 or error not in bad.stdout + bad.stderr:
        raise SystemExit("e2e: lang check --platform did not refuse %s with \"%s\"" % (name, error))

pms_before = len(platform_pms())
refused = flowstream("submit", "run/mistyped.click")
if refused.returncode == 0 or "MAX must be a whole number of bytes" not in refused.stderr:
    raise SystemExit("e2e: submit did not refuse the mistyped request: %s%s" % (refused.stdout, refused.stderr))
if len(platform_pms()) != pms_before:
    raise SystemExit("e2e: a refused request started PMs")

submitted = flowstream("submit", "run/length-filter.click", "--json")
if submitted.returncode != 0:
    raise SystemExit("e2e: the guide's request was not installed: %s%s" % (submitted.stdout, submitted.stderr))
alloc = json.loads(submitted.stdout)["value"]["id"]
short, long = send(100, 20), send(400, 20)
print("e2e: through LengthFilter(MAX 200): %d of 20 short datagrams arrived, %d of 20 long ones" % (short, long))
flowstream("delete", str(alloc), check=True)
if short != 20 or long != 0:
    raise SystemExit(1)
