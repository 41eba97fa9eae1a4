# Tiny UDP traffic tool for the worked example.
#   python3 examples/udp.py receive PORT SECONDS     prints how many datagrams arrived
#   python3 examples/udp.py await PORT...            returns once a receiver is bound to each port (in this namespace)
#   python3 examples/udp.py send HOST PORT COUNT     sends COUNT datagrams
import socket, sys, time


def bound_udp_ports():
    """The local UDP ports bound in this network namespace (/proc/net/udp is per namespace)."""
    ports = set()
    for table in ("/proc/net/udp", "/proc/net/udp6"):
        try:
            with open(table) as f:
                next(f)
                ports.update(int(line.split()[1].rsplit(":", 1)[1], 16) for line in f)
        except FileNotFoundError:
            pass
    return ports


if sys.argv[1] == "send":
    host, port, count = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for i in range(count):
            s.sendto(b"flowstream %d" % i, (host, port))
            time.sleep(0.002)
elif sys.argv[1] == "await":
    wanted, deadline = {int(p) for p in sys.argv[2:]}, time.time() + 10
    while not wanted <= bound_udp_ports():
        if time.time() > deadline:
            sys.exit("no receiver bound to port(s) %s after 10 s" % sorted(wanted - bound_udp_ports()))
        time.sleep(0.05)
else:
    port, seconds = int(sys.argv[2]), float(sys.argv[3])
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("0.0.0.0", port))
        s.settimeout(0.2)
        received, deadline = 0, time.time() + seconds
        while time.time() < deadline:
            try:
                s.recv(2048)
                received += 1
            except socket.timeout:
                pass
    print(received)
