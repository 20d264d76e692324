"""The cluster every node shares, the routing check each node runs, and a simulated
multi-node cluster.

Real cluster nodes learn the slot map by gossip; here all nodes of one ``Cluster``
share one ``Topology`` object, which is what gossip converges to, without the delay.
Each node is an ordinary ``Engine`` with cluster mode on; its ``engine.gates`` check
runs before a keyed command and answers, as Redis's node does:

* ``CROSSSLOT`` when the keys of the command (or of a whole MULTI) span slots;
* ``MOVED <slot> <host:port>`` when another node owns the slot;
* ``ASK <slot> <host:port>`` while the slot migrates away and the key is already gone;
* ``TRYAGAIN`` for a multi-key command that finds only some keys during a migration;
* ``CLUSTERDOWN`` when a slot has no live owner.

The client side (following MOVED and ASK like ``redis-cli -c`` or a cluster client) is
``Cluster.route``; the node side never follows redirections itself.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from ..errors import RedisError
from .replication import copy_data, copy_key, replicate_hook
from .slots import SLOTS, key_slot, ranges_of, split_ranges

CROSSSLOT = "CROSSSLOT Keys in request don't hash to the same slot"
TRYAGAIN = "TRYAGAIN Multiple keys request during rehashing of slot"
CLUSTERDOWN = "CLUSTERDOWN The cluster is down"
UNBOUND = "CLUSTERDOWN Hash slot not served"
DISABLED = "ERR This instance has cluster support disabled"
SELECT_NOT_ALLOWED = "ERR SELECT is not allowed in cluster mode"


class Node:
    """One member of a cluster: an id, an address, an engine, a role."""

    def __init__(self, node_id: str, host: str, port: int, engine=None):
        self.id = node_id
        self.host = host
        self.port = port
        self.engine = engine
        self.primary: Node | None = None      # set for replicas
        self.failed = False
        self.epoch = 0                        # config epoch (replicas show their primary's)
        self.migrating: dict[int, Node] = {}  # slot -> target, on the source node
        self.importing: dict[int, Node] = {}  # slot -> source, on the target node
        self.replaced_by: Node | None = None  # the replica promoted while this node was down
        self.served_host: str | None = None   # the address a served node listens on

    @property
    def is_primary(self) -> bool:
        return self.primary is None

    @property
    def addr(self) -> str:
        return f"{self.host}:{self.port}"

    def __repr__(self) -> str:
        return f"<Node {self.addr} {'primary' if self.is_primary else 'replica'}{' FAIL' if self.failed else ''}>"


def node_id(seed: str) -> str:
    """A 40-hex-digit node id. Real nodes draw it at random; a derived one keeps lesson
    and test output stable without consuming the engine's RNG."""
    return hashlib.sha1(f"redislab-node:{seed}".encode()).hexdigest()


class Topology:
    """Who owns which slot, who replicates whom, what migrates: the shared cluster view."""

    def __init__(self):
        self.nodes: list[Node] = []
        self.owner: list[Node | None] = [None] * SLOTS
        self.current_epoch = 0
        # CLUSTER FORGET is per node: viewer -> the nodes it has forgotten. A node
        # leaves the shared view once every other member has forgotten it.
        self.forgotten: dict[Node, set[Node]] = {}

    def add(self, node: Node) -> Node:
        self.nodes.append(node)
        return node

    def assign(self, node: Node, first: int, last: int) -> None:
        for s in range(first, last + 1):
            self.owner[s] = node

    def find(self, ref) -> Node | None:
        if isinstance(ref, (bytes, bytearray)):
            ref = bytes(ref).decode("utf-8", "replace")
        for n in self.nodes:
            if n.id == ref:
                return n
        return None

    def primaries(self) -> list[Node]:
        return [n for n in self.nodes if n.is_primary]

    def replicas_of(self, node: Node) -> list[Node]:
        return [n for n in self.nodes if n.primary is node]

    def slot_ranges(self, node: Node) -> list[tuple[int, int]]:
        return ranges_of(i for i, o in enumerate(self.owner) if o is node)

    def simple(self) -> bool:
        """One node, owning everything, nothing moving: only CROSSSLOT can apply."""
        return len(self.nodes) == 1 and not self.nodes[0].migrating and not self.nodes[0].importing \
            and all(o is self.nodes[0] for o in (self.owner[0], self.owner[-1]))

    def slots_failed(self) -> int:
        return sum(1 for o in self.owner if o is not None and o.failed)

    def state_ok(self) -> bool:
        # cluster-require-full-coverage yes (the default): every slot needs a live owner.
        return all(o is not None and not o.failed for o in self.owner)

    def promote(self, replica: Node) -> Node:
        """Make ``replica`` the primary of its shard: it takes the slots, the old primary
        and the other replicas now follow it, and it wins a new config epoch."""
        old = replica.primary
        if old is None:
            raise ValueError(f"{replica} is not a replica")
        for i, o in enumerate(self.owner):
            if o is old:
                self.owner[i] = replica
        for n in self.nodes:
            if n.primary is old and n is not replica:
                n.primary = replica
        replica.primary = None
        if old.failed:
            # Peers keep showing a dead primary as "master,fail" (no slots) until it is
            # back; only then does it learn it was replaced and turn replica.
            old.replaced_by = replica
        else:
            old.primary = replica
        replica.migrating, old.migrating = old.migrating, {}
        replica.importing, old.importing = old.importing, {}
        self.current_epoch += 1
        replica.epoch = self.current_epoch
        if not old.failed:
            old.epoch = replica.epoch
        return replica


@dataclass
class View:
    """What one engine knows: the topology and which node it is."""
    topology: Topology
    myself: Node
    extra: dict = field(default_factory=dict)

    def known(self) -> list[Node]:
        """The nodes this node knows: the shared view minus what it has forgotten."""
        hidden = self.topology.forgotten.get(self.myself)
        nodes = self.topology.nodes
        return [n for n in nodes if n not in hidden] if hidden else nodes

    def primaries(self) -> list[Node]:
        return [n for n in self.known() if n.is_primary]

    def replicas_of(self, node: Node) -> list[Node]:
        return [n for n in self.known() if n.primary is node]

    def find(self, ref) -> Node | None:
        n = self.topology.find(ref)
        hidden = self.topology.forgotten.get(self.myself)
        return None if n is None or (hidden and n in hidden) else n


def view_of(engine) -> View | None:
    return engine.extensions.get("cluster")


def replication_of(engine):
    """(primary node, replica nodes) when ``engine`` is a replica in a simulated
    cluster, (None, its replicas) when it is a primary there, None outside one: what
    ROLE and INFO replication report. The simulated replicas hold no copy of their
    own, so every offset is 0 and every link is up."""
    view = engine.extensions.get("cluster")
    if view is None or view.myself is None:
        return None
    me = view.myself
    if not me.is_primary:
        return me.primary, []
    return None, [n for n in view.topology.replicas_of(me) if not n.failed]


def install(engine, topology: Topology | None = None, myself: Node | None = None) -> View:
    """Put ``engine`` in cluster mode: a one-node cluster owning all slots unless a
    shared topology and its own node are given."""
    if topology is None:
        port = int(engine.config.values.get("port", 6379))
        # No other node has told this one its address yet, so its ip is empty: that is
        # what CLUSTER NODES / SLOTS show on a fresh one-node redis-server cluster.
        myself = Node(node_id(f"single:{port}"), "", port, engine)
        topology = Topology()
        topology.add(myself)
        topology.assign(myself, 0, SLOTS - 1)
    view = View(topology, myself)
    engine.extensions["cluster"] = view
    if not any(getattr(g, "cluster_gate", False) for g in engine.gates):
        engine.gates.append(_make_gate(engine))
    return view


# ------------------------------------------------------------------ the check

def _make_gate(engine):
    def check(s, spec, argv):
        view = engine.extensions.get("cluster")
        if view is None:
            return None
        name = spec.name
        if name == "select":
            return _select(argv)
        asking = s.extra.get("cluster_asking", False)
        if asking and name != "asking" and s.multi is None:
            del s.extra["cluster_asking"]     # ASKING covers the next command only
        if name == "exec":
            if s.multi is None or s.multi_error:
                return None                   # EXEC's own error (or EXECABORT) comes first
            cmds = s.multi
        else:
            cmds = ((spec, argv),)
        keys, slot = [], None
        for sp, av in cmds:
            for i in sp.key_indexes(av):
                if i >= len(av):
                    continue
                k = av[i]
                sl = key_slot(k)
                if slot is None:
                    slot = sl
                elif sl != slot:
                    return _refuse(s, name, RedisError(CROSSSLOT))
                keys.append(k)
        if slot is None:
            return None
        topo = view.topology
        if topo.simple():
            return None
        with engine.lock:
            e = _route_check(s, view, cmds, keys, slot, asking)
        return None if e is None else _refuse(s, name, e)

    check.cluster_gate = True
    return check


def _select(argv):
    try:
        n = int(argv[1])
    except ValueError:
        return None                           # SELECT's own "not an integer" error
    return RedisError(SELECT_NOT_ALLOWED) if n != 0 else None


def _refuse(s, name, e):
    # A refused EXEC discards the whole transaction, as Redis does.
    if name == "exec" and s.multi is not None:
        with s.engine.lock:
            s.multi = None
            s.multi_error = False
            s.engine.unwatch(s)
    return e


def _route_check(s, view: View, cmds, keys, slot: int, asking: bool):
    topo, me = view.topology, view.myself
    if not topo.state_ok():
        return RedisError(CLUSTERDOWN)
    owner = topo.owner[slot]
    if owner is None:
        return RedisError(UNBOUND)
    migrating = me.migrating.get(slot) if owner is me else None
    importing = me.importing.get(slot)
    if migrating is not None or importing is not None:
        if any(sp.name == "migrate" for sp, _ in cmds):
            return None
        db = s.db
        missing = sum(1 for k in keys if not db.exists(k))
        if migrating is not None and missing:
            if missing < len(keys):
                return RedisError(TRYAGAIN)
            return RedisError(f"ASK {slot} {migrating.addr}")
        if importing is not None and (asking or any("asking" in sp.flags for sp, _ in cmds)):
            if len(keys) > 1 and missing:
                return RedisError(TRYAGAIN)
            return None
    if owner is me:
        return None
    if s.extra.get("cluster_readonly") and me.primary is owner \
            and not any(sp.write for sp, _ in cmds):
        return None                           # READONLY: a replica serves reads of its shard
    return RedisError(f"MOVED {slot} {owner.addr}")


# -------------------------------------------------------- simulated cluster

class NodeDown(ConnectionError):
    """The node does not answer (it was failed by ``Cluster.fail``)."""


@dataclass
class Routed:
    """The reply a cluster client ends with, and the hops it took to get there."""
    reply: object
    hops: list          # [(address, reply)] in order; redirections show as MOVED/ASK errors
    node: Node

    @property
    def redirections(self) -> list[str]:
        return [r.message for _, r in self.hops if isinstance(r, RedisError)
                and r.message.split(" ", 1)[0] in ("MOVED", "ASK")]


class Cluster:
    """N primaries with R replicas each, in-process, laid out like
    ``redis-cli --cluster create ... --cluster-replicas R``: the primaries take ports
    ``base_port`` upward and split the slots evenly; replicas take the next ports.
    ``empty`` more nodes follow them, as ``redis-server --cluster-enabled yes`` starts
    one: no slots, knowing no other node, waiting for CLUSTER MEET (``redis-cli
    --cluster create`` or ``add-node``). With ``nodes=0`` there are only those."""

    def __init__(self, nodes: int = 3, replicas: int = 1, host: str = "127.0.0.1",
                 base_port: int = 7000, clock=None, seed: int = 0, empty: int = 0):
        from ..engine import Engine, VirtualClock

        if nodes < 0 or replicas < 0 or empty < 0 or nodes + empty < 1:
            raise ValueError("need at least one node and non-negative counts")
        self.clock = clock or VirtualClock(seed=seed)
        topo = Topology()
        # Every node of this process by port: CLUSTER MEET finds its peer here (there
        # is no cluster bus; gossip's outcome is applied at once).
        self.directory: dict[int, Node] = {}
        total = nodes * (1 + replicas)

        def make(i: int, topology: Topology, shown: str) -> Node:
            port = base_port + i
            engine = Engine(clock=self.clock, seed=seed + i,
                            config={"cluster-enabled": False, "port": port})
            n = topology.add(Node(node_id(f"{seed}:{i}:{port}"), shown, port, engine))
            n.served_host = host
            engine.config.values["cluster-enabled"] = True
            install(engine, topology, n).extra["directory"] = self.directory
            engine.after_call.append(replicate_hook(n))
            self.directory[port] = n
            return n

        formed = [make(i, topo, host) for i in range(total)]
        # A fresh node does not know its own address until a peer tells it: CLUSTER
        # NODES shows ":port" (what redis-server shows).
        self.spare = [make(total + j, Topology(), "") for j in range(empty)]
        self.all_nodes = formed + self.spare
        self._anchor = (formed or self.spare)[0]
        prim = formed[:nodes]
        for i, (first, last) in enumerate(split_ranges(nodes) if nodes else ()):
            topo.assign(prim[i], first, last)
            prim[i].epoch = i + 1
        topo.current_epoch = nodes
        for j, r in enumerate(formed[nodes:]):
            # redis-cli spreads replicas round-robin so a shard's copies sit apart
            r.primary = prim[j % nodes]
            r.epoch = r.primary.epoch
        self._sessions: dict[int, object] = {}
        self.slot_cache: dict[int, Node] = {}     # the client's view, refreshed by MOVED

    @property
    def topology(self) -> Topology:
        # Read through a node: CLUSTER MEET may merge its topology into another.
        return self._anchor.engine.extensions["cluster"].topology

    # ---------------------------------------------------------------- nodes
    @property
    def nodes(self) -> list[Node]:
        return self.topology.nodes

    def primaries(self) -> list[Node]:
        return self.topology.primaries()

    def node(self, ref) -> Node:
        """A node by index, port, id, ``"host:port"`` or the Node itself."""
        if isinstance(ref, Node):
            return ref
        for n in self.all_nodes:          # every node of the topology is one of these
            if ref in (n.port, n.id, n.addr) or (isinstance(ref, str) and ref == str(n.port)):
                return n
        if isinstance(ref, int) and 0 <= ref < len(self.nodes):
            return self.nodes[ref]
        raise KeyError(f"no node {ref!r}")

    def owner(self, key) -> Node | None:
        return self.topology.owner[key_slot(key)]

    def session(self, node):
        n = self.node(node)
        s = self._sessions.get(id(n))
        if s is None or s.closed:
            s = self._sessions[id(n)] = n.engine.session("cluster-client")
        return s

    # ------------------------------------------------------------- commands
    def execute(self, node, *args, session=None):
        """Send one command to exactly one node, as plain redis-cli (without -c) does:
        a key another node owns comes back as a MOVED error."""
        from ..engine.args import as_bytes

        n = self.node(node)
        if n.failed:
            raise NodeDown(f"Could not connect to Redis at {n.addr}: Connection refused")
        return n.engine.execute(session or self.session(n), [as_bytes(a) for a in args])

    def route(self, *args, start=None, max_hops: int = 5) -> Routed:
        """Send a command as a cluster client does: to the node its slot map names (or
        ``start``), then follow MOVED (and remember it) and ASK (with ASKING first, and
        without remembering it: the move is not finished)."""
        from ..engine.args import as_bytes

        argv = [as_bytes(a) for a in args]
        n = self.node(start) if start is not None else self._guess(argv)
        hops: list = []
        asking = False
        for _ in range(max_hops):
            s = self.session(n)
            if n.failed:
                raise NodeDown(f"Could not connect to Redis at {n.addr}: Connection refused")
            if asking:
                n.engine.execute(s, [b"ASKING"])
            reply = n.engine.execute(s, argv)
            hops.append((n.addr, reply))
            kind = reply.message.split(" ", 1)[0] if isinstance(reply, RedisError) else None
            if kind not in ("MOVED", "ASK"):
                return Routed(reply, hops, n)
            _, slot, addr = reply.message.split(" ")
            target = self.node(addr)
            if kind == "MOVED":
                self.slot_cache[int(slot)] = target
            asking = kind == "ASK"
            n = target
        return Routed(RedisError("ERR too many cluster redirections"), hops, n)

    def _guess(self, argv) -> Node:
        from ..engine import registry

        spec = registry.lookup(argv[0])
        idx = spec.key_indexes(argv) if spec is not None and not spec.subcommands else []
        if idx and idx[0] < len(argv):
            slot = key_slot(argv[idx[0]])
            cached = self.slot_cache.get(slot)
            if cached is not None and not cached.failed:
                return cached
        return next(n for n in self.primaries() if not n.failed)

    # ------------------------------------------------------------ resharding
    def begin_migration(self, slot: int, target) -> None:
        """CLUSTER SETSLOT IMPORTING on the target, then MIGRATING on the source."""
        dst, src = self.node(target), self.topology.owner[slot]
        if src is None or src is dst or not dst.is_primary:
            raise ValueError(f"cannot migrate slot {slot} from {src} to {dst}")
        dst.importing[slot] = src
        src.migrating[slot] = dst

    def move_keys(self, slot: int, count: int | None = None) -> int:
        """MIGRATE up to ``count`` keys of a migrating slot to its target; returns how many."""
        src = self.topology.owner[slot]
        dst = src.migrating.get(slot) if src is not None else None
        if dst is None:
            raise ValueError(f"slot {slot} is not migrating")
        sdb, ddb = src.engine.keyspace.dbs[0], dst.engine.keyspace.dbs[0]
        moved = 0
        with src.engine.lock, dst.engine.lock:
            for key in [k for k in list(sdb.data) if key_slot(k) == slot]:
                if count is not None and moved >= count:
                    break
                v = sdb.lookup(key, touch=False)
                if v is None:
                    continue
                when = sdb.expires.get(key)
                ddb.set(key, v)
                if when is not None:
                    ddb.set_expire(key, when)
                for r in self.topology.replicas_of(dst):
                    copy_key(ddb, r.engine.keyspace.dbs[0], key)
                sdb.delete(key)
                for r in self.topology.replicas_of(src):
                    r.engine.keyspace.dbs[0].delete(key)
                moved += 1
        return moved

    def finish_migration(self, slot: int) -> None:
        """CLUSTER SETSLOT NODE on both sides: the target owns the slot from now on."""
        src = self.topology.owner[slot]
        dst = src.migrating.pop(slot, None) if src is not None else None
        if dst is None:
            raise ValueError(f"slot {slot} is not migrating")
        dst.importing.pop(slot, None)
        self.topology.owner[slot] = dst
        self.topology.current_epoch += 1
        dst.epoch = self.topology.current_epoch
        for r in self.topology.replicas_of(dst):
            r.epoch = dst.epoch

    def migrate_slot(self, slot: int, target, count: int | None = None) -> None:
        """Reshard one slot. With ``count`` only that many keys move and the slot stays
        in migration (so ASK redirections can be watched); call ``finish_migration``
        (or ``migrate_slot`` again without ``count``) to complete it."""
        src = self.topology.owner[slot]
        if src is None or slot not in src.migrating:
            self.begin_migration(slot, target)
        self.move_keys(slot, count)
        if count is None:
            self.finish_migration(slot)

    # ------------------------------------------------------------- failures
    def fail(self, node) -> Node | None:
        """The node stops answering. If it was a primary, its first live replica is
        promoted (what the cluster's failover election does); returns the new primary,
        or None (a primary without replicas leaves its slots uncovered: CLUSTERDOWN)."""
        n = self.node(node)
        n.failed = True
        self.slot_cache = {k: v for k, v in self.slot_cache.items() if v is not n}
        if not n.is_primary:
            return None
        live = [r for r in self.topology.replicas_of(n) if not r.failed]
        return self.topology.promote(live[0]) if live else None

    def failover(self, replica) -> Node:
        """CLUSTER FAILOVER on a replica: a planned swap, no data lost."""
        r = self.node(replica)
        if r.is_primary:
            raise ValueError("You should send CLUSTER FAILOVER to a replica")
        return self.topology.promote(r)

    def recover(self, node) -> Node:
        """A failed node comes back: as a replica of whoever serves its old slots now,
        after a full resync (a primary that was never replaced keeps its role)."""
        n = self.node(node)
        n.failed = False
        if n.replaced_by is not None:
            n.primary, n.replaced_by = n.replaced_by, None
            while n.primary.primary is not None:     # it may itself have been replaced since
                n.primary = n.primary.primary
            n.epoch = n.primary.epoch
        if n.primary is not None:
            copy_data(n.primary.engine, n.engine)
        return n

    # --------------------------------------------------------------- display
    def describe(self) -> str:
        """One line per primary of each cluster these nodes form, and one per node that
        is in no cluster yet (alone, without slots)."""
        lines, seen = [], []
        for n in self.all_nodes:
            topo = n.engine.extensions["cluster"].topology
            if topo in seen:
                continue
            seen.append(topo)
            if len(topo.nodes) == 1 and not topo.slot_ranges(n):
                lines.append(f"{n.served_host}:{n.port} empty: in no cluster yet")
                continue
            for p in topo.primaries():
                ranges = ",".join(f"{a}-{b}" if a != b else str(a) for a, b in topo.slot_ranges(p))
                reps = ", ".join(r.addr + (" (fail)" if r.failed else "") for r in topo.replicas_of(p))
                lines.append(f"{p.addr}{' (fail)' if p.failed else ''} slots {ranges or '-'}"
                             f"{' replicas ' + reps if reps else ''}")
        return "\n".join(lines)
