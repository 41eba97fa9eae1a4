BASESYS=xen.clickos

ft :: FromNet("ip,nw_src=10.10.1.2,nw_dst=8.8.8.8")
tt :: ToNet("tun1")
mirror1 :: Mirror("

ft -> [0]mirror1[0]
    -> tt
