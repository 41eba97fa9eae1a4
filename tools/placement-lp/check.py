"""Independent check of a basic-platform placement: python3 check.py <instance.json> <placement.json>

placement.json maps service id -> PM name -> server name (fixing.py writes it). Recomputes, from the instance JSON
alone (not inst.py's groups), every server's CPU, memory, downlink, uplink and internal load and compares it with the
server's capacities and its link to the switch. Exits 1 with the first problems found.
"""
import json
import sys
from collections import defaultdict


def server_capacities(platform):
    caps = {}
    for node in platform['nodes']:
        if node['kind'] == 'server':
            caps[node['name']] = {'cpu': node['cpuCenti'], 'mem': node['memoryMb'], 'internal': node['internalBps']}
    for link in platform['links']:
        for end, other, out_key, in_key in (('a', 'b', 'bpsAtoB', 'bpsBtoA'), ('b', 'a', 'bpsBtoA', 'bpsAtoB')):
            if link[end] in caps:
                caps[link[end]]['up'] = link[out_key]    # server -> switch
                caps[link[end]]['down'] = link[in_key]   # switch -> server
    return caps


def loads(instance, placement, problems):
    load = defaultdict(lambda: defaultdict(int))
    for service in instance['services']:
        where = placement.get(service['id'], {})
        names = {pm['name'] for pm in service['pms']}
        if set(where) != names:
            problems.append(f"{service['id']}: placed PMs {sorted(where)} are not its PMs {sorted(names)}")
            continue
        for pm in service['pms']:
            load[where[pm['name']]]['cpu'] += pm['cpuCenti']
            load[where[pm['name']]]['mem'] += pm['memoryMb']
        for link in service['links']:
            a, b = where.get(link['from']), where.get(link['to'])  # None: a source or sink, outside every server
            if a is not None and a == b:
                load[a]['internal'] += link['trafficBps']
                continue
            if a is not None:
                load[a]['up'] += link['trafficBps']
            if b is not None:
                load[b]['down'] += link['trafficBps']
    for extra in set(placement) - {s['id'] for s in instance['services']}:
        problems.append(f'{extra}: not a service of the instance')
    return load


def main():
    instance = json.load(open(sys.argv[1]))
    placement = json.load(open(sys.argv[2]))
    caps = server_capacities(instance['platform'])
    problems = []
    load = loads(instance, placement, problems)
    for server, used in sorted(load.items()):
        if server not in caps:
            problems.append(f'{server}: not a server')
            continue
        for dim, amount in used.items():
            if amount > caps[server][dim]:
                problems.append(f'{server}: {dim} {amount} > capacity {caps[server][dim]}')
    if any(s['delayBounds'] for s in instance['services']):
        problems.append('the instance has delay bounds, which this check does not cover')
    tightest = max((used[d] / caps[s][d] for s, used in load.items() if s in caps for d in used), default=0)
    print(f'{len(instance["services"])} services on {len(load)} of {len(caps)} servers; fullest dimension at '
          f'{tightest:.6f} of capacity; {"OK" if not problems else "VIOLATED"}')
    for p in problems[:20]:
        print('  ' + p)
    sys.exit(1 if problems else 0)


if __name__ == '__main__':
    main()
