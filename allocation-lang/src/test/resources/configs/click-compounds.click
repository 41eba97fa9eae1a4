/* Compound elements, synonyms, formals and quoting, all in Click syntax. */
elementclass Count2 { input -> Counter -> Counter -> output }
elementclass Pass Count2;

elementclass Limiter { $rate, BURST $burst |
  input -> BandwidthShaper($rate) -> tb :: TokenBucket(BURST $burst) -> output
}

src :: InfiniteSource(DATA \<00 11 22 33 44 55>, LIMIT 10, STOP true);
src -> Pass -> Limiter(1Mbps, BURST 64) -> { input -> q :: Queue; q -> output }
    -> sink :: Discard;

// Strings: double quotes with escapes, single quotes literal, parentheses inside configs.
Script(print "hello, \"world\"\n", print 'single $quoted', wait 1s, print (nested, (parens)));
s1 :: Print("a /* not a comment */ b", MAXLENGTH 40); Idle -> s1 -> Idle;
a, b, c :: Counter;
a -> b -> c -> Discard;
