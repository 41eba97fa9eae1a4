"""Second opinion on U: HiGHS MILP on the same rounded valuation (values divided by 2^30)."""
import os, sys, numpy as np
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from inst import Instance
from cg import CG
for name in sys.argv[1:]:
    inst = Instance(os.path.join(os.environ.get('INSTANCES', 'instances'), f'{name}.json'))
    pi = np.floor(np.maximum(np.load(os.path.join(HERE, 'certificates', f'pi-{name}.npy')), 0) * (1 << 30)) / (1 << 30)
    v, ub, col = CG(inst).price_exact(pi, time_limit=300)
    print(f'{name}: HiGHS best {v:.9f} dual bound {ub:.9f}')
