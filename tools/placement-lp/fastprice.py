"""Exact heaviest configuration by the C branch and bound (mckp.c), with Lagrangian bounds from the LP relaxation."""
import ctypes, numpy as np, scipy.sparse as sp
from scipy.optimize import linprog
from prune import pareto
lib = ctypes.CDLL(__file__.rsplit('/',1)[0] + '/libmckp.so')
lib.mckp.restype = ctypes.c_double
P = np.ctypeslib.ndpointer
lib.mckp.argtypes = [ctypes.c_int, ctypes.c_int, P(np.int32), P(np.float64), P(np.float64), P(np.int64), P(np.int64), P(np.float64),
                     ctypes.c_int, P(np.float64), ctypes.c_long, ctypes.c_double, ctypes.c_int, P(np.int32),
                     P(np.float64), ctypes.POINTER(ctypes.c_int), P(np.int32), ctypes.POINTER(ctypes.c_long)]

def heaviest(inst, pi, maxnodes=20_000_000, thresh=1.0, maxcols=0, cand=None):
    """cand: the groups to choose from, all of them kept (collect mode needs every configuration, dominated or not);
    default: the positive-valued groups, dominated ones pruned (enough for the maximum)."""
    if cand is None:
        cand = np.nonzero(pi > 1e-12)[0]
        if len(cand) == 0: return 0.0, True, [], []
        cand = pareto(inst, pi, cand)
    cand = np.asarray(cand)
    capf = inst.cap.astype(float)
    sz = inst.gvec[cand] / capf  # shares, cap = 1
    v = pi[cand]; svc = inst.gsvc[cand]
    us, ci = np.unique(svc, return_inverse=True)
    # LP relaxation for multipliers
    n = len(cand)
    A = sp.vstack([sp.csr_matrix(sz.T), sp.csr_matrix((np.ones(n), (ci, np.arange(n))), shape=(len(us), n))])
    top = max(v.max(), 1e-300)
    r = linprog(-v / top, A_ub=A, b_ub=np.ones(5 + len(us)), bounds=(0, 1), method='highs')
    lam_lp = np.maximum(-r.ineqlin.marginals[:5], 0) * top
    lams = [lam_lp, np.zeros(5)]
    # class order: largest max value first
    cmax = np.zeros(len(us)); np.maximum.at(cmax, ci, v)
    corder = np.argsort(-cmax)
    rank = np.empty_like(corder); rank[corder] = np.arange(len(us))
    order = np.lexsort((-v, rank[ci]))
    szo = np.ascontiguousarray(sz[order]); vo = np.ascontiguousarray(v[order]); co = rank[ci][order]
    cstart = np.searchsorted(co, np.arange(len(us) + 1)).astype(np.int32)
    lam = np.ascontiguousarray(np.array(lams))
    mc = max(maxcols, 1)
    colbuf = np.zeros(mc * (len(us) + 1), dtype=np.int32); colval = np.zeros(mc)
    ncols = ctypes.c_int(0); nodes = ctypes.c_long(0); sel = np.zeros(len(us) + 1, dtype=np.int32)
    best = lib.mckp(n, len(us), cstart, vo, szo.ravel(), np.ascontiguousarray(inst.gvec[cand][order]).ravel(), np.ascontiguousarray(inst.cap), np.ones(5), len(lams), lam.ravel(), maxnodes,
                    thresh, maxcols, colbuf, colval, ctypes.byref(ncols), sel, ctypes.byref(nodes))
    exact = nodes.value <= maxnodes
    gl = cand[order]
    bestcol = [int(gl[i]) for i in sel[:list(sel).index(-1)]]
    cols = []
    for c in range(ncols.value):
        row = colbuf[c * (len(us) + 1):(c + 1) * (len(us) + 1)]
        k = list(row).index(-1)
        cols.append([int(gl[i]) for i in row[:k]])
    ub = best if exact else max(best, -r.fun)
    return ub, exact, bestcol, cols, nodes.value, -r.fun * top
