"""REPLICAOF (and its old name SLAVEOF): follow a primary, or stop following one.

The link itself (a thread that syncs and applies the primary's stream) is
``replica_link``; this module starts and stops it and keeps the replica read-only
for its clients (``replica-read-only``), as Redis does.
"""
from __future__ import annotations

from ... import errors
from ...errors import RedisError
from ..args import upper
from ..registry import Block, Int, OneOf, Str, Token, command
from ..replica_link import READONLY, ReplicaLink, link_of
from ..replies import OK, Status

_ARGS = (OneOf("args", Block("host-port", Str("host"), Int("port")),
               Block("no-one", Token("NO"), Token("ONE"))),)
_SUMMARY = "Follow another server as its replica (its data replaces ours), or, with NO ONE, stop and keep the data."


def _readonly_gate(engine):
    def gate(s, spec, argv):
        if spec.write and s.kind != "replication" and engine.config.values["replica-read-only"]:
            return RedisError(READONLY)
        return None

    gate.replica_gate = True
    return gate


def _replicaof(s, argv):
    from ...cluster.cluster import view_of

    engine = s.engine
    if view_of(engine) is not None:
        raise errors.err("REPLICAOF not allowed in cluster mode.")
    if upper(argv[1]) == b"NO" and upper(argv[2]) == b"ONE":
        _stop(engine)
        return OK
    try:
        port = int(argv[2])
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise errors.err("Invalid master port")
    host = argv[1].decode("utf-8", "replace")
    link = link_of(engine)
    if link is not None and link.host == host and link.port == port:
        return Status("OK Already connected to specified master")
    _stop(engine)
    link = engine.extensions["replica_link"] = ReplicaLink(engine, host, port)
    engine.gates.append(_readonly_gate(engine))
    link.start()
    return OK


def _stop(engine) -> None:
    link = link_of(engine)
    if link is None:
        return
    del engine.extensions["replica_link"]
    engine.gates[:] = [g for g in engine.gates if not getattr(g, "replica_gate", False)]
    link.stop(wait=False)       # we hold the engine, which the link thread may be waiting for


@command("REPLICAOF", arity=3, flags="admin noscript stale no_async_loading", group="server", acl="dangerous",
         summary=_SUMMARY, complexity="O(1)", since="5.0.0", args=_ARGS)
def replicaof(s, argv):
    return _replicaof(s, argv)


@command("SLAVEOF", arity=3, flags="admin noscript stale no_async_loading", group="server", acl="dangerous",
         summary=_SUMMARY, complexity="O(1)", since="1.0.0", doc_flags="deprecated",
         deprecated_since="5.0.0", replaced_by="`REPLICAOF`", args=_ARGS)
def slaveof(s, argv):
    return _replicaof(s, argv)
