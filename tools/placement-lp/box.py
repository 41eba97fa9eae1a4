"""Box-stabilised cutting planes on the dual of the partition-form configuration LP.

max sum_s mu_s  s.t.  mu_s <= pi(P) for every valid split P of s (all listed),
                      pi(C) <= 1 for C in the pool, |pi - centre| <= delta, pi >= 0.
The centre is always a feasible valuation (scaled by its exact heaviest configuration), so
Farley's bound sum_s min_P pi(P) / U(pi) at the centre is a proof for that instance.
"""
import sys
import time
import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog
from cg import CG
from cg2 import best_dff_mix
from inst import Instance
from fastprice import heaviest


class Dual:
    def __init__(self, inst, cg):
        self.inst = inst
        self.cg = cg
        nP = len(inst.splits)
        # rows mu_s - pi(P) <= 0
        self.A_split = sp.hstack([-inst.split_mat,
                                  sp.csr_matrix((np.ones(nP), (np.arange(nP), inst.split_svc)),
                                                shape=(nP, inst.S))]).tocsr()

    def pool_matrix(self):
        inst = self.inst
        rows, cols = [], []
        for c, col in enumerate(self.cg.cols):
            rows += [c] * len(col)
            cols += list(col)
        return sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(self.cg.cols), inst.G + inst.S))

    def solve(self, centre, delta):
        inst = self.inst
        Apool = self.pool_matrix()
        A = sp.vstack([self.A_split, Apool]).tocsr()
        b = np.concatenate([np.zeros(self.A_split.shape[0]), np.ones(Apool.shape[0])])
        lo = np.maximum(centre - delta, 0)
        hi = centre + delta
        bounds = list(zip(lo, hi)) + [(None, None)] * inst.S
        c = np.concatenate([np.zeros(inst.G), -np.ones(inst.S)])
        res = linprog(c, A_ub=A, b_ub=b, bounds=bounds, method='highs')
        assert res.status == 0, res.message
        return -res.fun, res.x[:inst.G]


def run(path, budget=600, delta0=0.05, greedy=40, log=sys.stdout, exact_limit=5):
    inst = Instance(path)
    cg = CG(inst)
    T = time.time()
    pi0, mix, single = best_dff_mix(inst)
    import os
    if os.environ.get('SINGLE'):
        from cg2 import dff_family
        fam = dict(dff_family(inst))
        pi0 = fam[single[1]].copy()
    cg.start_columns()
    U0 = heaviest(inst, pi0)[0]
    centre = pi0 / U0
    import os
    if os.environ.get('START'):
        c2 = np.load(os.environ['START'])
        c2 = c2 / heaviest(inst, c2)[0]
        if inst.min_split_values(c2).sum() > inst.min_split_values(centre).sum():
            centre = c2
    best = inst.min_split_values(centre).sum()
    print(f'{path}: dff single {single[0]:.3f} mix {mix:.3f}; centre {best:.4f} (U {U0:.4f})', file=log, flush=True)
    delta = delta0
    ub_lp = None
    it = 0
    while time.time() - T < budget:
        it += 1
        val, pi = Dual(inst, cg).solve(centre, delta)
        # cuts at pi
        added = 0
        for v, col in cg.price_greedy(pi, greedy):
            if pi[col].sum() > 1 + 1e-9:
                added += cg.add(col)
        ub, exact, col, cols, nodes, lpb = heaviest(inst, pi, thresh=1 + 1e-9, maxcols=100)
        for c in cols + [col]:
            if pi[c].sum() > 1 + 1e-9:
                added += cg.add(c)
        lb = inst.min_split_values(pi).sum() / max(ub, 1e-12)
        step = 'null'
        if lb > best + 1e-6:
            best = lb
            centre = pi / max(ub, 1.0)
            step = 'serious'
            delta = min(delta * 1.5, 0.5)
        elif added == 0:
            # box optimum is a feasible dual at the box: optimum within box reached
            if val <= best + 1e-6:
                print('converged in box', file=log)
            delta = min(delta * 2, 1.0)
        else:
            delta = max(delta * 0.8, 1e-3)
        print(f'it{it} t={time.time()-T:.0f}s cuts={len(cg.cols)} boxval={val:.3f} U={ub:.4f} lb={lb:.3f} '
              f'best={best:.4f} delta={delta:.3f} {step} added={added}', file=log, flush=True)
        if added == 0 and delta >= 1.0:
            # box covers everything, no violated cut: LP optimum = val
            print(f'LP optimum {val:.4f}', file=log, flush=True)
            break
    return best, centre, cg


if __name__ == '__main__':
    best, centre, cg = run(sys.argv[1], budget=float(sys.argv[2]) if len(sys.argv) > 2 else 600,
                           delta0=float(sys.argv[3]) if len(sys.argv) > 3 else 0.05)
    if len(sys.argv) > 4:
        np.save(sys.argv[4], centre)
    print('FINAL', sys.argv[1], best)
