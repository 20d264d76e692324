"""State checks for the Redis Stack lessons: what a JSON document holds at a path.

    - json: {key: "user:{{uid}}", path: $.address.city, equals: '"Busan"'}

``equals`` is JSON text (rendered with the exercise's values first), compared by
value, not by spelling: '{"a":1,"b":2}' equals '{"b": 2, "a": 1}'. Without ``path``
the whole document is compared. A ``$`` path must match exactly one place.
"""
from __future__ import annotations

import json

from ..errors import RedisError
from .checks import _s, kind


def _short(v) -> str:
    text = json.dumps(v, separators=(",", ":"), ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."


@kind("json", "state", keys=("key", "path", "equals"), required=("key", "equals"))
def _json(ctx, p):
    key = ctx.key(p)
    path = _s(ctx.r(p.get("path", "$")))
    t = _s(ctx.read("TYPE", key))
    if t == "none":
        return False, f"`{key}` does not exist"
    if t != "ReJSON-RL":
        return False, f"`{key}` is a {t}, it should be a JSON document (JSON.SET)"
    want_text = ctx.r(p["equals"])
    want = json.loads(want_text if isinstance(want_text, str) else json.dumps(want_text))
    try:
        reply = ctx.read("JSON.GET", key, path if path.startswith("$") else "$" + path)
    except RedisError as e:
        return False, f"`{key}` cannot be read at {path}: {e}"
    if isinstance(reply, RedisError):
        return False, f"`{key}` cannot be read at {path}: {reply}"
    matches = json.loads(_s(reply))
    if len(matches) != 1:
        return False, (f"`{key}` has nothing at {path}" if not matches
                       else f"{path} matches {len(matches)} places in `{key}`, the check expects one")
    got = matches[0]
    where = f"`{key}`" if path == "$" else f"{path} of `{key}`"
    return got == want, "" if got == want else f"{where} should be {_short(want)}, it is {_short(got)}"
