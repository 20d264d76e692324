"""Keyspace notifications (notify-keyspace-events).

Commands report what they did with ``db.ks.notify(class_letter, event, key, dbid)``;
when the class is enabled this publishes ``__keyspace@<db>__:<key>`` -> event and/or
``__keyevent@<db>__:<event>`` -> key through the engine's Pub/Sub, as Redis does.
"""
from __future__ import annotations

from ..errors import RedisError

# Class letters in the order Redis prints them; "A" stands for all of ALL_CLASSES.
ALL_CLASSES = "g$lshzxetd"
_ORDER = "g$lshzxetdn"


def parse_flags(text: str) -> set:
    """The set of letters a notify-keyspace-events value enables (raises on junk)."""
    flags = set()
    for c in text:
        if c == "A":
            flags.update(ALL_CLASSES)
        elif c in _ORDER or c in "KEm":
            flags.add(c)
        else:
            raise RedisError("ERR CONFIG SET failed (possibly related to argument 'notify-keyspace-events') - Invalid event class character. Use 'Ag$lshzxeKEtmdn'.")
    return flags


def flags_to_string(flags: set) -> str:
    if all(c in flags for c in ALL_CLASSES):
        out = "A" + ("n" if "n" in flags else "")
    else:
        out = "".join(c for c in _ORDER if c in flags)
    for c in "KEm":
        if c in flags:
            out += c
    return out


def install(engine) -> None:
    """Keep ``keyspace.notifier`` in step with the config: None when nothing listens,
    so commands pay a single test when notifications are off (the default)."""

    def apply(value, old=None):
        flags = parse_flags(value or "")
        classes = flags - set("KE")
        if not classes or not (flags & set("KE")):
            engine.keyspace.notifier = None
            return
        keyspace, keyevent = "K" in flags, "E" in flags

        def notifier(cls, event, key, dbid):
            if cls not in classes:
                return
            from .pubsub import PubSub

            ps = PubSub.of(engine)
            ev = event.encode() if isinstance(event, str) else event
            if keyspace:
                ps.publish(b"__keyspace@%d__:%s" % (dbid, key), ev)
            if keyevent:
                ps.publish(b"__keyevent@%d__:%s" % (dbid, ev), key)

        engine.keyspace.notifier = notifier

    engine.config.on_change("notify-keyspace-events", apply)
    apply(engine.config["notify-keyspace-events"])
