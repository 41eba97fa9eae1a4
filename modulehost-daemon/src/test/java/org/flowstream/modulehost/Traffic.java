package org.flowstream.modulehost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.flowstream.common.netns.IpCommand;
import org.flowstream.common.netns.NetworkNamespace;

/**
 * Small UDP senders and receivers run inside network namespaces (python3, which every test machine has). A
 * receiver prints "ready" once its sockets are bound, so the test sends only then; it stops when it has seen what
 * it waits for (the deadline is only a safety net for a broken path, never what a test asserts on).
 */
final class Traffic {

    /** Sends N UDP datagrams without a UDP checksum (SO_NO_CHECK): veth offloads cannot spoil it. */
    private static final String SEND = """
            import socket,sys,time
            dst,port,n,gap=sys.argv[1],int(sys.argv[2]),int(sys.argv[3]),float(sys.argv[4])
            s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)
            s.setsockopt(socket.SOL_SOCKET,11,1)
            for i in range(n):
                s.sendto(b'flowstream-%05d' % i + b'x'*64,(dst,port))
                time.sleep(gap)
            """;

    /** Counts datagrams per port until the first port has seen the wanted number. */
    private static final String RECEIVE = """
            import socket,sys,select,time
            want=int(sys.argv[1]); ports=[int(p) for p in sys.argv[2].split(',')]; deadline=time.time()+float(sys.argv[3])
            socks={}
            for p in ports:
                s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.bind(('0.0.0.0',p)); socks[s]=p
            counts={p:0 for p in ports}
            print('ready',flush=True)
            while counts[ports[0]]<want and time.time()<deadline:
                r,_,_=select.select(list(socks),[],[],0.2)
                for s in r:
                    s.recv(4096); counts[socks[s]]+=1
            print(' '.join('%d=%d'%(p,c) for p,c in counts.items()),flush=True)
            """;

    /** Counts UDP frames to a port seen on an interface (AF_PACKET), whatever their addresses: a mirror's copies. */
    private static final String SNIFF = """
            import socket,sys,time,struct,select
            ifname=sys.argv[1]; port=int(sys.argv[2]); want=int(sys.argv[3]); deadline=time.time()+float(sys.argv[4])
            s=socket.socket(socket.AF_PACKET,socket.SOCK_RAW,socket.htons(3)); s.bind((ifname,0)); s.setblocking(False)
            n=0
            print('ready',flush=True)
            while n<want and time.time()<deadline:
                r,_,_=select.select([s],[],[],0.2)
                if not r: continue
                f,addr=s.recvfrom(65535)
                if addr[2]==4: continue
                if len(f)>=42 and f[12:14]==b'\\x08\\x00' and f[23]==17:
                    ihl=(f[14]&15)*4
                    if struct.unpack('!H',f[14+ihl+2:14+ihl+4])[0]==port: n+=1
            print(n,flush=True)
            """;

    private Traffic() {}

    static void send(NetworkNamespace ns, String dst, int port, int count) {
        IpCommand.run(ns.command("python3", "-c", SEND, dst, Integer.toString(port), Integer.toString(count), "0.003"));
    }

    /** A running receiver; {@link #result()} waits for its counts. */
    static final class Listener {
        private final Process process;
        private final BufferedReader out;

        private Listener(List<String> command) throws IOException {
            process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            if (!"ready".equals(first)) {
                process.destroyForcibly();
                throw new IllegalStateException("listener did not start: " + first);
            }
        }

        String result() throws Exception {
            String line = out.readLine();
            process.waitFor(90, TimeUnit.SECONDS);
            return line == null ? "" : line.strip();
        }

        void kill() {
            process.destroyForcibly();
        }
    }

    /** Receives UDP on the ports (the first one is the one counted to {@code want}). */
    static Listener receive(NetworkNamespace ns, int want, int... ports) throws IOException {
        List<String> p = new ArrayList<>();
        for (int port : ports) {
            p.add(Integer.toString(port));
        }
        return new Listener(ns.command("python3", "-c", RECEIVE, Integer.toString(want), String.join(",", p), "60"));
    }

    static Listener sniff(NetworkNamespace ns, String ifname, int port, int want) throws IOException {
        return new Listener(
                ns.command("python3", "-c", SNIFF, ifname, Integer.toString(port), Integer.toString(want), "60"));
    }

    /**
     * A traffic script of a test's own in a namespace (python3 -c), speaking a small protocol on its standard
     * streams: it prints "ready" once its sockets are set up, a line on its input tells it to go (and, for one that
     * runs until told, to stop), and it prints one JSON line of counts at the end.
     */
    record Script(Process process, BufferedReader out) {

        void go() throws IOException {
            process.getOutputStream().write('\n');
            process.getOutputStream().flush();
        }

        /** Writes {@code line} to the script's standard input (a script that takes orders, such as a new rate). */
        void tell(String line) throws IOException {
            process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        }

        void awaitLine(String line) throws IOException {
            String got = out.readLine();
            if (!line.equals(got)) {
                throw new IllegalStateException("traffic script said '" + got + "', not '" + line + "'");
            }
        }

        JsonNode result() throws IOException {
            String line = out.readLine();
            return new ObjectMapper().readTree(line == null ? "{}" : line);
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Starts {@code script} with {@code args} in {@code ns} and returns once it said "ready". */
    static Script script(NetworkNamespace ns, String script, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("python3", "-c", script));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(ns.command(command.toArray(String[]::new)))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        if (!"ready".equals(first)) {
            p.destroyForcibly();
            throw new IllegalStateException("traffic script did not start: " + first);
        }
        return new Script(p, out);
    }
}
