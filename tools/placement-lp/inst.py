"""Groups and valid splits of every service of a basic-platform instance (all servers alike).

Loads are integers: cpu centi, memory MB, downlink/uplink/internal bps.
"""
import json
import numpy as np


def partitions(items):
    if not items:
        yield []
        return
    first = items[0]
    for p in partitions(items[1:]):
        for i in range(len(p)):
            yield p[:i] + [[first] + p[i]] + p[i + 1:]
        yield [[first]] + p


class Instance:
    def __init__(self, path):
        d = json.load(open(path))
        srv = [n for n in d['platform']['nodes'] if n['kind'] == 'server']
        self.servers = len(srv)
        s0 = srv[0]
        link_bps = None
        for l in d['platform']['links']:
            if l['a'] == s0['name'] or l['b'] == s0['name']:
                link_bps = (l['bpsAtoB'], l['bpsBtoA'])
        # (cpu, mem, down, up, internal)
        self.cap = np.array([s0['cpuCenti'], s0['memoryMb'], link_bps[1] if True else 0, link_bps[0], s0['internalBps']],
                            dtype=np.int64)
        self.services = []
        gvec, gsvc, gmask = [], [], []
        self.splits = []  # list of (service index, [global group ids])
        for si, s in enumerate(d['services']):
            names = [p['name'] for p in s['pms']]
            idx = {n: i for i, n in enumerate(names)}
            pm = [(p['cpuCenti'], p['memoryMb']) for p in s['pms']]
            links = [(l['from'], l['to'], l['trafficBps']) for l in s['links']]
            n = len(names)
            local = {}
            for mask in range(1, 1 << n):
                members = {names[i] for i in range(n) if mask >> i & 1}
                cpu = sum(pm[i][0] for i in range(n) if mask >> i & 1)
                mem = sum(pm[i][1] for i in range(n) if mask >> i & 1)
                down = sum(t for a, b, t in links if b in members and a not in members)
                up = sum(t for a, b, t in links if a in members and b not in members)
                inn = sum(t for a, b, t in links if a in members and b in members)
                v = np.array([cpu, mem, down, up, inn], dtype=np.int64)
                if np.all(v <= self.cap):
                    local[mask] = len(gvec)
                    gvec.append(v)
                    gsvc.append(si)
                    gmask.append(mask)
            count = 0
            for p in partitions(list(range(n))):
                masks = [sum(1 << i for i in g) for g in p]
                if all(m in local for m in masks):
                    self.splits.append((si, [local[m] for m in masks]))
                    count += 1
            if count == 0:
                raise SystemExit(f'service {s["id"]} has no valid split')
            self.services.append((s['id'], s['type'], n))
        self.gvec = np.array(gvec)
        self.gsvc = np.array(gsvc)
        self.gmask = np.array(gmask)
        self.G = len(gvec)
        self.S = len(self.services)
        import scipy.sparse as sp
        rows, cols = [], []
        for k, (si, gs) in enumerate(self.splits):
            rows += [k] * len(gs)
            cols += gs
        self.split_mat = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(self.splits), self.G))
        self.split_svc = np.array([si for si, _ in self.splits])
        # splits are generated service by service, so split_svc is sorted
        self.split_start = np.searchsorted(self.split_svc, np.arange(self.S))

    def min_split_values(self, pi):
        vals = self.split_mat @ pi
        return np.minimum.reduceat(vals, self.split_start)


if __name__ == '__main__':
    import sys
    inst = Instance(sys.argv[1])
    print('services', inst.S, 'groups', inst.G, 'splits', len(inst.splits), 'cap', inst.cap)
