"""Partition-form configuration LP over service splits, by stabilised column generation.

RMP:  min sum_C x_C
      for each group g:   sum_{C ni g} x_C - sum_{P ni g} lam_P >= 0
      for each service s: sum_{P of s} lam_P = 1
Dual: pi_g >= 0, mu_s free; value sum_s min_P pi(P) when every configuration weighs <= 1.
Farley: for any pi >= 0, LB = sum_s min_P pi(P) / U(pi), U = heaviest configuration.
"""
import sys
import time
import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog, milp, LinearConstraint, Bounds
from inst import Instance

rng = np.random.default_rng(1)


class CG:
    def __init__(self, inst):
        self.inst = inst
        self.cols = []  # list of tuples of group ids
        self.colset = set()
        self.scaled = inst.gvec / inst.cap  # G x 5 shares

    def add(self, col):
        key = tuple(sorted(col))
        if key in self.colset or not key:
            return False
        self.colset.add(key)
        self.cols.append(key)
        return True

    def fits(self, col):
        return np.all(self.inst.gvec[list(col)].sum(axis=0) <= self.inst.cap)

    def solve_rmp(self):
        inst = self.inst
        nC = len(self.cols)
        nP = len(inst.splits)
        rows, cols = [], []
        for c, col in enumerate(self.cols):
            rows += list(col)
            cols += [c] * len(col)
        Ac = sp.csr_matrix((-np.ones(len(rows)), (rows, cols)), shape=(inst.G, nC))
        Ap = inst.split_mat.T.tocsr()
        A_ub = sp.hstack([Ac, Ap]).tocsr()
        A_eq = sp.hstack([sp.csr_matrix((inst.S, nC)),
                          sp.csr_matrix((np.ones(nP), (inst.split_svc, np.arange(nP))), shape=(inst.S, nP))]).tocsr()
        c = np.concatenate([np.ones(nC), np.zeros(nP)])
        res = linprog(c, A_ub=A_ub, b_ub=np.zeros(inst.G), A_eq=A_eq, b_eq=np.ones(inst.S), bounds=(0, None),
                      method='highs')
        assert res.status == 0, res.message
        pi = np.maximum(-res.ineqlin.marginals, 0)
        return res.fun, pi, res.x[:nC]

    def price_exact(self, pi, time_limit=30):
        inst = self.inst
        cand = np.nonzero(pi > 1e-9)[0]
        if len(cand) == 0:
            return 0.0, 0.0, []
        from prune import pareto
        cand = pareto(inst, pi, cand)
        n = len(cand)
        A1 = inst.gvec[cand].T.astype(float)  # 5 x n
        svc = inst.gsvc[cand]
        us = np.unique(svc)
        A2 = sp.csr_matrix((np.ones(n), (np.searchsorted(us, svc), np.arange(n))), shape=(len(us), n))
        cons = [LinearConstraint(A1, -np.inf, inst.cap.astype(float)), LinearConstraint(A2, -np.inf, 1)]
        res = milp(-pi[cand], constraints=cons, integrality=np.ones(n), bounds=Bounds(0, 1),
                   options={'time_limit': time_limit, 'mip_rel_gap': 1e-6})
        val = -res.fun
        ub = -res.mip_dual_bound if res.mip_dual_bound is not None else val
        col = [int(cand[i]) for i in np.nonzero(res.x > 0.5)[0]]
        return val, max(ub, val), col

    def price_greedy(self, pi, tries):
        """Randomised greedy: groups by value per weighted size, first that fits."""
        inst = self.inst
        cand = np.nonzero(pi > 1e-9)[0]
        out = []
        if len(cand) == 0:
            return out
        sc = self.scaled[cand][:, :4]
        for t in range(tries):
            w = rng.dirichlet(np.ones(4)) if t else np.ones(4) / 4
            size = sc @ w + 1e-6
            score = pi[cand] / size * (rng.uniform(0.7, 1.3, len(cand)) if t > 1 else 1)
            order = cand[np.argsort(-score)]
            load = np.zeros(5, dtype=np.int64)
            used = set()
            col = []
            val = 0.0
            for g in order:
                s = inst.gsvc[g]
                if s in used:
                    continue
                nl = load + inst.gvec[g]
                if np.all(nl <= inst.cap):
                    load = nl
                    used.add(s)
                    col.append(int(g))
                    val += pi[g]
            out.append((val, col))
        return out

    def start_columns(self, packings=30):
        inst = self.inst
        for g in range(inst.G):
            self.add((g,))
        # first-fit packings of random near-least-downlink splits
        split_down = np.array([inst.gvec[gs][:, 2].sum() for _, gs in inst.splits])
        for k in range(packings):
            groups = []
            for s in range(inst.S):
                lo, hi = inst.split_start[s], (inst.split_start[s + 1] if s + 1 < inst.S else len(inst.splits))
                d = split_down[lo:hi] * (rng.uniform(1, 1.3, hi - lo) if k else 1)
                groups += inst.splits[lo + int(np.argmin(d))][1]
            key = self.scaled[groups][:, :4].max(axis=1)
            groups = [groups[i] for i in np.argsort(-key)]
            bins = []
            for g in groups:
                for b in bins:
                    if np.all(b[0] + inst.gvec[g] <= inst.cap):
                        b[0] += inst.gvec[g]
                        b[1].append(g)
                        break
                else:
                    bins.append([inst.gvec[g].copy(), [g]])
            for _, col in bins:
                self.add(col)


def run(path, rounds=400, alpha=0.5, exact_every=1, greedy=40, log=None, budget=1e9):
    inst = Instance(path)
    cg = CG(inst)
    cg.start_columns()
    t0 = time.time()
    best_lb, best_pi = 0.0, None
    for r in range(rounds):
        z, pi, x = cg.solve_rmp()
        # Wentges smoothing around the best Lagrangian dual
        pis = pi if best_pi is None else alpha * best_pi + (1 - alpha) * pi
        added = 0
        for pp in ([pis, pi] if best_pi is not None else [pi]):
            for val, col in cg.price_greedy(pp, greedy):
                if pi[col].sum() > 1 + 1e-9:
                    added += cg.add(col)
        U = None
        if r % exact_every == 0:
            val, ub, col = cg.price_exact(pis)
            if pi[col].sum() > 1 + 1e-9:
                added += cg.add(col)
            num = inst.min_split_values(pis).sum()
            lb = num / ub
            if lb > best_lb:
                best_lb, best_pi = lb, pis.copy()
            U = ub
            if added == 0 and best_pi is not None and pis is not pi:
                # mispricing: price the RMP dual itself
                val2, ub2, col2 = cg.price_exact(pi)
                if val2 > 1 + 1e-9:
                    added += cg.add(col2)
                lb2 = inst.min_split_values(pi).sum() / ub2
                if lb2 > best_lb:
                    best_lb, best_pi = lb2, pi.copy()
        msg = f'r{r} t={time.time()-t0:.0f}s cols={len(cg.cols)} rmp={z:.3f} U(sep)={U} lb={best_lb:.3f} added={added}'
        print(msg, flush=True)
        if log:
            print(msg, file=log, flush=True)
        if z - best_lb < 1e-4 * z or added == 0 or time.time() - t0 > budget:
            break
    return z, best_lb, best_pi, cg


if __name__ == '__main__':
    run(sys.argv[1], budget=float(sys.argv[2]) if len(sys.argv) > 2 else 1e9)
