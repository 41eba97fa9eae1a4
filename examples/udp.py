# Tiny UDP traffic tool for the worked example.
#   python3 examples/udp.py send HOST PORT COUNT     sends COUNT datagrams
#   python3 examples/udp.py receive PORT SECONDS     prints how many datagrams arrived
import socket, sys, time

if sys.argv[1] == "send":
    host, port, count = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for i in range(count):
            s.sendto(b"flowstream %d" % i, (host, port))
            time.sleep(0.002)
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
