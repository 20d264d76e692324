"""CLUSTER and its subcommands, ASKING, READONLY, READWRITE.

The state lives in ``redislab.cluster`` (the topology a node shares with its peers,
installed in ``engine.extensions["cluster"]`` when ``cluster-enabled`` is on); the
routing checks (CROSSSLOT, MOVED, ASK) run as an engine gate before handlers. Here
are only the replies. Without cluster mode every one of these commands answers
"This instance has cluster support disabled", as a standalone redis-server does.
"""
from __future__ import annotations

from ...cluster import cluster as C
from ...cluster.membership import handshakes
from ...cluster.slots import SLOTS, key_slot
from ...errors import RedisError
from .. import registry
from ..args import text
from ..registry import Int, OneOf, Str, Token, command
from ..replies import OK, Verbatim, help_reply

registry.container("CLUSTER", group="cluster", summary="A container for Redis Cluster commands.",
                   since="3.0.0")

_C = dict(group="cluster")


def _view(s) -> C.View:
    v = s.engine.extensions.get("cluster")
    if v is None:
        raise RedisError(C.DISABLED)
    return v


def _slot(raw: bytes, msg: str) -> int:
    """A slot number: not a number -> the integer error, out of range -> ``msg``."""
    try:
        n = int(raw)
    except ValueError:
        raise RedisError("ERR value is not an integer or out of range") from None
    if not 0 <= n < SLOTS:
        raise RedisError(msg)
    return n


def _node_arg(view: C.View, raw: bytes) -> C.Node:
    n = view.find(raw)
    if n is None:
        raise RedisError(f"ERR Unknown node {text(raw)}")
    return n


def _slots_in(db, slot: int) -> list:
    # O(N) over the database: Redis keeps a per-slot key index instead; for the lab's
    # data sizes a scan is simpler than hooking every insert and delete.
    return [k for k in list(db.data) if key_slot(k) == slot and db.exists(k)]


# ------------------------------------------------------------------- keys/slots

@command("CLUSTER|KEYSLOT", arity=3, flags="stale", **_C, complexity="O(N) where N is the number of bytes in the key",
         summary="Tell which hash slot a key maps to (CRC16 of the key or its {hash tag}, mod 16384).",
         since="3.0.0", args=(Str("key"),))
def cluster_keyslot(s, argv):
    _view(s)
    return key_slot(argv[2])


@command("CLUSTER|COUNTKEYSINSLOT", arity=3, flags="stale", **_C, complexity="O(1)",
         summary="Count the keys this node holds in one hash slot.", since="3.0.0", args=(Int("slot"),))
def cluster_countkeysinslot(s, argv):
    _view(s)
    slot = _slot(argv[2], "ERR Invalid slot")
    return len(_slots_in(s.engine.keyspace.dbs[0], slot))


@command("CLUSTER|GETKEYSINSLOT", arity=4, flags="stale", **_C,
         complexity="O(N) where N is the number of requested keys",
         summary="List up to <count> key names this node holds in one hash slot.", since="3.0.0",
         args=(Int("slot"), Int("count")), tips="nondeterministic_output")
def cluster_getkeysinslot(s, argv):
    _view(s)
    try:
        slot, count = int(argv[2]), int(argv[3])
    except ValueError:
        raise RedisError("ERR value is not an integer or out of range") from None
    if not 0 <= slot < SLOTS or count < 0:
        raise RedisError("ERR Invalid slot or number of keys")
    return _slots_in(s.engine.keyspace.dbs[0], slot)[:count]


# ------------------------------------------------------------------- topology

def _flags(view: C.View, n: C.Node) -> str:
    f = []
    if n is view.myself:
        f.append("myself")
    f.append("master" if n.is_primary else "slave")
    if n.failed:
        f.append("fail")
    return ",".join(f)


def node_line(view: C.View, n: C.Node) -> str:
    """One CLUSTER NODES line: id addr@cport flags primary ping pong epoch link slots."""
    topo = view.topology
    me = n is view.myself
    pong = 0 if me else s_now(n)
    link = "disconnected" if n.failed else "connected"
    parts = [n.id, f"{n.host}:{n.port}@{n.port + 10000}", _flags(view, n),
             n.primary.id if n.primary is not None else "-", "0", str(pong),
             str(n.epoch if n.is_primary or n.primary is None else n.primary.epoch), link]
    if n.is_primary:
        parts += [f"{a}-{b}" if a != b else str(a) for a, b in topo.slot_ranges(n)]
    if me:
        parts += [f"[{slot}->-{t.id}]" for slot, t in sorted(n.migrating.items())]
        parts += [f"[{slot}-<-{src.id}]" for slot, src in sorted(n.importing.items())]
    return " ".join(parts)


def s_now(n: C.Node) -> int:
    # The last pong from a peer: "just now" on the shared clock (gossip is instant here).
    return n.engine.clock.time_ms() if n.engine is not None and not n.failed else 0


@command("CLUSTER|NODES", arity=2, flags="stale", **_C, tips="nondeterministic_output",
         complexity="O(N) where N is the total number of Cluster nodes",
         summary="Describe every node of the cluster as this node sees it, one line each.", since="3.0.0")
def cluster_nodes(s, argv):
    view = _view(s)
    lines = [node_line(view, n) for n in view.known()]
    # A MEET to an address no node of this process serves: Redis's handshake line.
    lines += [f"{nid} {ip}:{port}@{port + 10000} handshake - 0 0 0 disconnected"
              for nid, ip, port in handshakes(view)]
    return Verbatim("".join(line + "\n" for line in lines))


@command("CLUSTER|MYID", arity=2, flags="stale", **_C, summary="Return this node's id.", since="3.0.0")
def cluster_myid(s, argv):
    return _view(s).myself.id.encode()


@command("CLUSTER|INFO", arity=2, flags="stale", **_C, tips="nondeterministic_output",
         summary="Report the cluster's state, slot coverage, size and epochs.", since="3.0.0")
def cluster_info(s, argv):
    view = _view(s)
    topo = view.topology
    assigned = sum(1 for o in topo.owner if o is not None)
    failed = topo.slots_failed()
    me = view.myself
    my_epoch = me.epoch if me.is_primary else me.primary.epoch
    rows = [
        ("cluster_state", "ok" if topo.state_ok() else "fail"),
        ("cluster_slots_assigned", assigned), ("cluster_slots_ok", assigned - failed),
        ("cluster_slots_pfail", 0), ("cluster_slots_fail", failed),
        ("cluster_known_nodes", len(view.known()) + len(handshakes(view))),
        ("cluster_size", sum(1 for n in view.primaries() if topo.slot_ranges(n))),
        ("cluster_current_epoch", topo.current_epoch), ("cluster_my_epoch", my_epoch),
        ("cluster_stats_messages_sent", 0), ("cluster_stats_messages_received", 0),
        ("total_cluster_links_buffer_limit_exceeded", 0),
    ]
    return Verbatim("".join(f"{k}:{v}\r\n" for k, v in rows))


def _endpoint(n: C.Node) -> list:
    return [n.host.encode(), n.port, n.id.encode(), {}]


@command("CLUSTER|SLOTS", arity=2, flags="loading stale", **_C, tips="nondeterministic_output",
         complexity="O(N) where N is the total number of Cluster nodes", deprecated_since="7.0.0",
         replaced_by="`CLUSTER SHARDS`",
         summary="Map slot ranges to their primary and replicas (address, port, id).", since="3.0.0")
def cluster_slots(s, argv):
    view = _view(s)
    topo = view.topology
    out = []
    for p in view.primaries():
        for a, b in topo.slot_ranges(p):
            out.append([a, b, _endpoint(p)] + [_endpoint(r) for r in view.replicas_of(p) if not r.failed])
    out.sort(key=lambda e: e[0])
    return out


def _shard_node(n: C.Node) -> dict:
    return ({
        b"id": n.id.encode(), b"port": n.port, b"ip": n.host.encode(), b"endpoint": n.host.encode(),
        b"role": b"master" if n.is_primary else b"replica",
        b"replication-offset": 0, b"health": b"fail" if n.failed else b"online",
    })


@command("CLUSTER|SHARDS", arity=2, flags="loading stale", **_C, tips="nondeterministic_output",
         complexity="O(N) where N is the total number of cluster nodes",
         summary="Describe each shard: its slot ranges and its nodes.", since="7.0.0")
def cluster_shards(s, argv):
    view = _view(s)
    topo = view.topology
    out = []
    for p in view.primaries():
        flat = [x for a, b in topo.slot_ranges(p) for x in (a, b)]
        out.append(({b"slots": flat,
                     b"nodes": [_shard_node(n) for n in [p] + view.replicas_of(p)]}))
    return out


def _replicas(s, argv):
    view = _view(s)
    n = _node_arg(view, argv[2])
    if not n.is_primary:
        raise RedisError("ERR The specified node is not a master")
    return [node_line(view, r).encode() for r in view.replicas_of(n)]


@command("CLUSTER|REPLICAS", arity=3, flags="admin stale", **_C, since="5.0.0",
         summary="List the replicas of a primary, as CLUSTER NODES lines.", args=(Str("node-id"),),
         tips="nondeterministic_output")
def cluster_replicas(s, argv):
    return _replicas(s, argv)


@command("CLUSTER|SLAVES", arity=3, flags="admin stale", **_C, since="3.0.0", deprecated_since="5.0.0",
         replaced_by="`CLUSTER REPLICAS`", summary="Old name of CLUSTER REPLICAS.", args=(Str("node-id"),),
         tips="nondeterministic_output")
def cluster_slaves(s, argv):
    return _replicas(s, argv)


@command("CLUSTER|COUNT-FAILURE-REPORTS", arity=3, flags="admin stale", **_C, since="3.0.0",
         summary="Count the failure reports other nodes sent about a node.", args=(Str("node-id"),),
         tips="nondeterministic_output")
def cluster_count_failure_reports(s, argv):
    view = _view(s)
    n = _node_arg(view, argv[2])
    # Gossip is instant here: every live primary other than the node itself reports a failed one.
    return sum(1 for p in view.primaries() if p is not n and not p.failed) if n.failed else 0


@command("CLUSTER|LINKS", arity=2, flags="stale", **_C, tips="nondeterministic_output", since="7.0.0",
         summary="Describe this node's links to its peers (none are real sockets here).")
def cluster_links(s, argv):
    _view(s)
    return []


@command("CLUSTER|SAVECONFIG", arity=2, flags="admin stale no_async_loading", **_C, since="3.0.0",
         summary="Write the cluster configuration to disk (nothing to write here).")
def cluster_saveconfig(s, argv):
    _view(s)
    return OK


# ------------------------------------------------------------------- changes

@command("CLUSTER|SETSLOT", arity=-4, flags="admin stale no_async_loading", **_C, since="3.0.0",
         summary="Change a slot's state during resharding: MIGRATING, IMPORTING, STABLE or NODE.",
         args=(Int("slot"), OneOf("subcommand", Str("node-id", token="IMPORTING"),
                                  Str("node-id", token="MIGRATING"), Token("STABLE"),
                                  Str("node-id", token="NODE"))))
def cluster_setslot(s, argv):
    view = _view(s)
    topo, me = view.topology, view.myself
    if not me.is_primary:
        raise RedisError("ERR Please use SETSLOT only with masters.")
    try:
        slot = int(argv[2])
    except ValueError:
        slot = -1
    if not 0 <= slot < SLOTS:
        raise RedisError("ERR Invalid or out of range slot")
    action = text(argv[3]).upper()
    if action == "STABLE" and len(argv) == 4:
        me.migrating.pop(slot, None)
        me.importing.pop(slot, None)
        return OK
    if action not in ("MIGRATING", "IMPORTING", "NODE") or len(argv) != 5:
        raise RedisError("ERR Invalid CLUSTER SETSLOT action or number of arguments. Try CLUSTER HELP")
    n = view.find(argv[4])
    if n is None:
        raise RedisError(f"ERR I don't know about node {text(argv[4])}")
    if action == "MIGRATING":
        if topo.owner[slot] is not me:
            raise RedisError(f"ERR I'm not the owner of hash slot {slot}")
        if not n.is_primary:
            raise RedisError("ERR Target node is not a master")
        if n is not me:                 # migrating to oneself is accepted and changes nothing useful
            me.migrating[slot] = n
        return OK
    if action == "IMPORTING":
        if topo.owner[slot] is me:
            raise RedisError(f"ERR I'm already the owner of hash slot {slot}")
        if not n.is_primary:
            raise RedisError("ERR Target node is not a master")
        me.importing[slot] = n
        return OK
    if not n.is_primary:
        raise RedisError("ERR Target node is not a master")
    old = topo.owner[slot]
    if old is me and n is not me and any(key_slot(k) == slot for k in s.engine.keyspace.dbs[0].data):
        raise RedisError(f"ERR Can't assign hashslot {slot} to a different node while I still hold "
                         "keys for this hash slot.")
    if old is not None:
        old.migrating.pop(slot, None)
    n.importing.pop(slot, None)
    me.importing.pop(slot, None)
    if old is not n:
        topo.owner[slot] = n
        topo.current_epoch += 1
        n.epoch = topo.current_epoch
    return OK


@command("CLUSTER|FAILOVER", arity=-2, flags="admin stale no_async_loading", **_C, since="3.0.0",
         summary="Promote this replica to primary of its shard (FORCE / TAKEOVER accepted).",
         args=(OneOf("options", Token("FORCE"), Token("TAKEOVER"), optional=True),))
def cluster_failover(s, argv):
    view = _view(s)
    if len(argv) > 3 or (len(argv) == 3 and text(argv[2]).upper() not in ("FORCE", "TAKEOVER")):
        raise RedisError("ERR syntax error")
    me = view.myself
    if me.is_primary:
        raise RedisError("ERR You should send CLUSTER FAILOVER to a replica")
    view.topology.promote(me)
    return OK


@command("CLUSTER|HELP", arity=2, flags="loading stale", **_C, since="5.0.0",
         summary="Explain the CLUSTER subcommands.")
def cluster_help(s, argv):
    _view(s)
    return help_reply(
        "CLUSTER",
        "ADDSLOTS <slot> [<slot> ...]", "    Claim unassigned slots for this node.",
        "ADDSLOTSRANGE <start> <end> [<start> <end> ...]", "    Claim every slot of the ranges.",
        "BUMPEPOCH", "    Take a new config epoch unless this node has the highest one.",
        "COUNT-FAILURE-REPORTS <node-id>", "    How many peers report <node-id> as failing.",
        "COUNTKEYSINSLOT <slot>", "    The number of keys this node holds in <slot>.",
        "DELSLOTS <slot> [<slot> ...]", "    Mark slots as served by no node.",
        "DELSLOTSRANGE <start> <end> [<start> <end> ...]", "    Mark every slot of the ranges as unserved.",
        "FAILOVER [FORCE|TAKEOVER]", "    Make this replica the primary of its shard.",
        "FORGET <node-id>", "    Stop knowing <node-id>.",
        "FLUSHSLOTS", "    Give up every slot of this node (it must hold no keys).",
        "GETKEYSINSLOT <slot> <count>", "    Up to <count> key names this node holds in <slot>.",
        "INFO", "    State, slot coverage, size and epochs of the cluster.",
        "KEYSLOT <key>", "    The hash slot of <key>.",
        "LINKS", "    This node's links to its peers.",
        "MEET <ip> <port> [<bus-port>]", "    Join the cluster of the node at <ip>:<port>.",
        "MYID", "    This node's id.",
        "NODES", "    Every node, one line each:",
        "    <id> <ip:port@cport> <flags> <master> <ping> <pong> <epoch> <link> <slot> ...",
        "REPLICAS <node-id>", "    The replicas of <node-id>.",
        "REPLICATE <node-id>", "    Become a replica of the primary <node-id>.",
        "RESET [HARD|SOFT]", "    Forget every peer and slot (HARD: also a new id and epochs at 0).",
        "SAVECONFIG", "    Write the cluster configuration to disk.",
        "SET-CONFIG-EPOCH <epoch>", "    Give a new, lone node its config epoch.",
        "SETSLOT <slot> (IMPORTING <node-id>|MIGRATING <node-id>|STABLE|NODE <node-id>)",
        "    Change the state of a slot while resharding.",
        "SHARDS", "    Each shard with its slot ranges and nodes.",
        "SLOTS", "    Slot ranges with the address and id of their primary and replicas.",
    )


# ------------------------------------------------------ connection-level flags

@command("ASKING", arity=1, flags="fast", **_C, acl="connection", since="3.0.0",
         summary="Let the next command reach a slot this node is importing (after an ASK redirection).")
def asking(s, argv):
    _view(s)
    s.extra["cluster_asking"] = True
    return OK


@command("READONLY", arity=1, flags="loading stale fast", **_C, acl="connection", since="3.0.0",
         summary="Let this connection read from a replica the keys of its primary's slots.")
def readonly(s, argv):
    _view(s)
    s.extra["cluster_readonly"] = True
    return OK


@command("READWRITE", arity=1, flags="loading stale fast", **_C, acl="connection", since="3.0.0",
         summary="Undo READONLY: reads on a replica are redirected to the primary again.")
def readwrite(s, argv):
    _view(s)
    s.extra.pop("cluster_readonly", None)
    return OK



