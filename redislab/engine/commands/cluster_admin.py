"""CLUSTER subcommands that build and take apart a cluster: MEET, FORGET, RESET,
REPLICATE, ADDSLOTS / DELSLOTS (and their RANGE forms), FLUSHSLOTS, SET-CONFIG-EPOCH,
BUMPEPOCH. They are what ``redis-cli --cluster create``, ``add-node`` and ``del-node``
send; the work is in ``redislab.cluster.membership``."""
from __future__ import annotations

import ipaddress

from ...cluster import membership as M
from ...errors import RedisError, subcommand_syntax
from ..args import text
from ..registry import Block, Int, OneOf, Str, Token, command
from ..replies import OK, Status
from .cluster_cmds import _node_arg, _view

_ADMIN = dict(group="cluster", flags="admin stale no_async_loading", since="3.0.0")


def _port(raw: bytes, what: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise RedisError(f"ERR Invalid TCP {what} port specified: {text(raw)}") from None


@command("CLUSTER|MEET", arity=-4, **_ADMIN, complexity="O(1)",
         summary="Join the cluster of the node at <ip> <port> (nodes served by this process join at once).",
         args=(Str("ip"), Int("port"), Int("cluster-bus-port", optional=True, since="4.0.0")),
         history=(("4.0.0", "Added the optional `cluster_bus_port` argument."),))
def cluster_meet(s, argv):
    view = _view(s)
    if len(argv) > 5:
        raise subcommand_syntax(argv[1], "cluster")
    port = _port(argv[3], "base")
    if len(argv) == 5:
        _port(argv[4], "bus")
    ip = text(argv[2])
    try:
        ipaddress.ip_address(ip)          # Redis takes an address, never a host name
        ok = 0 < port < 65536
    except ValueError:
        ok = False
    if not ok:
        raise RedisError(f"ERR Invalid node address specified: {ip}:{text(argv[3])}")
    M.meet(view, ip, port)
    return OK


@command("CLUSTER|FORGET", arity=3, **_ADMIN, complexity="O(1)",
         summary="Remove a node from the nodes this node knows.", args=(Str("node-id"),))
def cluster_forget(s, argv):
    view = _view(s)
    M.forget(view, _node_arg(view, argv[2]))
    return OK


@command("CLUSTER|RESET", arity=-2, group="cluster", flags="admin noscript stale", since="3.0.0",
         complexity="O(N) where N is the number of known nodes. The command may execute a FLUSHALL as a side effect.",
         summary="Make this node a fresh, empty one: no peers, no slots (HARD: a new id, epochs at 0).",
         args=(OneOf("hard-soft", Token("HARD"), Token("SOFT"), optional=True),))
def cluster_reset(s, argv):
    view = _view(s)
    if len(argv) > 3:
        raise subcommand_syntax(argv[1], "cluster")
    kind = text(argv[2]).upper() if len(argv) == 3 else "SOFT"
    if kind not in ("HARD", "SOFT"):
        raise RedisError("ERR syntax error")
    M.reset(view, kind == "HARD")
    return OK


@command("CLUSTER|REPLICATE", arity=3, **_ADMIN, complexity="O(1)",
         summary="Make this node a replica of the given primary (its data is replaced by a copy).",
         args=(Str("node-id"),))
def cluster_replicate(s, argv):
    view = _view(s)
    M.replicate(view, _node_arg(view, argv[2]))
    return OK


@command("CLUSTER|ADDSLOTS", arity=-3, **_ADMIN, complexity="O(N) where N is the total number of hash slot arguments",
         summary="Claim unassigned hash slots for this node.", args=(Int("slot", multiple=True),))
def cluster_addslots(s, argv):
    view = _view(s)
    M.assign(view, [M.parse_slot(a) for a in argv[2:]], add=True)
    return OK


@command("CLUSTER|DELSLOTS", arity=-3, **_ADMIN, complexity="O(N) where N is the total number of hash slot arguments",
         summary="Mark hash slots as served by no node, in this node's view.", args=(Int("slot", multiple=True),))
def cluster_delslots(s, argv):
    view = _view(s)
    M.assign(view, [M.parse_slot(a) for a in argv[2:]], add=False)
    return OK


_RANGE = (Block("range", Int("start-slot"), Int("end-slot"), multiple=True),)
_RANGE_COST = "O(N) where N is the total number of the slots between the start slot and end slot arguments."


def _ranges(argv) -> list[int]:
    if len(argv) % 2:
        raise RedisError(f"ERR wrong number of arguments for 'cluster|{text(argv[1]).lower()}' command")
    return M.parse_ranges(argv[2:])


@command("CLUSTER|ADDSLOTSRANGE", arity=-4, group="cluster", flags="admin stale no_async_loading",
         since="7.0.0", complexity=_RANGE_COST, args=_RANGE,
         summary="Claim every unassigned slot of one or more ranges for this node.")
def cluster_addslotsrange(s, argv):
    view = _view(s)
    M.assign(view, _ranges(argv), add=True)
    return OK


@command("CLUSTER|DELSLOTSRANGE", arity=-4, group="cluster", flags="admin stale no_async_loading",
         since="7.0.0", complexity=_RANGE_COST, args=_RANGE,
         summary="Mark every slot of one or more ranges as served by no node, in this node's view.")
def cluster_delslotsrange(s, argv):
    view = _view(s)
    M.assign(view, _ranges(argv), add=False)
    return OK


@command("CLUSTER|FLUSHSLOTS", arity=2, **_ADMIN, complexity="O(1)",
         summary="Give up every slot this node serves (it must hold no keys).")
def cluster_flushslots(s, argv):
    view = _view(s)
    if s.engine.keyspace.dbs[0].data:
        raise RedisError("ERR DB must be empty to perform CLUSTER FLUSHSLOTS.")
    me = view.myself
    M.assign(view, [i for i, o in enumerate(view.topology.owner) if o is me], add=False)
    return OK


@command("CLUSTER|SET-CONFIG-EPOCH", arity=3, **_ADMIN, complexity="O(1)",
         summary="Give a new node its config epoch (only while it knows no other node).",
         args=(Int("config-epoch"),))
def cluster_set_config_epoch(s, argv):
    view = _view(s)
    try:
        epoch = int(argv[2])
    except ValueError:
        raise RedisError("ERR value is not an integer or out of range") from None
    M.set_config_epoch(view, epoch)
    return OK


@command("CLUSTER|BUMPEPOCH", arity=2, **_ADMIN, complexity="O(1)", tips="nondeterministic_output",
         summary="Take a new config epoch unless this node's is already the highest (BUMPED n / STILL n).")
def cluster_bumpepoch(s, argv):
    return Status(M.bump_epoch(_view(s)))
