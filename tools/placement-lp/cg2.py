"""Column generation v2: splits generated too, dual centre started from the best dual feasible function mix,
Wentges smoothing, timing per component."""
import sys
import time
import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog
from cg import CG, rng
from inst import Instance


def fs_threshold(x, lam):
    return np.where(x > 1 - lam, 1.0, np.where(x >= lam, x, 0.0))


def u_step(x, k):
    y = (k + 1) * x
    return np.where(np.abs(y - np.round(y)) < 1e-12, x, np.floor(y) / k)


def dff_family(inst):
    sh = inst.gvec[:, :4] / inst.cap[:4]
    out = []
    for d in range(4):
        x = np.minimum(sh[:, d], 1.0)
        out.append((f'id{d}', x))
        for lam in np.arange(0.10, 0.501, 0.02):
            out.append((f'f0 d{d} l{lam:.2f}', fs_threshold(x, lam)))
        for k in range(2, 11):
            out.append((f'u{k} d{d}', u_step(x, k)))
    return out


def best_dff_mix(inst):
    """max t s.t. for every service and split, sum_f w_f F_f(P) >= mu_s, sum mu_s = value, sum w = 1."""
    fam = dff_family(inst)
    F = np.array([f for _, f in fam]).T  # G x nf
    SP = inst.split_mat @ F  # nsplits x nf
    nf, S, nP = F.shape[1], inst.S, SP.shape[0]
    # vars: w (nf), mu (S); max sum mu  s.t. mu_s - SP[P] w <= 0, sum w = 1
    A_ub = sp.hstack([-sp.csr_matrix(SP), sp.csr_matrix((np.ones(nP), (np.arange(nP), inst.split_svc)), shape=(nP, S))])
    A_eq = np.concatenate([np.ones(nf), np.zeros(S)])[None, :]
    c = np.concatenate([np.zeros(nf), -np.ones(S)])
    res = linprog(c, A_ub=A_ub, b_ub=np.zeros(nP), A_eq=A_eq, b_eq=[1], bounds=[(0, None)] * nf + [(None, None)] * S,
                  method='highs')
    w = res.x[:nf]
    single = max((inst.min_split_values(f).sum(), n) for n, f in fam)
    return F @ w, -res.fun, single


class CG2(CG):
    def __init__(self, inst):
        super().__init__(inst)
        self.pcols = set()

    def add_split(self, k):
        self.pcols.add(int(k))

    def solve_rmp(self):
        inst = self.inst
        nC = len(self.cols)
        pl = sorted(self.pcols)
        nP = len(pl)
        rows, cols = [], []
        for c, col in enumerate(self.cols):
            rows += list(col)
            cols += [c] * len(col)
        Ac = sp.csr_matrix((-np.ones(len(rows)), (rows, cols)), shape=(inst.G, nC))
        Ap = inst.split_mat[pl].T.tocsr()
        A_ub = sp.hstack([Ac, Ap]).tocsr()
        A_eq = sp.hstack([sp.csr_matrix((inst.S, nC)),
                          sp.csr_matrix((np.ones(nP), (inst.split_svc[pl], np.arange(nP))), shape=(inst.S, nP))]).tocsr()
        c = np.concatenate([np.ones(nC), np.zeros(nP)])
        res = linprog(c, A_ub=A_ub, b_ub=np.zeros(inst.G), A_eq=A_eq, b_eq=np.ones(inst.S), bounds=(0, None),
                      method='highs')
        assert res.status == 0, res.message
        pi = np.maximum(-res.ineqlin.marginals, 0)
        mu = res.eqlin.marginals
        return res.fun, pi, mu, res.x[:nC]


def run(path, rounds=2000, alpha=0.8, greedy=30, budget=600, log=sys.stdout):
    inst = Instance(path)
    cg = CG2(inst)
    T = time.time()
    pi0, mix, single = best_dff_mix(inst)
    print(f'dff best single {single[0]:.3f} ({single[1]}), mix {mix:.3f}  ({time.time()-T:.1f}s)', file=log, flush=True)
    cg.start_columns()
    # splits: argmin of the centre and the splits of the start packings' choice
    vals = inst.split_mat @ pi0
    for s in range(inst.S):
        lo, hi = inst.split_start[s], (inst.split_start[s + 1] if s + 1 < inst.S else len(inst.splits))
        cg.add_split(lo + int(np.argmin(vals[lo:hi])))
        split_down = np.array([inst.gvec[gs][:, 2].sum() for _, gs in inst.splits[lo:hi]])
        cg.add_split(lo + int(np.argmin(split_down)))
    best_pi = pi0
    _, U0, _ = cg.price_exact(pi0)
    best_lb = inst.min_split_values(pi0).sum() / U0
    print(f'centre lb {best_lb:.3f} (U={U0:.4f})', file=log, flush=True)
    t_rmp = t_gr = t_ex = 0
    z = None
    for r in range(rounds):
        t = time.time()
        z, pi, mu, x = cg.solve_rmp()
        t_rmp += time.time() - t
        # split pricing at the RMP dual
        vals = inst.split_mat @ pi
        mins = np.minimum.reduceat(vals, inst.split_start)
        nsp = 0
        for s in range(inst.S):
            lo, hi = inst.split_start[s], (inst.split_start[s + 1] if s + 1 < inst.S else len(inst.splits))
            k = lo + int(np.argmin(vals[lo:hi]))
            if vals[k] < mu[s] - 1e-9 and k not in cg.pcols:
                cg.add_split(k)
                nsp += 1
        a = alpha
        added = 0
        while True:
            pis = a * best_pi + (1 - a) * pi
            t = time.time()
            for val, col in cg.price_greedy(pis, greedy):
                if pis[col].sum() > 1 + 1e-9:
                    added += cg.add(col)
            t_gr += time.time() - t
            t = time.time()
            val, ub, col = cg.price_exact(pis)
            t_ex += time.time() - t
            if pis[col].sum() > 1 + 1e-9:
                added += cg.add(col)
            lb = inst.min_split_values(pis).sum() / ub
            if lb > best_lb:
                best_lb, best_pi = lb, pis.copy()
            if added or nsp or a == 0:
                break
            a = 0 if a < 0.1 else a / 2  # mispricing
        print(f'r{r} t={time.time()-T:.0f}s cols={len(cg.cols)} splits={len(cg.pcols)} rmp={z:.3f} lb={best_lb:.3f} '
              f'a={a:.2f} added={added}+{nsp} [rmp {t_rmp:.0f}s greedy {t_gr:.0f}s exact {t_ex:.0f}s]', file=log,
              flush=True)
        if z - best_lb < 1e-4 * z or (added == 0 and nsp == 0) or time.time() - T > budget:
            break
    return z, best_lb, best_pi, cg


if __name__ == '__main__':
    run(sys.argv[1], budget=float(sys.argv[2]) if len(sys.argv) > 2 else 600,
        alpha=float(sys.argv[3]) if len(sys.argv) > 3 else 0.8)
