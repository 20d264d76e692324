"""SUBSCRIBE and friends, PUBLISH, PUBSUB introspection.

Each (un)subscription is confirmed with its own reply, so these handlers return a
``Multi`` of ``Push`` frames: arrays in RESP2, pushes in RESP3.
"""
from __future__ import annotations

from ... import errors
from ..glob import match
from ..pubsub import PubSub
from ..registry import Pattern, Str, command, container
from ..replies import Multi, Push, help_reply


def _sub(s, argv, kind: bytes, table_name: str, mine_name: str):
    ps = PubSub.of(s.engine)
    table = getattr(ps, table_name)
    mine = getattr(s, mine_name)
    out = Multi()
    for name in argv[1:]:
        if name not in mine:
            mine.add(name)
            table.setdefault(name, {})[s] = None
        out.append(Push([kind, name, _count(s, kind)]))
    s.refresh()
    return out


def _unsub(s, argv, kind: bytes, table_name: str, mine_name: str):
    ps = PubSub.of(s.engine)
    table = getattr(ps, table_name)
    mine = getattr(s, mine_name)
    names = argv[1:] or list(mine)
    out = Multi()
    for name in names:
        if name in mine:
            mine.discard(name)
            subs = table.get(name)
            if subs is not None:
                subs.pop(s, None)
                if not subs:
                    del table[name]
        out.append(Push([kind, name, _count(s, kind)]))
    if not names:
        out.append(Push([kind, None, _count(s, kind)]))
    s.refresh()
    return out


def _count(s, kind: bytes) -> int:
    # Shard subscriptions are counted apart from channel + pattern ones, as in Redis.
    if kind in (b"ssubscribe", b"sunsubscribe"):
        return len(s.shard_channels)
    return len(s.channels) + len(s.patterns)


_FLAGS = "pubsub noscript loading stale"


@command("SUBSCRIBE", arity=-2, flags=_FLAGS, group="pubsub",
         summary="Listen for messages published to the given channels.",
         complexity="O(N) where N is the number of channels to subscribe to.", since="2.0.0",
         args=(Str("channel", multiple=True),))
def subscribe(s, argv):
    return _sub(s, argv, b"subscribe", "channels", "channels")


@command("UNSUBSCRIBE", arity=-1, flags=_FLAGS, group="pubsub",
         summary="Stop listening to the given channels, or to all of them.",
         complexity="O(N) where N is the number of channels to unsubscribe.", since="2.0.0",
         args=(Str("channel", optional=True, multiple=True),))
def unsubscribe(s, argv):
    return _unsub(s, argv, b"unsubscribe", "channels", "channels")


@command("PSUBSCRIBE", arity=-2, flags=_FLAGS, group="pubsub",
         summary="Listen for messages on every channel whose name matches a glob pattern.",
         complexity="O(N) where N is the number of patterns to subscribe to.", since="2.0.0",
         args=(Pattern(multiple=True),))
def psubscribe(s, argv):
    return _sub(s, argv, b"psubscribe", "patterns", "patterns")


@command("PUNSUBSCRIBE", arity=-1, flags=_FLAGS, group="pubsub",
         summary="Stop listening to the given patterns, or to all of them.",
         complexity="O(N) where N is the number of patterns to unsubscribe.", since="2.0.0",
         args=(Pattern(optional=True, multiple=True),))
def punsubscribe(s, argv):
    return _unsub(s, argv, b"punsubscribe", "patterns", "patterns")


@command("SSUBSCRIBE", arity=-2, flags=_FLAGS, keys=(1, -1, 1), group="pubsub",
         summary="Listen to shard channels (cluster-local pub/sub).",
         complexity="O(N) where N is the number of shard channels to subscribe to.", since="7.0.0",
         args=(Str("shardchannel", multiple=True),), key_flags="not_key")
def ssubscribe(s, argv):
    return _sub(s, argv, b"ssubscribe", "shard_channels", "shard_channels")


@command("SUNSUBSCRIBE", arity=-1, flags=_FLAGS, keys=(1, -1, 1), group="pubsub",
         summary="Stop listening to the given shard channels, or to all of them.",
         complexity="O(N) where N is the number of shard channels to unsubscribe.", since="7.0.0",
         args=(Str("shardchannel", optional=True, multiple=True),), key_flags="not_key")
def sunsubscribe(s, argv):
    return _unsub(s, argv, b"sunsubscribe", "shard_channels", "shard_channels")


@command("PUBLISH", arity=3, flags="pubsub loading stale fast may_replicate", group="pubsub",
         summary="Send a message to a channel; returns how many subscribers received it.",
         complexity="O(N+M) where N is the number of clients subscribed to the receiving channel and M is the total number of subscribed patterns (by any client).",
         since="2.0.0", args=(Str("channel"), Str("message")))
def publish(s, argv):
    return PubSub.of(s.engine).publish(argv[1], argv[2])


@command("SPUBLISH", arity=3, flags="pubsub loading stale fast may_replicate", keys=(1, 1, 1),
         group="pubsub", summary="Send a message to a shard channel.",
         complexity="O(N) where N is the number of clients subscribed to the receiving shard channel.",
         since="7.0.0", args=(Str("shardchannel"), Str("message")), key_flags="not_key")
def spublish(s, argv):
    return PubSub.of(s.engine).spublish(argv[1], argv[2])


container("PUBSUB", group="pubsub", summary="Inspect the state of the Pub/Sub subsystem.", since="2.8.0")


def _list(table: dict, argv):
    """CHANNELS / SHARDCHANNELS: names with subscribers, optionally matching a pattern."""
    if len(argv) > 3:
        raise errors.subcommand_syntax(argv[1], "pubsub")
    pat = argv[2] if len(argv) > 2 else None
    return [name for name in table if pat is None or match(pat, name)]


def _numsub(table: dict, argv):
    """NUMSUB / SHARDNUMSUB: a flat name, count, name, count ... array."""
    out = []
    for ch in argv[2:]:
        out += [ch, len(table.get(ch, ()))]
    return out


@command("PUBSUB|CHANNELS", arity=-2, flags="pubsub loading stale", group="pubsub",
         summary="List channels that have at least one subscriber, optionally matching a pattern.",
         complexity="O(N) where N is the number of active channels, and assuming constant time pattern matching (relatively short channels and patterns)",
         since="2.8.0", args=(Pattern(optional=True),))
def pubsub_channels(s, argv):
    return _list(PubSub.of(s.engine).channels, argv)


@command("PUBSUB|NUMSUB", arity=-2, flags="pubsub loading stale", group="pubsub",
         summary="Count the subscribers of each given channel.",
         complexity="O(N) for the NUMSUB subcommand, where N is the number of requested channels",
         since="2.8.0", args=(Str("channel", optional=True, multiple=True),))
def pubsub_numsub(s, argv):
    return _numsub(PubSub.of(s.engine).channels, argv)


@command("PUBSUB|NUMPAT", arity=2, flags="pubsub loading stale", group="pubsub",
         summary="Count the patterns subscribed to by all clients.", complexity="O(1)", since="2.8.0")
def pubsub_numpat(s, argv):
    return len(PubSub.of(s.engine).patterns)


@command("PUBSUB|SHARDCHANNELS", arity=-2, flags="pubsub loading stale", group="pubsub",
         summary="List shard channels that have at least one subscriber.",
         complexity="O(N) where N is the number of active shard channels, and assuming constant time pattern matching (relatively short shard channels).",
         since="7.0.0", args=(Pattern(optional=True),))
def pubsub_shardchannels(s, argv):
    return _list(PubSub.of(s.engine).shard_channels, argv)


@command("PUBSUB|SHARDNUMSUB", arity=-2, flags="pubsub loading stale", group="pubsub",
         summary="Count the subscribers of each given shard channel.",
         complexity="O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard channels",
         since="7.0.0", args=(Str("shardchannel", optional=True, multiple=True),))
def pubsub_shardnumsub(s, argv):
    return _numsub(PubSub.of(s.engine).shard_channels, argv)


@command("PUBSUB|HELP", arity=2, flags="loading stale", group="pubsub", acl="-pubsub",
         summary="Explain the PUBSUB subcommands.", complexity="O(1)", since="6.2.0")
def pubsub_help(s, argv):
    return help_reply(
        "PUBSUB",
        "CHANNELS [<pattern>]", "    Channels with subscribers, optionally only those matching <pattern>.",
        "NUMPAT", "    How many pattern subscriptions all clients hold together.",
        "NUMSUB [<channel> ...]", "    Each given channel followed by its number of subscribers.",
        "SHARDCHANNELS [<pattern>]", "    Shard channels with subscribers, optionally matching <pattern>.",
        "SHARDNUMSUB [<shardchannel> ...]", "    Each given shard channel followed by its subscriber count.")
