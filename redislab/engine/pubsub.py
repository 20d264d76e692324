"""Pub/Sub state shared by the engine: who listens to which channel or pattern.

Delivery goes through each subscriber's ``Session.send_push`` (the RESP server
writes it to the socket, the in-process client queues it). Subscriptions are kept
in insertion-ordered dicts so messages reach subscribers in the order they
subscribed, as Redis's lists do.
"""
from __future__ import annotations

from .glob import match
from .replies import Push


class PubSub:
    def __init__(self, engine):
        self.engine = engine
        self.channels: dict[bytes, dict] = {}
        self.patterns: dict[bytes, dict] = {}
        self.shard_channels: dict[bytes, dict] = {}
        engine.extensions.setdefault("on_close", []).append(self.drop_session)

    @classmethod
    def of(cls, engine) -> "PubSub":
        ps = engine.extensions.get("pubsub")
        if ps is None:
            ps = engine.extensions["pubsub"] = cls(engine)
        return ps

    def publish(self, channel: bytes, message: bytes) -> int:
        n = 0
        subs = self.channels.get(channel)
        if subs:
            msg = Push([b"message", channel, message])
            for s in list(subs):
                s.send_push(msg)
                n += 1
        if self.patterns:
            for pat, subs in list(self.patterns.items()):
                if match(pat, channel):
                    msg = Push([b"pmessage", pat, channel, message])
                    for s in list(subs):
                        s.send_push(msg)
                        n += 1
        return n

    def spublish(self, channel: bytes, message: bytes) -> int:
        subs = self.shard_channels.get(channel)
        if not subs:
            return 0
        msg = Push([b"smessage", channel, message])
        for s in list(subs):
            s.send_push(msg)
        return len(subs)

    def drop_session(self, s) -> None:
        for table, mine in ((self.channels, s.channels), (self.patterns, s.patterns),
                            (self.shard_channels, s.shard_channels)):
            for name in mine:
                subs = table.get(name)
                if subs is not None:
                    subs.pop(s, None)
                    if not subs:
                        del table[name]
            mine.clear()
        s.refresh()
