# Submit an allocation with nothing but Python's standard library, and wait until it is active.
import os, sys, time, xmlrpc.client
env = dict(line.strip().split("=", 1) for line in open("run/credentials.env") if "=" in line and not line.startswith("#"))
url = "http://%s:%s@127.0.0.1:7100/RPC2" % (env["FLOWSTREAM_USER"], env["FLOWSTREAM_PASSWORD"])
platform = xmlrpc.client.ServerProxy(url)
answer = platform.install_allocation(open(sys.argv[1]).read())
print(answer["message"])
while (status := platform.get_allocation(answer["value"]))["code"] == -1:
    time.sleep(0.2)
print(status["message"])
sys.exit(status["code"])
