"""Decide a basic cell whose configuration LP is (nearly) exactly the server count, by reduced-cost fixing.

python3 fixing.py <cell> <valuation.npy>[,<further valuation.npy>...] [placement-out.json]

With the valuation v rounded down to integers (units of 2^-30, as verify.py), U the heaviest configuration and m_s the
least split value of service s, every placement satisfies
    sum_s (v(split_s) - m_s) + sum_servers (U - v(config_t)) <= slack = servers * U - sum_s m_s,
because its configurations hold every group of every chosen split exactly once. So a service can only take a split of
reduced cost <= slack, and a server only a configuration weighing >= U - slack. Further valuations (comma-separated)
filter the splits the same way and add their own budget row; the cores come from the first.

The restricted problem is one MILP (HiGHS). A *core* is the positive-valued part of a server's configuration; every core
weighing >= U - slack is enumerated, completely, by the branch and bound's collect mode (a core is a set of distinct
groups, so each is used at most once and stands for one server). Zero-valued groups would multiply whole configurations
(any that still fit can join), so they get assignment variables instead, one per (zero group, core) pair where the
group alone fits the core's leftover. Binary variables: one per surviving split, core and pair; rows: one split per
service, every group of a chosen split placed once (in a chosen core or by a pair), at most `servers` cores, the slack
budget, each core's zero groups fit its leftover in all five dimensions, at most one group of a service per server.
Infeasible: no placement exists (resting on HiGHS's verdict; the enumeration and every coefficient are integers).
Feasible: a placement, written as service -> PM -> server JSON; check.py re-checks it from the instance JSON alone.
"""
import ctypes
import json
import math
import os
import sys
import time

import numpy as np
import scipy.sparse as sp
from scipy.optimize import LinearConstraint, milp

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import fastprice  # noqa: E402
from inst import Instance  # noqa: E402

lib = ctypes.CDLL(os.path.join(HERE, 'libmckp_exact.so'))
lib.mckp.restype = ctypes.c_double
lib.mckp.argtypes = fastprice.lib.mckp.argtypes
fastprice.lib = lib
INSTANCES = os.environ.get('INSTANCES', 'instances')
SCALE = 1 << 30
MAX_CORES = int(os.environ.get('MAX_CORES', 3_000_000))
TIME_LIMIT = float(os.environ.get('TIME_LIMIT', 600))


class Budget:
    """One valuation in integers: U, the slack, and every split's reduced cost (value minus its service's least)."""

    def __init__(self, inst, pi):
        self.v = [int(x) for x in np.floor(np.maximum(pi, 0) * SCALE)]
        U, exact, col, _, _, _ = fastprice.heaviest(inst, np.array(self.v, dtype=float), maxnodes=10**10, thresh=1e300,
                                                    maxcols=0)
        assert exact and float(U) == int(U) and sum(self.v[g] for g in col) == int(U)
        self.U = int(U)
        split_value = [sum(self.v[g] for g in gs) for _, gs in inst.splits]
        least = [None] * inst.S
        for k, (s, _) in enumerate(inst.splits):
            if least[s] is None or split_value[k] < least[s]:
                least[s] = split_value[k]
        self.slack = inst.servers * self.U - sum(least)
        if self.slack < 0:
            raise SystemExit(f'slack {self.slack} < 0: the valuation already proves the cell infeasible (verify.py)')
        self.reduced = [split_value[k] - least[inst.splits[k][0]] for k in range(len(inst.splits))]


class Restriction:
    """The surviving splits (under every valuation) and the complete list of cores (under the first one)."""

    def __init__(self, inst, budgets):
        self.inst = inst
        self.budgets = budgets
        first = budgets[0]
        self.v, self.U, self.slack = first.v, first.U, first.slack
        if self.slack >= self.U:
            raise SystemExit(f'slack {self.slack} >= U {self.U}: empty servers not excluded, improve the valuation')
        self.splits = [k for k in range(len(inst.splits)) if all(b.reduced[k] <= b.slack for b in budgets)]
        self.reduced = [first.reduced[k] for k in self.splits]
        vf = np.array(self.v, dtype=float)
        groups = sorted({g for k in self.splits for g in inst.splits[k][1]})
        self.positive = [g for g in groups if self.v[g] > 0]
        self.zero = [g for g in groups if self.v[g] == 0]
        t = time.time()
        _, exact, _, cores, nodes, _ = fastprice.heaviest(inst, vf, maxnodes=10**10, thresh=self.U - self.slack - 0.5,
                                                          maxcols=MAX_CORES, cand=self.positive)
        if not exact or len(cores) >= MAX_CORES:
            raise SystemExit(f'core enumeration incomplete ({len(cores)} cores, {nodes} nodes): raise MAX_CORES')
        self.cores = [sorted(c) for c in cores]
        self.core_value = [sum(self.v[g] for g in c) for c in self.cores]
        assert min(self.core_value) >= self.U - self.slack and max(self.core_value) <= self.U
        for c in self.cores:  # every core fits and has at most one group per service
            assert np.all(inst.gvec[c].sum(axis=0) <= inst.cap) and len(set(inst.gsvc[c])) == len(c)
        self.enumeration = f'{len(self.cores)} cores, {nodes} nodes, {time.time() - t:.1f} s'
        self.fixed = len(self.splits)
        self.propagate()

    def propagate(self):
        """Drop, until nothing changes, cores holding a group no surviving split has, and splits holding a positive
        group no core has or a zero-valued group no core's server has room for (what no placement can use)."""
        inst = self.inst
        before = (len(self.splits), len(self.cores))
        while True:
            available = {g for k in self.splits for g in inst.splits[k][1]}
            keep = [i for i, c in enumerate(self.cores) if all(g in available for g in c)]
            self.cores = [self.cores[i] for i in keep]
            self.core_value = [self.core_value[i] for i in keep]
            covered = {g for c in self.cores for g in c}
            left = inst.cap - np.array([inst.gvec[c].sum(axis=0) for c in self.cores]).reshape(-1, 5)
            svcs = [set(int(s) for s in inst.gsvc[c]) for c in self.cores]
            zero = set(self.zero)
            room = {g for g in zero if any(int(inst.gsvc[g]) not in svcs[i] for i in
                                           np.nonzero(np.all(left >= inst.gvec[g], axis=1))[0])}
            usable = [i for i, k in enumerate(self.splits)
                      if all(g in covered if g not in zero else g in room for g in inst.splits[k][1])]
            if len(usable) == len(self.splits) and len(keep) == before[1]:
                break
            before = (len(usable), len(self.cores))
            self.splits = [self.splits[i] for i in usable]
            self.reduced = [self.reduced[i] for i in usable]
        groups = {g for k in self.splits for g in inst.splits[k][1]}
        self.positive = [g for g in self.positive if g in groups]
        self.zero = [g for g in self.zero if g in groups]


def tame(row, upper, rounding=True):
    """A budget row sum a x <= upper with integer a of up to 2^36, made numerically safe for HiGHS without losing a
    placement: divided by the common divisor (exact), then, if still large, Chvatal-Gomory rounded (floor(a / d) and
    floor(upper / d), valid for nonnegative integer x). With slack 0 the first budget becomes exactly 'sum x >= 40'."""
    d = 0
    for a in row.values():
        d = math.gcd(d, a)
    d = math.gcd(d, upper) or 1
    row = {j: a // d for j, a in row.items()}
    upper //= d
    big = max((abs(a) for a in row.values()), default=0)
    if rounding and big > 1 << 20:
        q = 1 << (big.bit_length() - 20)
        row = {j: a // q for j, a in row.items()}
        upper //= q
    return {j: a for j, a in row.items() if a}, -np.inf, upper


class Master:
    """The restricted problem, exactly: splits, cores (each used at most once, so a core is a server), and the
    zero-valued groups assigned to the cores' servers (pairs where the group alone fits the core's leftover)."""

    def __init__(self, r):
        self.r = r
        inst = r.inst
        nk, nc = len(r.splits), len(r.cores)
        core_load = np.array([inst.gvec[core].sum(axis=0) for core in r.cores])
        left = inst.cap - core_load
        core_svcs = [set(int(s) for s in inst.gsvc[core]) for core in r.cores]
        self.pairs = []  # (zero group, core)
        for g in r.zero:
            s = int(inst.gsvc[g])
            for c in np.nonzero(np.all(left >= inst.gvec[g], axis=1))[0]:
                if s not in core_svcs[c]:
                    self.pairs.append((g, int(c)))
        self.nk, self.nc, self.np = nk, nc, len(self.pairs)
        X, Z = nk, nk + nc  # first index of the cores' and of the pairs' variables
        rows = []  # (coefficients as dict variable -> integer, lower, upper)
        for s in range(inst.S):
            rows.append(({k: 1 for k in range(nk) if inst.splits[r.splits[k]][0] == s}, 1, 1))
        place = {g: {} for g in r.positive + r.zero}  # group: placed once if its split is chosen
        for c, core in enumerate(r.cores):
            for g in core:
                place[g][X + c] = 1
        for p, (g, c) in enumerate(self.pairs):
            place[g][Z + p] = 1
        for k, ks in enumerate(r.splits):
            for g in inst.splits[ks][1]:
                place[g][k] = -1
        rows += [(row, 0, 0) for row in place.values()]
        rows.append(({X + c: 1 for c in range(nc)}, 0, inst.servers))
        # budget: sum rc y + sum (U - v(c)) x + (servers - sum x) U <= slack, i.e. sum rc y - sum v(c) x <= slack - servers U
        budget = {k: r.reduced[k] for k in range(nk) if r.reduced[k]}
        budget.update({X + c: -r.core_value[c] for c in range(nc)})
        rows.append(tame(budget, r.slack - inst.servers * r.U))
        for extra in r.budgets[1:]:  # the same budget under every further valuation (zero groups may weigh there)
            row = {k: extra.reduced[ks] for k, ks in enumerate(r.splits) if extra.reduced[ks]}
            row.update({X + c: -sum(extra.v[g] for g in core) for c, core in enumerate(r.cores)})
            row.update({Z + p: -extra.v[g] for p, (g, _) in enumerate(self.pairs) if extra.v[g]})
            rows.append(tame(row, extra.slack - inst.servers * extra.U))
        on_core = {}
        for p, (g, c) in enumerate(self.pairs):
            on_core.setdefault(c, []).append(p)
        for c, ps in on_core.items():
            for d in range(5):  # the zero groups fit the core's leftover
                row = {Z + p: int(inst.gvec[self.pairs[p][0]][d]) for p in ps if inst.gvec[self.pairs[p][0]][d]}
                row[X + c] = -int(left[c][d])
                rows.append(tame(row, 0, rounding=False))  # exact: divided by the common divisor only
            by_service = {}
            for p in ps:  # at most one group of a service per server, none without the core
                by_service.setdefault(int(inst.gsvc[self.pairs[p][0]]), []).append(p)
            for s, qs in by_service.items():
                row = {Z + p: 1 for p in qs}
                row[X + c] = -1
                rows.append((row, -np.inf, 0))
        self.rows = rows

    def solve(self):
        n = self.nk + self.nc + self.np
        data, ri, ci, lo, hi = [], [], [], [], []
        for i, (row, a, b) in enumerate(self.rows):
            for j, val in row.items():
                data.append(float(val)); ri.append(i); ci.append(j)
            lo.append(a); hi.append(b)
        A = sp.csr_matrix((data, (ri, ci)), shape=(len(self.rows), n))
        return milp(np.zeros(n), constraints=LinearConstraint(A, lo, hi), integrality=np.ones(n),
                    bounds=(0, 1), options={'time_limit': TIME_LIMIT, 'disp': os.environ.get('DISP') == '1'})

    def servers(self, x):
        """The chosen cores with their zero-valued groups, one list of groups per server."""
        x = np.round(x).astype(int)
        chosen = {c: list(self.r.cores[c]) for c in range(self.nc) if x[self.nk + c]}
        for p, (g, c) in enumerate(self.pairs):
            if x[self.nk + self.nc + p]:
                chosen[c].append(g)
        return list(chosen.values())


def placement_json(inst, servers, path):
    """PM name -> server name, per service, from the instance's own names."""
    d = json.load(open(path))
    out = {}
    for t, groups in enumerate(servers):
        for g in groups:
            s = int(inst.gsvc[g])
            svc = d['services'][s]
            for i, pm in enumerate(svc['pms']):
                if inst.gmask[g] >> i & 1:
                    out.setdefault(svc['id'], {})[pm['name']] = f'server-{t}'
    return out


def main():
    cell, valuation = sys.argv[1], sys.argv[2]
    path = os.path.join(INSTANCES, f'{cell}.json')
    inst = Instance(path)
    t0 = time.time()
    r = Restriction(inst, [Budget(inst, np.load(f)) for f in valuation.split(',')])
    per_service = np.bincount([inst.splits[k][0] for k in r.splits], minlength=inst.S)
    print(f'{cell}: U {r.U}, slack {r.slack} ({r.slack / r.U:.6f} U); surviving splits {r.fixed} of '
          f'{len(inst.splits)} (most per service {per_service.max()}, services with one {int((per_service == 1).sum())}); '
          f'groups {len(r.positive)} positive + {len(r.zero)} zero-valued; {r.enumeration}; after propagation '
          f'{len(r.splits)} splits, {len(r.cores)} cores', flush=True)
    if per_service.min() == 0:
        print(f'{cell}: INFEASIBLE (no placement: service {int(per_service.argmin())} keeps no split)')
        return
    t = time.time()
    master = Master(r)
    print(f'  MILP: {master.nk} splits, {master.nc} cores, {master.np} (zero group, core) pairs, {len(master.rows)} rows '
          f'({time.time() - t:.1f} s to build)', flush=True)
    t = time.time()
    res = master.solve()
    print(f'  HiGHS: {res.message.strip()} ({time.time() - t:.1f} s)', flush=True)
    if res.status == 2:
        print(f'{cell}: INFEASIBLE (no placement: the restricted MILP is infeasible), {time.time() - t0:.0f} s')
    elif res.status != 0:
        print(f'{cell}: UNDECIDED ({res.message.strip()})')
    else:
        servers = master.servers(res.x)
        servers += [[] for _ in range(inst.servers - len(servers))]
        target = sys.argv[3] if len(sys.argv) > 3 else f'{cell}-placement.json'
        json.dump(placement_json(inst, servers, path), open(target, 'w'), indent=1, sort_keys=True)
        print(f'{cell}: FEASIBLE, placement written to {target} (check it: python3 check.py {path} {target}), '
              f'{time.time() - t0:.0f} s')


if __name__ == '__main__':
    main()
