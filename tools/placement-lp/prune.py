import numpy as np
def pareto(inst, pi, cand):
    """Per service, drop groups dominated by another group of the same service (value >=, every size <=)."""
    keep=[]
    V=inst.gvec
    bysvc={}
    for g in cand: bysvc.setdefault(int(inst.gsvc[g]),[]).append(int(g))
    for s,gs in bysvc.items():
        gs=sorted(gs,key=lambda g:-pi[g])
        kept=[]
        for g in gs:
            dom=False
            for h in kept:
                if pi[h]>=pi[g] and np.all(V[h]<=V[g]): dom=True;break
            if not dom: kept.append(g)
        keep+=kept
    return np.array(sorted(keep))
