"""Sorted-set complexity: per-operation cost of ZADD, ZRANK, ZSCORE and ZREM as N grows.

    python benchmarks/bench_zset.py [--sizes 1000,100000,1000000] [--ops 20000]

Redis documents ZADD/ZRANK/ZREM as O(log N) and ZSCORE as O(1); from 10^3 to 10^6
members a logarithmic cost should grow by about 2x at most, a linear one by 1000x.
Each row runs the command handlers through Engine.execute (no client), on a set
pre-filled with N members. Then the same sets, picks and rounds run in Debian's
redis-server (skipped with --no-redis or when it is missing), each batch of 100
commands inside one Lua loop timed by the server's own clock: no round trip is in
that number, only the command and the redis.call() around it. It shows how much of
the growth is the machine's memory rather than the structure: Redis's skiplist is
O(log N) too. The last table puts the in-process client next to fakeredis for ZADD
and ZRANK.

How the numbers are taken, and why (each point changed from the first version of this
benchmark, whose single passes varied by 2x from run to run):

* N stays N. ZADD is timed in batches of new members that are removed, untimed,
  after each batch; ZREM is timed removing existing members that are put back,
  untimed, after each batch (a batch is 100 commands, N/10 below N = 1000). The first
  version ran 20000 ZADDs and then ZREM'd those members, so its "1000" row was
  measured on sets of 1000 to 21000 members, which flattered the ratio.
* Each column picks its own members, and uniform picks are distinct while N allows,
  so no command finds the caches warmed for it by an earlier one. (The first version
  looked up for ZSCORE the same members, in the same order, as for ZRANK.)
* Each column is a stream of one command, as the first version timed it. The sizes
  take turns (4 rounds of 5000 commands) so that a noisy spell on the shared machine
  lands on every size, and each turn starts with 1000 untimed commands of its kind,
  which leave the caches as the long stream would. (Finer turns would spread noise
  better but leave the big set colder than a stream leaves it: 20 turns of 1000 after
  200 warm-up commands put ZRANK at 10^6 ~15% higher in one comparison.) The client
  table alternates its two clients batch by batch.
* A cell is the median over its batches of their *CPU* time per command
  (time.thread_time_ns): wall-clock time also counts the slices other processes get.
  Cache pollution from those processes still shows; read ratios near 2x with that
  in mind, and compare runs.
* The cyclic garbage collector runs before each table and is paused while it is
  timed: a collection is a whole-process pause that lands on whichever command
  happens to allocate at that moment, not a per-operation cost of the sorted set.
* fill() bulk-loads the set, so its blocks start half full (above 1024 members); a
  set grown by ZADD has fuller blocks (up to twice as long memmoves on ZADD/ZREM;
  reads hardly differ).
"""
from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def fill(engine, s, n: int) -> None:
    from redislab.engine.datatypes.zset import ZSet

    # Build the big set in one go (ZADD of 10^6 members one by one would take a
    # while) through the structure's own bulk constructor, so the dict and the
    # order share member and score objects as after ZADD.
    z = ZSet.from_pairs((b"m%d" % i, float(i)) for i in range(n))
    z.listpack = n <= 128
    s.db.add(b"z", z)


def _median(xs: list) -> float:
    xs = sorted(xs)
    k = len(xs) // 2
    return xs[k] if len(xs) % 2 else (xs[k - 1] + xs[k]) / 2


class Timer:
    """Per-op cost of one cell: the median over its batches of their CPU ns/op."""

    def __init__(self):
        self.samples = []

    def run(self, engine, s, argvs, untimed=(), timed: bool = True) -> None:
        ex = engine.execute
        t0 = _now()
        for a in argvs:
            ex(s, a)
        if timed:
            self.samples.append((_now() - t0) / len(argvs))
        for a in untimed:           # restore N before the next batch
            ex(s, a)

    def result(self) -> float:
        return _median(self.samples)


_now = time.thread_time_ns
BATCH = 100
ROUNDS = 4
WARM = 1000
COLUMNS = ("ZADD", "ZRANK", "ZSCORE", "ZREM")


class Subject:
    """A sorted set of N members in an engine of its own, and its picks per column."""

    def __init__(self, n: int):
        from redislab.engine import Engine

        self.n = n
        self.engine = Engine()
        self.s = self.engine.session()
        fill(self.engine, self.s, n)
        self.rnd = random.Random(n)
        self.batch = max(1, min(BATCH, n // 10))

    def choose(self, count: int, hot: bool) -> None:
        """Each column gets its own members, so no column finds the caches warmed for
        it by another. Uniform picks are distinct while N allows (so no batch warms
        the caches for a later one); below that they wrap around, never twice within
        a batch. Hot picks cycle over 1000 members spread evenly through the set."""
        n = self.n
        if hot:
            pool = [j * n // 1000 for j in range(1000)]     # member index = its score
            self.picks = {c: [pool[(i + 250 * k) % 1000] for i in range(count)] for k, c in enumerate(COLUMNS)}
            return
        flat = []
        while len(flat) < count * len(COLUMNS):
            perm = list(range(n))
            self.rnd.shuffle(perm)
            flat += perm[:count * len(COLUMNS) - len(flat)]
        self.picks = {c: flat[k * count:(k + 1) * count] for k, c in enumerate(COLUMNS)}

    def batch_commands(self, column: str, at: int, hot: bool):
        """(commands, undo) of the batch of a column whose picks start at ``at``."""
        ks = self.picks[column][at:at + self.batch]
        if column == "ZADD":
            # New members (next to the picked ones when hot), removed after the batch.
            new = [b"new%d" % (at + i) for i in range(len(ks))]
            argvs = [[b"ZADD", b"z", b"%d.5" % (k if hot else self.rnd.randrange(self.n)), m]
                     for k, m in zip(ks, new)]
            return argvs, [[b"ZREM", b"z"] + new]
        if column == "ZREM":
            # Existing members, put back with the same score after the batch.
            return ([[b"ZREM", b"z", b"m%d" % k] for k in ks],
                    [[b"ZADD", b"z"] + [x for k in ks for x in (b"%d" % k, b"m%d" % k)]])
        return [[column.encode(), b"z", b"m%d" % k] for k in ks], []


def complexity_rows(subjects, ops: int, hot: bool = False) -> list:
    """Each column runs as a stream of commands per set, in batches of 100. The sets
    take turns in ROUNDS rounds, so a noisy spell on a shared machine lands on every
    size rather than on whichever one was being measured; each turn starts with
    WARM untimed commands of the same kind, which leave the caches as a long stream
    of them would (the big set's upper levels hot, the small set all in cache).

    With ``hot``, every command touches the same 1000 places of the set: lookups
    and removals cycle over 1000 members spread evenly through it, and new members go
    right next to them. Uniform picks over 10^6 members also miss the CPU cache on
    every lookup. Neither isolates the algorithm fully (the structure's inner nodes
    still outgrow the cache): read both tables together."""
    per_round = max(BATCH, ops // ROUNDS)
    for subj in subjects:
        subj.choose((WARM + per_round) * ROUNDS, hot)
    timers = {(subj.n, c): Timer() for subj in subjects for c in COLUMNS}
    gc.collect()
    gc.disable()
    try:
        for c in COLUMNS:
            for r in range(ROUNDS):
                for subj in subjects:
                    t = timers[(subj.n, c)]
                    at = r * (WARM + per_round)
                    for i in range(0, WARM + per_round, subj.batch):
                        argvs, undo = subj.batch_commands(c, at + i, hot)
                        t.run(subj.engine, subj.s, argvs, undo, timed=i >= WARM)
    finally:
        gc.enable()
    rows = []
    for subj in subjects:
        assert subj.engine.execute(subj.s, [b"ZCARD", b"z"]) == subj.n, "the benchmark must leave N members"
        rows.append((subj.n, {c: timers[(subj.n, c)].result() for c in COLUMNS}))
    return rows


def client_rows(n: int, ops: int) -> list:
    """ZADD (new members) and ZRANK through each client, on a set of ``n`` members.
    The two clients take turns batch by batch, so a noisy spell lands on both."""
    try:
        import redislab
        mine = redislab.Redis()
    except Exception as e:  # pragma: no cover - client.py may be absent
        return [("redislab.Redis() unavailable", str(e))]
    clients = [("redislab", mine)]
    try:
        import fakeredis
        clients.append(("fakeredis", fakeredis.FakeRedis()))
    except ImportError:  # pragma: no cover
        pass
    for _, client in clients:
        client.delete("bz")
        pipe = client.pipeline(transaction=False)
        for i in range(n):
            pipe.zadd("bz", {f"m{i}": i})
        pipe.execute()
    zadd = {name: [] for name, _ in clients}
    zrank = {name: [] for name, _ in clients}
    gc.collect()
    gc.disable()
    try:
        for b0 in range(0, ops, BATCH):
            for name, client in clients:
                t0 = _now()
                for j in range(b0, b0 + BATCH):
                    client.zadd("bz", {f"x{j}": j + 0.5})
                zadd[name].append((_now() - t0) / BATCH)
                t0 = _now()
                for j in range(b0, b0 + BATCH):
                    client.zrank("bz", f"m{(j * 7919) % n}")
                zrank[name].append((_now() - t0) / BATCH)
    finally:
        gc.enable()
    return [(name, _median(zadd[name]), _median(zrank[name])) for name, _ in clients]


# One batch of commands of one shape, run inside redis-server by a Lua loop, timed
# with the server's own clock: no network round trip in the number, only the
# command and the redis.call() around it (the counterpart of Engine.execute's
# overhead here).
_LUA_BATCH = """
local c, k = ARGV[1], tonumber(ARGV[2])
local t0 = redis.call('TIME')
for i = 3, #ARGV, k do
  if k == 2 then redis.call(c, KEYS[1], ARGV[i], ARGV[i + 1])
  else redis.call(c, KEYS[1], ARGV[i]) end
end
local t1 = redis.call('TIME')
return (t1[1] - t0[1]) * 1000000 + (t1[2] - t0[2])
"""


class RedisSubject(Subject):
    """The same set and the same picks, in a real redis-server (one key per size)."""

    def __init__(self, n: int, client):
        self.n = n
        self.client = client
        self.key = b"z%d" % n
        self.rnd = random.Random(n)
        self.batch = max(1, min(BATCH, n // 10))
        client.delete(self.key)
        for i in range(0, n, 10000):
            client.zadd(self.key, {b"m%d" % j: j for j in range(i, min(n, i + 10000))})

    def run(self, sha, argvs, undo) -> float:
        """ns/op of one batch (all commands of one name), then its untimed undo."""
        c = self.client
        k = len(argvs[0]) - 2
        flat = [x for a in argvs for x in a[2:]]
        us = c.evalsha(sha, 1, self.key, argvs[0][0], k, *flat)
        for a in undo:
            c.execute_command(a[0], self.key, *a[2:])
        return us * 1000 / len(argvs)


def redis_rows(sizes, ops: int, hot: bool = False):
    """complexity_rows() for Debian's redis-server: the same sizes, picks, rounds and
    warm-up, each batch timed inside the server. None when redis-server is missing."""
    import shutil
    import socket
    import subprocess
    import tempfile

    exe = shutil.which("redis-server")
    if exe is None:
        return None
    import redis

    with socket.socket() as sk:
        sk.bind(("127.0.0.1", 0))
        port = sk.getsockname()[1]
    tmp = tempfile.mkdtemp(prefix="bench-zset-")
    proc = subprocess.Popen([exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", tmp], stdout=subprocess.DEVNULL)
    try:
        client = redis.Redis(port=port)
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        sha = client.script_load(_LUA_BATCH)
        subjects = [RedisSubject(n, client) for n in sizes]
        per_round = max(BATCH, ops // ROUNDS)
        for subj in subjects:
            subj.choose((WARM + per_round) * ROUNDS, hot)
        samples = {(subj.n, c): [] for subj in subjects for c in COLUMNS}
        for c in COLUMNS:
            for r in range(ROUNDS):
                for subj in subjects:
                    at = r * (WARM + per_round)
                    for i in range(0, WARM + per_round, subj.batch):
                        argvs, undo = subj.batch_commands(c, at + i, hot)
                        ns = subj.run(sha, argvs, undo)
                        if i >= WARM:
                            samples[(subj.n, c)].append(ns)
        for subj in subjects:
            assert client.zcard(subj.key) == subj.n, "the benchmark must leave N members"
        return [(subj.n, {c: _median(samples[(subj.n, c)]) for c in COLUMNS}) for subj in subjects]
    finally:
        proc.terminate()
        proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)


def print_rows(title: str, rows) -> None:
    names = list(rows[0][1])
    print(title)
    print(f"{'N':>10} " + " ".join(f"{c:>9}" for c in names))
    for n, cost in rows:
        print(f"{n:>10} " + " ".join(f"{cost[c]:>9.0f}" for c in names))
    first, last = rows[0][1], rows[-1][1]
    print(f"{'ratio':>10} " + " ".join(f"{last[c] / first[c]:>8.2f}x" for c in names)
          + f"   (N x{rows[-1][0] // rows[0][0]})")
    print()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,100000,1000000")
    ap.add_argument("--ops", type=int, default=20000, help=f"timed commands per cell, in batches of {BATCH}")
    ap.add_argument("--client-size", type=int, default=10000, help="members for the client comparison")
    ap.add_argument("--client-ops", type=int, default=5000)
    ap.add_argument("--no-redis", action="store_true", help="skip the redis-server tables")
    a = ap.parse_args(argv)
    sizes = [int(x) for x in a.sizes.split(",")]
    subjects = [Subject(n) for n in sizes]          # built once, used by both tables
    tables = ((False, "uniform random members (cache misses grow with N)"),
              (True, "the same 1000 members at every N (warm members)"))
    for hot, title in tables:
        rows = complexity_rows(subjects, a.ops, hot)
        print_rows(f"engine, CPU ns/op (Engine.execute, no client, median of {BATCH}-op batches), {title}", rows)
    if not a.no_redis:
        for hot, title in tables:
            rows = redis_rows(sizes, a.ops, hot)
            if rows is None:
                print("redis-server not found: no side-by-side table\n")
                break
            print_rows(f"redis-server 7.0, ns/op inside one Lua loop per {BATCH}-op batch (server clock), {title}", rows)
    crow = client_rows(a.client_size, a.client_ops)
    print(f"in-process clients, {a.client_size} members, CPU ns/op (median of {BATCH}-op batches)")
    for row in crow:
        if len(row) == 2:
            print(f"  {row[0]}: {row[1]}")
            continue
        print(f"  {row[0]:>10}  ZADD {row[1]:>8.0f}  ZRANK {row[2]:>8.0f}")
    if len(crow) == 2 and len(crow[0]) == 3:
        print(f"  fakeredis / redislab:  ZADD {crow[1][1] / crow[0][1]:.2f}x  ZRANK {crow[1][2] / crow[0][2]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
