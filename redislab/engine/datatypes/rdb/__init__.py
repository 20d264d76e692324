"""DUMP payloads: one value in Redis's RDB format, behind a version and a checksum.

A payload is ``<type byte><value> <RDB version: 2 bytes LE> <CRC-64: 8 bytes LE>``,
the CRC (crc64.py) covering everything before it. We write RDB version 10, what
Redis 7.0 writes, so redis-server 7.0 accepts our payloads; only a hash whose
fields carry TTLs (a 7.4 feature 7.0 cannot hold) is written with version 12, the
version Redis 7.4 writes. We read versions up to 12, every value type those
versions define for the core data types, and refuse module types.

Pure: no commands, no keyspace. The caller says how the value is encoded (the
engine's OBJECT ENCODING decision) and how a list splits into quicklist nodes.
"""
from __future__ import annotations

from . import wire
from .crc64 import crc64
from .streams import read_stream, write_stream
from .values import read_hash, read_list, read_set, read_zset, write_hash, write_list, write_set, write_zset
from .wire import BadFormat

__all__ = ["BadFormat", "BadEnvelope", "dump", "load", "check", "crc64", "read_value", "write_value",
           "RDB_VERSION", "MAX_VERSION"]

RDB_VERSION = 10         # what Redis 7.0 writes
HFE_VERSION = 12         # Redis 7.4: hash field expiry layouts
MAX_VERSION = 12         # the newest version we read


class BadEnvelope(ValueError):
    """Too short, a version we cannot read, or a checksum that does not match."""


def write_value(w: wire.Writer, value, small: bool = False, list_nodes=()) -> int:
    """Write ``value``'s type byte and body; the RDB version it needs (10, or 12 for a
    hash whose fields carry TTLs). ``small`` says a hash or sorted set is in its
    listpack encoding; ``list_nodes`` gives the element count of each quicklist node."""
    if type(value) is bytes:
        w.byte(wire.STRING)
        w.string(value)
        return RDB_VERSION
    t = value.TYPE
    if t == "list":
        write_list(w, value, list_nodes)
    elif t == "set":
        write_set(w, value)
    elif t == "hash":
        if write_hash(w, value, small):
            return HFE_VERSION
    elif t == "zset":
        write_zset(w, value)
    elif t == "stream":
        write_stream(w, value)
    else:
        raise TypeError(f"no RDB form for {t!r} values")
    return RDB_VERSION


def dump(value, *, small: bool = False, list_nodes=(), compress: bool = True) -> bytes:
    """The DUMP payload for ``value`` (bytes or an engine container); ``compress`` is
    rdbcompression."""
    w = wire.Writer(compress)
    version = write_value(w, value, small, list_nodes)
    w.raw(version.to_bytes(2, "little"))
    w.raw(crc64(w.buf).to_bytes(8, "little"))
    return bytes(w.buf)


def check(payload: bytes) -> int:
    """The payload's RDB version, once its size, version and checksum are right."""
    if len(payload) < 10:
        raise BadEnvelope("payload too short")
    version = int.from_bytes(payload[-10:-8], "little")
    if version > MAX_VERSION:
        raise BadEnvelope("RDB version too new")
    if crc64(payload[:-8]) != int.from_bytes(payload[-8:], "little"):
        raise BadEnvelope("checksum mismatch")
    return version


_LISTS = (wire.LIST, wire.LIST_ZIPLIST, wire.LIST_QUICKLIST, wire.LIST_QUICKLIST_2)
_SETS = (wire.SET, wire.SET_INTSET, wire.SET_LISTPACK)
_HASHES = (wire.HASH, wire.HASH_ZIPLIST, wire.HASH_LISTPACK, wire.HASH_METADATA, wire.HASH_LISTPACK_EX)
_ZSETS = (wire.ZSET, wire.ZSET_2, wire.ZSET_ZIPLIST, wire.ZSET_LISTPACK)
_STREAMS = (wire.STREAM_LISTPACKS, wire.STREAM_LISTPACKS_2, wire.STREAM_LISTPACKS_3)


def load(payload: bytes, config, now_ms: int = 0):
    """The value a checked payload holds, encoded for ``config``'s limits (a mapping
    of the *-max-listpack-* settings). ``now_ms`` drops hash fields already expired.
    Raises BadFormat when the bytes do not describe a value."""
    r = wire.Reader(payload, 0, len(payload) - 10)
    return read_value(r, r.byte(), config, now_ms)


def read_value(r: wire.Reader, t: int, config, now_ms: int = 0):
    """The value of type ``t`` at ``r``'s position (after its type byte, and in a file
    after its key)."""
    if t == wire.STRING:
        return r.string()
    if t in _LISTS:
        return read_list(r, t, config)
    if t in _SETS:
        return read_set(r, t, config)
    if t in _HASHES:
        return read_hash(r, t, config, now_ms)
    if t in _ZSETS:
        return read_zset(r, t, config)
    if t in _STREAMS:
        return read_stream(r, t)
    raise BadFormat(f"unsupported value type {t}")
