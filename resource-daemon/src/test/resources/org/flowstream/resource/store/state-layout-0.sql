-- The allocations table as the resource daemon of main fb73527 wrote it (layout 0, PRAGMA user_version 0):
-- dumped from a state file its StateStore wrote, so a newer daemon can be shown to read it.
CREATE TABLE allocations (
  id INTEGER PRIMARY KEY, tenant TEXT NOT NULL, state TEXT NOT NULL, reason TEXT NOT NULL,
  request TEXT NOT NULL, placement TEXT NOT NULL, instances TEXT NOT NULL, wired INTEGER NOT NULL,
  cpu REAL NOT NULL, memory INTEGER NOT NULL, created INTEGER NOT NULL, updated INTEGER NOT NULL);
INSERT INTO allocations VALUES (1, 'alice', 'ACTIVE', '', 'h1 :: FromNet("ip");
h1 -> c :: Counter -> ToNet("output:2");', '{"c":"mh1"}', '[{"pm":"c","host":"mh1","instance":"a1-c","ports":{"p1":4,"p0":3}}]', 1, 0.5, 128, 1700000000000, 1700000001000);
INSERT INTO allocations VALUES (2, 'bob', 'INSTALLING', 'starting PMs', 'x', '{"n":"mh1","fw":"mh2"}', '[{"pm":"fw","host":"mh2","instance":"a2-fw","ports":{"p0":7}}]', 0, 1.0, 256, 1700000002000, 1700000003000);
