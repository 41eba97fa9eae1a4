// The classic first Click configuration, and a few variations.
FromDevice(eth0) -> Counter -> Discard;

rr :: RoundRobinSched;
q1 :: Queue(100); q2 :: Queue(100)
InfiniteSource(LENGTH 64) -> q1 -> [0]rr;
RatedSource(DATA "GET / HTTP/1.0\r\n\r\n", RATE 10) -> q2 -> [1]rr;
rr -> Unqueue -> Print(ok) -> Discard
