"""OBJECT ENCODING: the internal representation Redis would pick for a value.

We store every string as ``bytes``, but learners inspect Redis's choice, so it is
derived on demand with Redis's rules instead of being tracked on every write:

* ``int``: the whole value is a canonical signed 64-bit integer (what string2l
  accepts: no sign '+', no leading zeros, no spaces, "-0" excluded);
* ``embstr``: any other value of at most 44 bytes (one allocation with the header);
* ``raw``: longer values, and any string changed in place (APPEND, SETRANGE,
  SETBIT...), which the string commands record in ``db.raw``.

Containers know their own representation; they receive the engine's Config so the
``*-max-listpack-*`` limits in force decide it.
"""
from __future__ import annotations

from .args import is_int

EMBSTR_LIMIT = 44


def string_encoding(value: bytes) -> str:
    n = len(value)
    if n <= 20 and n and is_int(value):
        return "int"
    return "embstr" if n <= EMBSTR_LIMIT else "raw"


def encoding_of(db, key, value) -> str:
    if type(value) is bytes:
        if key in db.raw:
            return "raw"
        return string_encoding(value)
    return value.encoding(db.ks.config)
