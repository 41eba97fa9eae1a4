package org.flowstream.modulehost;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Traffic through a NAT between two traffic hosts, as the migration tests run it (MigrateFlowsTest, GroupScaleTest):
 * A (inside) runs UDP flows with per-flow sequence numbers and TCP connections held open to B (outside), which
 * echoes everything; both count what was lost, duplicated or reordered, TCP resets, and whether a flow's external
 * address and port ever changed.
 */
final class NatTraffic {

    private NatTraffic() {}

    /**
     * A's side: UDP flows and TCP connections through the NAT, one datagram/message each per round, until "stop";
     * arguments: B's address, UDP port, TCP port, flows, connections, seconds between rounds, and the source
     * addresses to take in turn (flow f from the f-th mod their number).
     */
    static final String INSIDE = """
            import socket,sys,time,select,json
            dst,uport,tport,flows,conns,gap=sys.argv[1],int(sys.argv[2]),int(sys.argv[3]),int(sys.argv[4]),int(sys.argv[5]),float(sys.argv[6])
            srcs=sys.argv[7].split(',')
            us=[]
            for f in range(flows):
                s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.setsockopt(socket.SOL_SOCKET,11,1)
                s.setsockopt(socket.SOL_SOCKET,socket.SO_RCVBUF,1<<20); s.bind((srcs[f%len(srcs)],0)); s.setblocking(False); us.append(s)
            ts=[]
            for c in range(conns):
                t=socket.create_connection((dst,tport),timeout=20,source_address=(srcs[c%len(srcs)],0)); t.setsockopt(socket.IPPROTO_TCP,socket.TCP_NODELAY,1)
                t.setblocking(False); ts.append(t)
            sent=[0]*flows; last=[-1]*flows; tsent=[0]*conns; tbuf=[b'']*conns; tlast=[-1]*conns; closed=[False]*conns
            st={'echoed':0,'udp_out_of_order':0,'tcp_echoed':0,'tcp_out_of_order':0,'tcp_resets':0}
            def drain(timeout):
                r,_,_=select.select(us+[t for i,t in enumerate(ts) if not closed[i]],[],[],timeout)
                for s in r:
                    if s in us:
                        f=us.index(s)
                        while True:
                            try: d=s.recv(2048)
                            except BlockingIOError: break
                            q=int(d[5:11])
                            if q<=last[f]: st['udp_out_of_order']+=1
                            last[f]=max(last[f],q); st['echoed']+=1
                    else:
                        c=ts.index(s)
                        try: d=s.recv(65536)
                        except BlockingIOError: continue
                        except ConnectionResetError: d=None
                        if not d: st['tcp_resets']+=1; closed[c]=True; continue
                        tbuf[c]+=d
                        while b'\\n' in tbuf[c]:
                            line,tbuf[c]=tbuf[c].split(b'\\n',1)
                            q=int(line[5:11])
                            if q!=tlast[c]+1: st['tcp_out_of_order']+=1
                            tlast[c]=q; st['tcp_echoed']+=1
            print('ready',flush=True)
            sys.stdin.readline()
            rounds=0
            while True:
                for f in range(flows):
                    us[f].sendto(b'%04d %06d ' % (f,sent[f]) + b'x'*40,(dst,uport)); sent[f]+=1
                for c in range(conns):
                    if closed[c]: continue
                    try: ts[c].send(b'%04d %06d\\n' % (c,tsent[c])); tsent[c]+=1
                    except BlockingIOError: pass
                    except (ConnectionResetError,BrokenPipeError): st['tcp_resets']+=1; closed[c]=True
                rounds+=1
                if rounds==25: print('sending',flush=True)
                drain(0)
                if select.select([sys.stdin],[],[],0)[0]: sys.stdin.readline(); break
                time.sleep(gap)
            end=time.time()+10
            while (st['echoed']<sum(sent) or st['tcp_echoed']<sum(tsent)) and time.time()<end: drain(0.1)
            st.update({'sent':sent,'tcp_sent':sum(tsent)})
            print(json.dumps(st),flush=True)
            sys.stdin.readline()
            """;

    /** B's side: echoes every datagram and TCP message; per UDP flow, what arrived and from which endpoint. */
    static final String OUTSIDE = """
            import socket,sys,time,select,json
            uport,tport=int(sys.argv[1]),int(sys.argv[2])
            u=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); u.setsockopt(socket.SOL_SOCKET,11,1)
            u.setsockopt(socket.SOL_SOCKET,socket.SO_RCVBUF,4<<20); u.bind(('0.0.0.0',uport)); u.setblocking(False)
            l=socket.socket(); l.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1); l.bind(('0.0.0.0',tport)); l.listen(64)
            seen={}; ends={}; n=0; dup=0; reo=0; conns=[]; resets=0; tends=[]; gaps=[]
            print('ready',flush=True)
            while True:
                r,_,_=select.select([u,l,sys.stdin]+conns,[],[],0.2)
                if sys.stdin in r: break
                for s in r:
                    if s is u:
                        while True:
                            try: d,addr=u.recvfrom(2048)
                            except BlockingIOError: break
                            u.sendto(d,addr); n+=1
                            f,q=int(d[0:4]),int(d[5:11])
                            ends.setdefault(f,set()).add('%s:%d'%addr)
                            got=seen.setdefault(f,set())
                            if q in got: dup+=1
                            elif got and q<max(got): reo+=1
                            elif got and q>max(got)+1: gaps.append([f,max(got)+1,q-1,round(time.time()*1000)])
                            got.add(q)
                    elif s is l:
                        c,addr=l.accept(); conns.append(c); tends.append('%s:%d'%addr)
                    else:
                        try: d=s.recv(65536)
                        except ConnectionResetError: d=None
                        if not d: resets+=1; conns.remove(s); continue
                        s.sendall(d)
            print(json.dumps({'received':n,'duplicated':dup,'reordered':reo,
                'distinct':{str(f):len(v) for f,v in seen.items()},
                'flows_whose_endpoint_changed':sum(1 for e in ends.values() if len(e)>1),
                'endpoints':sorted(x for e in ends.values() for x in e),'tcp_connections':len(tends),
                'tcp_endpoints':sorted(tends),'tcp_resets':resets,
                'missing':{str(f):sorted(set(range(max(v)+1))-v) for f,v in seen.items() if len(v)<=max(v)},
                'gaps':gaps}),flush=True)
            """;

    /**
     * Every datagram of every flow reached B once and in order, no flow's external endpoint changed, A got every
     * echo in order, no TCP connection was reset and every TCP line came back in order.
     */
    static void assertNothingLost(JsonNode atA, JsonNode atB, int udpFlows, int tcpConnections) {
        long sent = 0;
        for (int f = 0; f < udpFlows; f++) {
            int sentOnFlow = atA.get("sent").get(f).asInt();
            sent += sentOnFlow;
            assertThat(atB.get("distinct").get(Integer.toString(f)).asInt())
                    .as("datagrams of flow %d that reached B", f)
                    .isEqualTo(sentOnFlow);
        }
        assertThat(atB.get("received").asLong()).isEqualTo(sent);
        assertThat(atB.get("duplicated").asInt()).isZero();
        assertThat(atB.get("reordered").asInt()).isZero();
        assertThat(atB.get("flows_whose_endpoint_changed").asInt()).isZero();
        assertThat(atA.get("echoed").asLong()).isEqualTo(sent);
        assertThat(atA.get("udp_out_of_order").asInt()).isZero();
        assertThat(atB.get("tcp_connections").asInt()).isEqualTo(tcpConnections);
        assertThat(atA.get("tcp_resets").asInt()).isZero();
        assertThat(atB.get("tcp_resets").asInt()).isZero();
        assertThat(atA.get("tcp_echoed").asInt()).isEqualTo(atA.get("tcp_sent").asInt());
        assertThat(atA.get("tcp_out_of_order").asInt()).isZero();
    }
}
