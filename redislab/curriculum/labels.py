"""One short line per check saying what it looks at, in the learner's words.

A grade lists every check, passed or not. The kind names (``value``, ``used_one_of``,
``max_commands``) are the lesson author's vocabulary; a learner reads "value of
home:city" or "at most 1 command" instead, with the key or commands filled in from
the exercise's own variables so the line names what is on screen.
"""
from __future__ import annotations

from . import variants as V
from .checks import command_names_in

_KEYED = {
    "exists": "{key} exists",
    "absent": "{key} is gone",
    "type": "type of {key}",
    "value": "value of {key}",
    "list": "elements of {key}",
    "set": "members of {key}",
    "zset": "members and scores of {key}",
    "hash": "fields of {key}",
    "length": "length of {key}",
    "ttl": "time to live of {key}",
    "encoding": "encoding of {key}",
    "atomic_ttl": "{key} gets its value and TTL in one command",
    "first_write": "the first command that changes data writes {key}",
    "json": "JSON document {key}",
    "stream": "newest entry of {key}",
}
# What a ts / index check reads, by parameter: "time series m: retention, labels".
_PARTS = {"retention": "retention", "labels": "labels", "samples": "samples", "last": "newest value",
          "rules": "compaction rules", "on": "key type", "prefixes": "prefixes", "fields": "attributes",
          "docs": "documents"}


def describe(chk, env: dict) -> str:
    """What ``chk`` (a schema ``Check``) verifies, e.g. ``value of home:city``."""
    p, kind = chk.params, chk.kind

    def text(v) -> str:
        try:
            return V.as_text(V.render_value(v, env))
        except Exception:  # noqa: BLE001 - a label must never break a grade
            return str(v)

    if kind == "atomic_ttl" and p.get("allow_multi") and "key" in p:
        # INCR or HSET then EXPIRE: there is no one command; the transaction is the point.
        return f"{text(p['key'])} gets its value and TTL in one command or one MULTI"
    if kind in _KEYED and "key" in p:
        return _KEYED[kind].format(key=text(p["key"]))
    if kind in ("ts", "index"):
        what = ", ".join(dict.fromkeys(_PARTS[k] for k in p if k in _PARTS))
        head = f"time series {text(p.get('key'))}" if kind == "ts" else f"index {text(p.get('name'))}"
        return f"{head}: {what}" if what else head
    if kind == "score" and "key" in p:
        return f"score of {text(p.get('member', '?'))} in {text(p['key'])}"
    if kind == "reply":
        cmd = p.get("command")
        if p.get("of") == "writes" and not cmd:
            n = p.get("n", -1)
            which = {1: "first", -1: "last"}.get(n, f"number {n}")
            return f"reply to your {which} command that changes data"
        return f"reply of {text(cmd).upper()}" if cmd else "the reply you got"
    names = command_names_in(kind, p)
    if kind == "used":
        return "uses " + " and ".join(names)
    if kind == "not_used":
        return "does not use " + " or ".join(names)
    if kind == "used_one_of":
        return "uses " + " or ".join(names)
    if kind == "max_commands":
        n = text(p.get("count"))
        if p.get("of") == "writes":
            return f"at most {n} command{'' if n == '1' else 's'} changing data (reads to look first are free)"
        return f"at most {n} command{'' if n == '1' else 's'}"
    if kind == "pipelined_or_multi":
        return "writes sent in one round trip (MULTI or a pipeline)"
    return kind.replace("_", " ")
