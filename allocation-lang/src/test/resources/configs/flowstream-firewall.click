BASESYS=xen.clickos
TENANT=acme

// Web traffic for 10.1.0.0/16 is filtered, counted and mirrored to an IDS output.
web :: FromNet("tcp,nw_dst=10.1.0.0/16,tp_dst=80");
ssh :: FromNet("tcp,nw_dst=10.1.0.0/16,tp_dst=22", IONODE uplink1);
lan :: ToNet(tun1);
ids :: ToNet(mirror-port, backup-port);

elementclass Protect { $port |
  input -> fw :: IPFilter(allow tcp dst port $port, deny all) -> cnt :: Counter -> output;
  limits :: Placement(CPU fw 0.75, PPS fw -> cnt 15000)
}

web -> front :: Protect(80) -> m :: Mirror;
m[0] -> lan;
m[1] -> RateLimiter(1000) -> ids;
ssh -> Protect(22) -> [0]lan;

annotate :: Placement(
  MEMORY front/fw 256,
  PPS web -> front/fw 20000,
  DELAY web lan 15,
  DELAY web front/cnt ids 40);
