"""Keeping a simulated cluster's replicas copies of their primary: each write replayed
on the replicas, a full resync, one key copied."""
from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from ..engine.registry import lookup

if TYPE_CHECKING:
    from .cluster import Node


def replicate_hook(node: Node):
    """After each write a primary runs, replay it on its live replicas. Redis streams the
    effects of commands; replaying the command is the same for deterministic writes (the
    nodes share one clock). Random writes such as SPOP may differ: a known gap. The
    topology is looked up on each write: CLUSTER MEET can merge it into another one."""
    sessions: dict[int, object] = {}

    def hook(s, spec, argv, dur_us):
        if not spec.write or not node.is_primary or node.failed:
            return
        topo = node.engine.extensions["cluster"].topology
        if spec.name == "migrate":
            # Its effect here is deleting what the target took; replaying MIGRATE
            # itself would send the replicas' copies to the target too.
            db = s.db
            gone = [argv[i] for i in spec.key_indexes(argv) if i < len(argv) and argv[i] not in db.data]
            if not gone:
                return
            spec, argv = lookup("del"), [b"DEL", *gone]
        for r in topo.replicas_of(node):
            if r.failed:
                continue
            rs = sessions.get(id(r))
            if rs is None or rs.closed:
                rs = sessions[id(r)] = r.engine.session("replication")
            with r.engine.lock:
                r.engine.call(rs, spec, argv)

    return hook


def copy_data(src, dst) -> None:
    """Full resync: ``dst`` (an engine) becomes a copy of ``src``'s database 0."""
    sdb, ddb = src.keyspace.dbs[0], dst.keyspace.dbs[0]
    ddb.flush()
    for key in list(sdb.data):
        v = sdb.lookup(key, touch=False)
        if v is None:
            continue
        ddb.set(key, _clone(v))
        when = sdb.expires.get(key)
        if when is not None:
            ddb.set_expire(key, when)


def copy_key(sdb, ddb, key) -> None:
    v = sdb.lookup(key, touch=False)
    if v is None:
        ddb.delete(key)
        return
    ddb.set(key, _clone(v))
    when = sdb.expires.get(key)
    if when is not None:
        ddb.set_expire(key, when)


def _clone(v):
    # Containers are edited in place, and each node replays writes on its own copy:
    # sharing one object between two nodes would apply every write twice.
    return v if type(v) is bytes else copy.deepcopy(v)
