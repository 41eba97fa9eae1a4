// Traffic from h1 to h2 goes through a firewall, a counter and a mirror.
// The firewall drops UDP to port 9 ("discard"); the mirror sends every packet
// on to h2 and a copy of it to h2 as well, so h2 sees each packet twice.
BASESYS=linux.netns

from_h1 :: FromNet("ip,nw_src=10.10.1.1,nw_dst=10.10.1.2", IONODE h1)
fw      :: IPFilter(deny udp dst port 9, allow all)
count   :: Counter
mirror  :: Mirror
to_h2   :: ToNet(h2)
copy_h2 :: ToNet(h2)

from_h1 -> fw -> count -> mirror
mirror[0] -> to_h2
mirror[1] -> copy_h2
