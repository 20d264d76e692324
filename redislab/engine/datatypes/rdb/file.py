"""Whole RDB files (dump.rdb): what SAVE writes and a server loads when it starts.

A file is ``REDIS`` and a four-digit version, auxiliary fields (``redis-ver``,
``ctime`` ...), the Functions libraries' source, then for each non-empty database a
SELECTDB and RESIZEDB opcode followed by its keys, each as an optional expiry time,
the value's type byte, the key and the value (as in a DUMP payload), and finally EOF
and the CRC-64 of everything before it (eight zero bytes when rdbchecksum is off).
We write version 10, as Redis 7.0 does, so redis-server 7.0 loads our files; we read
versions up to 12. Module values and module aux data are refused.

Pure: the caller hands over the databases' entries and gets them back.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from . import RDB_VERSION, MAX_VERSION, read_value, write_value, wire
from .crc64 import crc64
from .wire import BadFormat

OP_FUNCTION2, OP_FUNCTION_PRE_GA, OP_MODULE_AUX = 245, 246, 247
OP_IDLE, OP_FREQ, OP_AUX, OP_RESIZEDB = 248, 249, 250, 251
OP_EXPIRETIME_MS, OP_EXPIRETIME, OP_SELECTDB, OP_EOF = 252, 253, 254, 255
OP_SLOT_INFO = 244


@dataclass
class Entry:
    key: bytes
    value: object
    expire_ms: int | None = None     # absolute unix time
    small: bool = False              # hash/zset in its listpack encoding
    list_nodes: tuple = ()           # element count per quicklist node
    idle: int | None = None          # seconds idle (LRU policies), as a loaded file gives it
    freq: int | None = None          # LFU counter


@dataclass
class Contents:
    aux: dict = field(default_factory=dict)
    functions: list = field(default_factory=list)        # each library's source code
    dbs: dict = field(default_factory=dict)              # dbid -> [Entry]
    version: int = RDB_VERSION


def write(contents: Contents, compress: bool = True, checksum: bool = True) -> bytes:
    body = wire.Writer(compress)
    version = RDB_VERSION
    for k, v in contents.aux.items():
        body.byte(OP_AUX)
        body.string(k)
        body.string(v)
    for code in contents.functions:
        body.byte(OP_FUNCTION2)
        body.string(code)
    for dbid, entries in sorted(contents.dbs.items()):
        if not entries:
            continue
        body.byte(OP_SELECTDB)
        body.length(dbid)
        body.byte(OP_RESIZEDB)
        body.length(len(entries))
        body.length(sum(1 for e in entries if e.expire_ms is not None))
        for e in entries:
            if e.expire_ms is not None:
                body.byte(OP_EXPIRETIME_MS)
                body.ms_time(e.expire_ms)
            # The value's own writer puts its type byte first; the key goes between.
            v = wire.Writer(compress)
            version = max(version, write_value(v, e.value, e.small, e.list_nodes))
            body.byte(v.buf[0])
            body.string(e.key)
            body.raw(v.buf[1:])
    body.byte(OP_EOF)
    out = bytearray(b"REDIS%04d" % version) + body.buf
    out += (crc64(out) if checksum else 0).to_bytes(8, "little")
    return bytes(out)


def read(data: bytes, config, now_ms: int = 0) -> Contents:
    """Everything a file holds. Raises BadFormat for a damaged or unknown file."""
    if len(data) < 9 or data[:5] != b"REDIS" or not data[5:9].isdigit():
        raise BadFormat("not an RDB file")
    version = int(data[5:9])
    if version < 1 or version > MAX_VERSION:
        raise BadFormat(f"can't handle RDB format version {version}")
    out = Contents(version=version)
    r = wire.Reader(data, 9)
    dbid = 0
    expire = idle = freq = None
    while True:
        t = r.byte()
        if t == OP_EOF:
            break
        if t == OP_AUX:
            k = r.string()
            out.aux[k] = r.string()
        elif t == OP_SELECTDB:
            dbid = r.length()
        elif t == OP_RESIZEDB:
            r.length()
            r.length()
        elif t == OP_SLOT_INFO:
            r.length()
            r.length()
            r.length()
        elif t == OP_EXPIRETIME_MS:
            expire = r.ms_time()
        elif t == OP_EXPIRETIME:
            expire = int.from_bytes(r.take(4), "little", signed=True) * 1000
        elif t == OP_IDLE:
            idle = r.length()
        elif t == OP_FREQ:
            freq = r.byte()
        elif t == OP_FUNCTION2:
            out.functions.append(r.string())
        elif t in (OP_FUNCTION_PRE_GA, OP_MODULE_AUX):
            raise BadFormat("module data or pre-release functions: not supported")
        else:
            key = r.string()
            value = read_value(r, t, config, now_ms)
            out.dbs.setdefault(dbid, []).append(Entry(key, value, expire, idle=idle, freq=freq))
            expire = idle = freq = None
    if version >= 5:
        stored = r.take(8)
        if stored != bytes(8) and int.from_bytes(stored, "little") != crc64(data[:r.pos - 8]):
            raise BadFormat("wrong RDB checksum")
    return out
