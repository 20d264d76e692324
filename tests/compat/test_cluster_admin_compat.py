"""Building a cluster by hand, compared with two real redis-server cluster nodes:
ADDSLOTS / DELSLOTS (and RANGE), FLUSHSLOTS, SET-CONFIG-EPOCH, BUMPEPOCH, MEET,
REPLICATE, FORGET, RESET. Node ids, addresses and pong times differ between the sides,
so CLUSTER NODES is compared with each node's id and address replaced by its name."""
from __future__ import annotations

import shutil
import time

import pytest

from redislab.cluster import Cluster
from redislab.protocol.resp import encode
from tests.compat.test_cluster_compat import _low_free_port
from tests.support import realredis
from tests.support.realredis import RawConn, RealRedis, decode


@pytest.fixture(scope="module")
def real_pair():
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    orig = realredis.free_port
    realredis.free_port = _low_free_port     # the cluster bus listens on port + 10000
    try:
        servers = [RealRedis("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                             "--cluster-node-timeout", "15000") for _ in range(2)]
    finally:
        realredis.free_port = orig
    # A fresh redis-server leaves its cluster state (and cluster_size) alone for its
    # first 2 seconds (CLUSTER_WRITABLE_DELAY): compare only after that.
    time.sleep(2.1)
    yield servers
    for srv in servers:
        srv.stop()


class Pair:
    """Node i on each side: a raw connection to real node i, a session on our node i."""

    def __init__(self, servers):
        self.real = [RawConn(srv.port) for srv in servers]
        for c in self.real:
            c.command("FLUSHALL")
            c.command("CLUSTER", "RESET", "HARD")
        self.real_ports = [srv.port for srv in servers]
        self.cluster = Cluster(0, 0, empty=2, base_port=40000)
        self.ours = [n.engine.session("tcp", addr="127.0.0.1:1") for n in self.cluster.all_nodes]

    def close(self):
        for c in self.real:
            c.close()

    def ids(self, side: str) -> list[str]:
        if side == "real":
            return [decode(c.command("CLUSTER", "MYID")).decode() for c in self.real]
        return [n.id for n in self.cluster.all_nodes]

    def _argv(self, side: str, args) -> list[bytes]:
        return [(a(self, side) if callable(a) else a) if not isinstance(a, bytes) else a for a in args]

    def run(self, i: int, *args):
        def enc(a):
            return a if isinstance(a, bytes) else str(a).encode()

        mine_argv = [enc(a) for a in self._argv("ours", args)]
        theirs_argv = [enc(a) for a in self._argv("real", args)]
        s = self.ours[i]
        mine = encode(s.engine.execute(s, mine_argv), s.resp)
        theirs = self.real[i].command(*theirs_argv)
        return mine, theirs

    def same(self, i: int, *args):
        mine, theirs = self.run(i, *args)
        for side, ids in (("ours", self.ids("ours")), ("real", self.ids("real"))):
            for j, nid in enumerate(ids):      # ids are 40 characters on both sides
                if side == "ours":
                    mine = mine.replace(nid.encode(), b"N%d" % j + b"_" * 38)
                else:
                    theirs = theirs.replace(nid.encode(), b"N%d" % j + b"_" * 38)
        assert mine == theirs, f"node {i} {args!r}\n engine: {mine!r}\n redis:  {theirs!r}"
        return decode(mine)

    def nodes(self, i: int, side: str) -> list[str]:
        if side == "real":
            raw = decode(self.real[i].command("CLUSTER", "NODES")).decode()
            ports = self.real_ports
        else:
            s = self.ours[i]
            raw = s.engine.execute(s, [b"CLUSTER", b"NODES"])
            ports = [n.port for n in self.cluster.all_nodes]
        names = {nid: f"N{j}" for j, nid in enumerate(self.ids(side))}
        out = []
        for line in raw.splitlines():
            f = line.split()
            f[0] = names.get(f[0], f[0])
            host, _, rest = f[1].partition(":")
            port = int(rest.split("@")[0])
            f[1] = f"{host}:P{ports.index(port)}" if port in ports else f[1]
            f[3] = names.get(f[3], f[3])
            f[4] = f[5] = "0"               # ping sent / pong received times
            out.append(" ".join(f))
        return sorted(out)

    def same_nodes(self, i: int):
        assert self.nodes(i, "ours") == self.nodes(i, "real")

    def info(self, i: int, side: str) -> list[str]:
        if side == "real":
            raw = decode(self.real[i].command("CLUSTER", "INFO")).decode()
        else:
            s = self.ours[i]
            raw = s.engine.execute(s, [b"CLUSTER", b"INFO"])
        return [ln for ln in raw.splitlines() if not ln.startswith(("cluster_stats", "total_cluster"))]

    def same_info(self, i: int):
        assert self.info(i, "ours") == self.info(i, "real")

    def settle(self, check, timeout: float = 15.0):
        """Wait until gossip has done on the real side what is instant on ours."""
        deadline = time.time() + timeout
        while not check():
            assert time.time() < deadline, "the real nodes did not converge"
            time.sleep(0.05)


@pytest.fixture
def pair(real_pair):
    p = Pair(real_pair)
    yield p
    p.close()


def my_id(i):
    return lambda pair, side: pair.ids(side)[i]


def port_of(i):
    return lambda pair, side: (pair.real_ports if side == "real" else
                               [n.port for n in pair.cluster.all_nodes])[i]


def test_slots_and_epochs_on_a_lone_node(pair):
    for args in (("ADDSLOTS",), ("ADDSLOTS", "x"), ("ADDSLOTS", "16384"), ("ADDSLOTS", "-1"),
                 ("ADDSLOTS", "1", "1"), ("ADDSLOTS", "1", "2"), ("ADDSLOTS", "2"),
                 ("ADDSLOTSRANGE", "5", "3"), ("ADDSLOTSRANGE", "3", "5", "4", "6"),
                 ("ADDSLOTSRANGE", "1", "2"), ("ADDSLOTSRANGE", "3"), ("ADDSLOTSRANGE", "3", "4", "5"),
                 ("ADDSLOTSRANGE", "10", "20", "30", "40"),
                 ("DELSLOTS", "9"), ("DELSLOTS", "1", "1"), ("DELSLOTS", "1", "16384"),
                 ("DELSLOTSRANGE", "3", "5"), ("DELSLOTSRANGE", "15", "16"), ("DELSLOTSRANGE", "15", "16"),
                 ("SET-CONFIG-EPOCH", "-1"), ("SET-CONFIG-EPOCH", "x"), ("SET-CONFIG-EPOCH", "5"),
                 ("SET-CONFIG-EPOCH", "6"), ("BUMPEPOCH",), ("BUMPEPOCH", "x"),
                 ("MEET", "127.0.0.1"), ("MEET", "127.0.0.1", "x"), ("MEET", "localhost", "7000"),
                 ("MEET", "127.0.0.1", "99999"), ("MEET", "127.0.0.1", "7000", "x"),
                 ("MEET", "127.0.0.1", "7000", "17000", "9"),
                 ("REPLICATE", "abc"), ("REPLICATE", my_id(0)), ("FORGET", "abc"), ("FORGET", my_id(0)),
                 ("RESET", "foo"), ("RESET", "soft", "x"), ("FLUSHSLOTS", "x")):
        pair.same(0, "CLUSTER", *args)
    pair.same_nodes(0)
    pair.same_info(0)
    assert pair.same(0, "CLUSTER", "FLUSHSLOTS") == "OK"
    pair.same_nodes(0)
    pair.same_info(0)


def test_flushslots_and_reset_refuse_a_node_with_keys(pair):
    pair.same(0, "CLUSTER", "ADDSLOTSRANGE", "0", "16383")
    pair.settle(lambda: b"cluster_state:ok" in pair.real[0].command("CLUSTER", "INFO"))
    pair.same(0, "SET", "k", "v")
    pair.same(0, "CLUSTER", "FLUSHSLOTS")
    pair.same(0, "CLUSTER", "RESET")
    pair.same(0, "CLUSTER", "RESET", "HARD")
    pair.same(0, "DEL", "k")
    pair.same(0, "CLUSTER", "RESET", "SOFT")
    pair.same_nodes(0)
    pair.same_info(0)


def _knows(pair, i: int, n: int, role_line: str | None = None):
    def check():
        lines = pair.nodes(i, "real")
        return len(lines) == n and not any("handshake" in ln or "noaddr" in ln for ln in lines) \
            and (role_line is None or any(role_line in ln for ln in lines))
    return check


def test_meet_replicate_forget_reset(pair):
    pair.same(0, "CLUSTER", "ADDSLOTSRANGE", "0", "16383")
    pair.same(0, "CLUSTER", "SET-CONFIG-EPOCH", "1")
    pair.same(1, "CLUSTER", "MEET", "127.0.0.1", port_of(0))
    pair.settle(_knows(pair, 0, 2))
    pair.settle(_knows(pair, 1, 2))
    pair.same_nodes(0)
    pair.same_nodes(1)
    # A primary that was in a failed cluster waits a rejoin delay (up to 5 s) before it
    # reports ok; ours does not.
    pair.settle(lambda: b"cluster_state:ok" in pair.real[1].command("CLUSTER", "INFO"))
    pair.same_info(1)
    pair.same(1, "CLUSTER", "SET-CONFIG-EPOCH", "3")
    pair.same(0, "CLUSTER", "REPLICATE", my_id(1))
    pair.same(1, "CLUSTER", "REPLICATE", my_id(1))
    pair.same(1, "CLUSTER", "REPLICATE", my_id(0))
    pair.settle(_knows(pair, 0, 2, "slave N0"))
    pair.same_nodes(0)
    pair.same_nodes(1)
    pair.same(0, "SET", "k", "v")
    pair.settle(lambda: pair.real[1].command("DBSIZE") == b":1\r\n")
    pair.same(1, "DBSIZE")
    pair.same(1, "CLUSTER", "FORGET", my_id(0))
    pair.same(0, "CLUSTER", "FORGET", my_id(1))
    pair.same_nodes(0)
    pair.same(0, "CLUSTER", "FORGET", my_id(1))
    pair.same(0, "CLUSTER", "RESET")
    pair.same(1, "CLUSTER", "RESET")              # a replica: flushed, and alone
    pair.same(1, "DBSIZE")
    pair.same_nodes(1)
    pair.same_info(1)
