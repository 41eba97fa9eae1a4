// A two-interface IP router in the style of Click's make-ip-conf output.
// Written for Flowstream's tests: every line is ordinary Click syntax.
require(package "flowstream-test");

define($dev0 eth0, $dev1 eth1);

AddressInfo(
  net0   10.0.0.1     10.0.0.0/8      00:00:c0:ae:67:ef,
  net1   192.168.1.1  192.168.1.0/24  00:00:c0:4f:71:ef
);

/* Packets from each device are classified into ARP queries, ARP
   responses, IP and everything else. */
c0 :: Classifier(12/0806 20/0001, 12/0806 20/0002, 12/0800, -);
c1 :: Classifier(12/0806 20/0001, 12/0806 20/0002, 12/0800, -);

FromDevice($dev0, PROMISC false) -> [0]c0;
FromDevice($dev1) -> c1;

out0 :: Queue(200) -> todevice0 :: ToDevice($dev0);
out1 :: Queue(200) -> todevice1 :: ToDevice($dev1);

arpq0 :: ARPQuerier(net0) -> out0;
arpq1 :: ARPQuerier(net1) -> out1;

// Answer ARP queries for our own addresses.
c0[0] -> ARPResponder(net0) -> out0;
c1[0] -> ARPResponder(net1) -> out1;

// ARP responses go to the queriers' second inputs; a Tee lets the host see them too.
t :: Tee(3);
c0[1] -> t;
c1[1] -> t;
t[0] -> [1]arpq0;
t[1] -> [1]arpq1;
t[2] -> ToHost;

// Other traffic is dropped.
c0[3] -> Discard; c1[3] -> Discard;

rt :: StaticIPLookup(
  10.0.0.1/32 0,
  192.168.1.1/32 0,
  10.255.255.255/32 0,
  10.0.0.0/8 1,
  192.168.1.0/24 2,
  0.0.0.0/0 192.168.1.254 2);

ip :: Strip(14)
  -> CheckIPHeader(INTERFACES net0 net1, VERBOSE true)
  -> GetIPAddress(16)
  -> [0]rt;

c0[2] -> Paint(1) -> ip;
c1[2] -> Paint(2) -> ip;

rt[0] -> EtherEncap(0x0800, 1:1:1:1:1:1, 2:2:2:2:2:2) -> ToHost;

elementclass OutputPath { $paint, $addr |
  input
    -> DropBroadcasts
    -> cp :: CheckPaint($paint)
    -> gio :: IPGWOptions($addr)
    -> FixIPSrc($addr)
    -> dt :: DecIPTTL
    -> fr :: IPFragmenter(1500)
    -> [0]output;
  dt[1] -> ICMPError($addr, timeexceeded) -> [1]output;
  fr[1] -> ICMPError($addr, unreachable, needfrag) -> [1]output;
  gio[1] -> ICMPError($addr, parameterproblem) -> [1]output;
  cp[1] -> ICMPError($addr, redirect, host) -> [1]output;
}

rt[1] -> op0 :: OutputPath(1, 10.0.0.1) -> [0]arpq0;
rt[2] -> op1 :: OutputPath(2, 192.168.1.1) -> [0]arpq1;
op0[1] -> rt;
op1[1] -> rt;
