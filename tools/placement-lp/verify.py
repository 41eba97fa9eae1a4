"""Exact re-check of a valuation: rounded down to integers (units of 2^-30), least splits summed in Python integers,
heaviest configuration by the C branch and bound (mckp.c built with -DINTEGER_VALUES) in pure maximum mode: integer-valued doubles below 2^53
add exactly, and its Lagrangian cuts keep a margin of one unit. Proof iff sum of least splits > servers * U."""
import os, sys, ctypes, numpy as np
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
INSTANCES = os.environ.get('INSTANCES', 'instances')  # the JSON files bench placement --save-instance wrote
import fastprice
from inst import Instance
lib = ctypes.CDLL(os.path.join(HERE, 'libmckp_exact.so'))
lib.mckp.restype = ctypes.c_double
lib.mckp.argtypes = fastprice.lib.mckp.argtypes
fastprice.lib = lib
SCALE = 1 << 30
for name in sys.argv[1:]:
    inst = Instance(os.path.join(INSTANCES, f'{name}.json'))
    pi = np.load(os.path.join(HERE, 'certificates', f'pi-{name}.npy'))
    v = np.floor(np.maximum(pi, 0) * SCALE)
    vi = [int(x) for x in v]
    num = 0
    for s in range(inst.S):
        lo = inst.split_start[s]; hi = inst.split_start[s + 1] if s + 1 < inst.S else len(inst.splits)
        num += min(sum(vi[g] for g in inst.splits[k][1]) for k in range(lo, hi))
    U, exact, col, cols, nodes, lpb = fastprice.heaviest(inst, v.astype(float), maxnodes=10**10, thresh=1e300, maxcols=0)
    U = int(U)
    assert exact and float(U) == U
    # the heaviest configuration found really fits and is worth U
    assert np.all(inst.gvec[col].sum(axis=0) <= inst.cap) and len(set(inst.gsvc[col])) == len(col)
    assert sum(vi[g] for g in col) == U
    print(f'{name}: least splits {num}, heaviest {U} ({nodes} nodes): {num / U:.4f} servers needed, '
          f'{inst.servers} available -> {"INFEASIBLE (proof)" if num > inst.servers * U else "no proof"}')
