"""Nodes joining and leaving a cluster: MEET, FORGET, RESET, REPLICATE, and a node's
own slots and config epoch (ADDSLOTS, DELSLOTS, SET-CONFIG-EPOCH, BUMPEPOCH).

Real nodes learn about each other by gossip over the cluster bus, a second or so per
hop. Here the nodes of one process share a ``Topology``, so a MEET merges the two
nodes' topologies at once: what gossip converges to, without the wait. The command
replies and their errors are redis-server 7.0's; these functions raise them.
"""
from __future__ import annotations

from ..errors import RedisError
from .cluster import Node, Topology, View, node_id, view_of
from .replication import copy_data
from .slots import SLOTS


def _merge(view: View, other: Topology) -> None:
    """Merge ``other`` into this node's topology (or the reverse, whichever is bigger:
    a node joining a cluster moves, not the cluster). Every engine is re-pointed."""
    mine = view.topology
    if mine is other:
        return
    keep, gone = (mine, other) if len(mine.nodes) >= len(other.nodes) else (other, mine)
    for n in gone.nodes:
        keep.add(n)
        view_of(n.engine).topology = keep
    for slot, o in enumerate(gone.owner):
        if o is None:
            continue
        cur = keep.owner[slot]
        # Two claims on one slot: the higher config epoch wins, as in Redis.
        if cur is None or (cur is not o and o.epoch > cur.epoch):
            keep.owner[slot] = o
    keep.current_epoch = max(keep.current_epoch, gone.current_epoch)
    for viewer, hidden in gone.forgotten.items():
        keep.forgotten.setdefault(viewer, set()).update(hidden)
    for n in keep.nodes:
        if not n.host and n.served_host:
            n.host = n.served_host        # a peer told it its address


def meet(view: View, ip: str, port: int) -> None:
    """CLUSTER MEET: join the node at ``ip:port``'s cluster. A node served by this
    process joins at once; any other address stays a handshake that never completes
    (no cluster bus reaches outside the process), as an unreachable node does in Redis."""
    directory = view.extra.get("directory") or {}
    peer = directory.get(port)
    if peer is None or peer.served_host not in (ip, "0.0.0.0", ""):
        _handshake(view, ip, port)
        return
    me = view.myself
    for a, b in ((me, peer), (peer, me)):  # an explicit MEET overrides a FORGET, both ways
        hidden = view_of(a.engine).topology.forgotten.get(a)
        if hidden:
            hidden.discard(b)
    _merge(view, view_of(peer.engine).topology)
    if not me.host and me.served_host:
        me.host = me.served_host


def _handshake(view: View, ip: str, port: int) -> None:
    # What CLUSTER NODES shows while Redis waits for a node that never answers; it is
    # dropped after the node timeout.
    now = view.myself.engine.clock.time_ms()
    timeout = int(view.myself.engine.config.values.get("cluster-node-timeout", 15000))
    seq = len(view.extra.setdefault("handshakes", []))
    view.extra["handshakes"].append((node_id(f"handshake:{ip}:{port}:{now}:{seq}"), ip, port, now + timeout))


def handshakes(view: View) -> list[tuple[str, str, int]]:
    """The pending handshakes (id, ip, port), expired ones dropped."""
    pending = view.extra.get("handshakes")
    if not pending:
        return []
    now = view.myself.engine.clock.time_ms()
    pending[:] = [h for h in pending if h[3] > now]
    return [h[:3] for h in pending]


def forget(view: View, node: Node) -> None:
    """CLUSTER FORGET: this node stops knowing ``node``; the others, and ``node`` itself,
    still know what they knew (redis-cli's del-node sends FORGET to every member, then
    CLUSTER RESET to the node it removes, which takes it out of the shared view).
    Redis would let gossip teach a forgotten node back after 60 seconds; here only a
    MEET does."""
    me = view.myself
    if node is me:
        raise RedisError("ERR I tried hard but I can't forget myself...")
    if me.primary is node:
        raise RedisError("ERR Can't forget my master!")
    view.topology.forgotten.setdefault(me, set()).add(node)


def _detach(topo: Topology, node: Node) -> Topology:
    """Take ``node`` out of ``topo`` into a topology of its own, without slots."""
    topo.nodes.remove(node)
    for i, o in enumerate(topo.owner):
        if o is node:
            topo.owner[i] = None
    for n in topo.nodes:
        if n.primary is node:
            n.primary = None
        for table in (n.migrating, n.importing):
            for slot in [sl for sl, t in table.items() if t is node]:
                del table[slot]
    topo.forgotten.pop(node, None)
    for hidden in topo.forgotten.values():
        hidden.discard(node)
    alone = Topology()
    alone.add(node)
    alone.current_epoch = topo.current_epoch
    node.primary = None
    node.migrating, node.importing = {}, {}
    view_of(node.engine).topology = alone
    return alone


def _holds_keys(engine) -> bool:
    return any(db.data for db in engine.keyspace.dbs)


def reset(view: View, hard: bool) -> None:
    """CLUSTER RESET: forget every other node and every slot; a replica turns into an
    empty primary; HARD also draws a new id and zeroes the epochs. The other nodes
    forget this one at once here (in Redis they would need a FORGET each)."""
    me = view.myself
    engine = me.engine
    if me.is_primary and _holds_keys(engine):
        raise RedisError("ERR CLUSTER RESET can't be called with master nodes containing keys")
    if not me.is_primary:
        for db in engine.keyspace.dbs:
            db.flush()
    alone = _detach(view.topology, me)
    view.extra.pop("handshakes", None)
    if hard:
        me.id = node_id(f"reset:{me.id}")
        me.epoch = 0
        alone.current_epoch = 0


def replicate(view: View, primary: Node) -> None:
    """CLUSTER REPLICATE: become a replica of ``primary``, after a full resync."""
    me = view.myself
    if primary is me:
        raise RedisError("ERR Can't replicate myself")
    if not primary.is_primary:
        raise RedisError("ERR I can only replicate a master, not a replica.")
    topo = view.topology
    if me.is_primary and (any(o is me for o in topo.owner) or me.engine.keyspace.dbs[0].data):
        raise RedisError("ERR To set a master the node must be empty and without assigned slots.")
    for n in topo.nodes:
        if n.primary is me:
            n.primary = primary           # my own replicas follow me to my new primary
    me.primary = primary
    me.migrating, me.importing = {}, {}
    # Its own config epoch stays as it was: a replica shows its primary's, and its own
    # is what it has again after a CLUSTER RESET.
    with primary.engine.lock:
        copy_data(primary.engine, me.engine)


# ------------------------------------------------------------------ slots

def parse_slot(raw: bytes) -> int:
    try:
        n = int(raw)
    except ValueError:
        n = -1
    if not 0 <= n < SLOTS:
        raise RedisError("ERR Invalid or out of range slot")
    return n


def parse_ranges(args: list) -> list[int]:
    """ADDSLOTSRANGE / DELSLOTSRANGE pairs, expanded."""
    out = []
    for i in range(0, len(args), 2):
        a, b = parse_slot(args[i]), parse_slot(args[i + 1])
        if a > b:
            raise RedisError(f"ERR start slot number {a} is greater than end slot number {b}")
        out.extend(range(a, b + 1))
    return out


def assign(view: View, slots: list[int], add: bool) -> None:
    """ADDSLOTS (``add``) or DELSLOTS: all or nothing, checked in Redis's order."""
    owner = view.topology.owner
    seen = set()
    for sl in slots:
        if add and owner[sl] is not None:
            raise RedisError(f"ERR Slot {sl} is already busy")
        if not add and owner[sl] is None:
            raise RedisError(f"ERR Slot {sl} is already unassigned")
        if sl in seen:
            raise RedisError(f"ERR Slot {sl} specified multiple times")
        seen.add(sl)
    me = view.myself
    for sl in slots:
        owner[sl] = me if add else None
        if not add:
            for n in view.topology.nodes:
                n.migrating.pop(sl, None)
                n.importing.pop(sl, None)


def set_config_epoch(view: View, epoch: int) -> None:
    if epoch < 0:
        raise RedisError(f"ERR Invalid config epoch specified: {epoch}")
    if len(view.known()) > 1:
        raise RedisError("ERR The user can assign a config epoch only when the node does not know any other node.")
    me = view.myself
    if me.epoch != 0:
        raise RedisError("ERR Node config epoch is already non-zero")
    me.epoch = epoch
    topo = view.topology
    topo.current_epoch = max(topo.current_epoch, epoch)


def bump_epoch(view: View) -> str:
    """CLUSTER BUMPEPOCH: a new config epoch unless this node already has the highest."""
    me, topo = view.myself, view.topology
    highest = max([topo.current_epoch] + [n.epoch for n in view.known()])
    if me.epoch == 0 or me.epoch != highest:
        topo.current_epoch += 1
        me.epoch = topo.current_epoch
        for r in view.replicas_of(me):
            r.epoch = me.epoch
        return f"BUMPED {me.epoch}"
    return f"STILL {me.epoch}"
