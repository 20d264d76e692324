"""Streams to and from RDB (type 19 as Redis 7.0 writes it; 15, 19 and 21 read).

The entries are stored node by node, as Redis keeps them in its radix tree: the
node's key (its master ID, 16 bytes big-endian) and a listpack that starts with a
master entry (live count, deleted count, the master fields, a 0 terminator) and
then holds each entry as: flags, ID as offsets from the master ID, the values
alone when the entry has the master's fields (flag 2) or else the field count and
field/value pairs, and finally how many listpack elements the entry used.
Then come the length, last ID, (v2+) first ID, largest deleted ID and entries ever
added, and the consumer groups with their pending entries and consumers (v3 adds
each consumer's active time).

The engine keeps no tombstones (XDEL removes the entry outright), so the nodes it
writes hold only live entries and a deleted count of 0.
"""
from __future__ import annotations

from ..stream import INVALID_READS, MIN_ID, NACK, Consumer, Stream, _Node
from . import wire
from .packed import listpack, parse_listpack
from .wire import BadFormat

_DELETED, _SAME_FIELDS = 1, 2
_U64 = (1 << 64) - 1


def _signed(v: int) -> int:
    v &= _U64
    return v - (1 << 64) if v >> 63 else v


def _node_listpack(master, fields, entries) -> bytes:
    elems = [len(entries), 0, len(fields), *fields, 0]
    for eid, (efields, values) in entries:
        head = [_signed(eid[0] - master[0]), _signed(eid[1] - master[1])]
        if efields == fields:
            elems += [_SAME_FIELDS, *head, *values, len(values) + 3]
        else:
            elems += [0, *head, len(values)]
            for f, v in zip(efields, values):
                elems += [f, v]
            elems.append(2 * len(values) + 4)
    return listpack(elems)


def write_stream(w: wire.Writer, s: Stream) -> None:
    w.byte(wire.STREAM_LISTPACKS_2)
    masters = list(s.nodes.keys())
    w.length(len(masters))
    for k, master in enumerate(masters):
        stop = masters[k + 1] if k + 1 < len(masters) else None
        ids = s.entries.irange(master, stop, inclusive=(True, False))
        w.string(master[0].to_bytes(8, "big") + master[1].to_bytes(8, "big"))
        w.string(_node_listpack(master, s.nodes[master].fields, [(i, s.entries[i]) for i in ids]))
    w.length(len(s))
    for eid in (s.last_id, s.first_id, s.max_deleted_id):
        w.length(eid[0])
        w.length(eid[1])
    w.length(s.entries_added)
    w.length(len(s.groups))
    for g in s.sorted_groups():
        w.string(g.name)
        w.length(g.last_id[0])
        w.length(g.last_id[1])
        w.length(g.entries_read & _U64)
        w.length(len(g.pel))
        for eid, nack in g.pel.items():
            w.stream_id(eid)
            w.ms_time(nack.delivery_time)
            w.length(nack.delivery_count)
        w.length(len(g.consumers))
        for c in g.sorted_consumers():
            w.string(c.name)
            w.ms_time(c.seen_time)
            w.length(len(c.pel))
            for eid in c.pel:
                w.stream_id(eid)


# ----------------------------------------------------------------- reading

def _int(b: bytes) -> int:
    try:
        return int(b)
    except ValueError:
        raise BadFormat("stream listpack: integer expected") from None


def _read_node(s: Stream, master, blob: bytes) -> None:
    elems = parse_listpack(blob)
    if len(elems) < 4:
        raise BadFormat("stream node too short")
    count, nfields = _int(elems[0]), _int(elems[2])
    fields = tuple(elems[3:3 + nfields])
    i = 3 + nfields
    if len(fields) != nfields or i >= len(elems) or elems[i] != b"0":
        raise BadFormat("bad stream master entry")
    i += 1
    node = _Node(master, fields)
    live = 0
    try:
        while i < len(elems):
            flags = _int(elems[i])
            eid = ((master[0] + _int(elems[i + 1])) & _U64, (master[1] + _int(elems[i + 2])) & _U64)
            i += 3
            if flags & _SAME_FIELDS:
                efields = fields
                values = tuple(elems[i:i + nfields])
                i += nfields
            else:
                n = _int(elems[i])
                efields = tuple(elems[i + 1:i + 1 + 2 * n:2])
                values = tuple(elems[i + 2:i + 2 + 2 * n:2])
                i += 1 + 2 * n
            if len(values) != len(efields) or i >= len(elems):
                raise BadFormat("truncated stream entry")
            i += 1                                  # the entry's element count
            if flags & _DELETED:
                continue
            if eid < master or eid in s.entries or (s.entries and eid < s.entries.peekitem(-1)[0]):
                raise BadFormat("stream IDs out of order")
            s.entries[eid] = (efields, values)
            node.body += node.entry_size(eid, efields, values)
            node.last = eid
            live += 1
    except IndexError:
        raise BadFormat("truncated stream entry") from None
    if live != count or not live:
        raise BadFormat("stream node count mismatch")
    node.live = live
    s.nodes[master] = node


def read_stream(r: wire.Reader, t: int) -> Stream:
    s = Stream()
    for _ in range(r.length()):
        key = r.string()
        if len(key) != 16:
            raise BadFormat("stream node key is not an ID")
        master = (int.from_bytes(key[:8], "big"), int.from_bytes(key[8:], "big"))
        if s.nodes and master <= s.nodes.peekitem(-1)[0]:
            raise BadFormat("stream nodes out of order")
        _read_node(s, master, r.string())
    if r.length() != len(s.entries):
        raise BadFormat("stream length mismatch")
    s.last_id = (r.length(), r.length())
    if t >= wire.STREAM_LISTPACKS_2:
        s.first_id = (r.length(), r.length())
        s.max_deleted_id = (r.length(), r.length())
        s.entries_added = r.length()
    else:
        s.first_id = s.entries.peekitem(0)[0] if s.entries else MIN_ID
        s.entries_added = len(s.entries)
    if s.entries and s.entries.peekitem(-1)[0] > s.last_id:
        raise BadFormat("stream last ID below its entries")
    for _ in range(r.length()):
        _read_group(r, t, s)
    return s


def _read_group(r: wire.Reader, t: int, s: Stream) -> None:
    name = r.string()
    last = (r.length(), r.length())
    if t >= wire.STREAM_LISTPACKS_2:
        reads = r.signed_length()
    else:
        reads = s.estimate_reads(last)
    g = s.create_group(name, last, reads if reads >= 0 else INVALID_READS)
    if g is None:
        raise BadFormat("duplicate consumer group")
    for _ in range(r.length()):
        eid = r.stream_id()
        nack = NACK(r.ms_time(), None)
        nack.delivery_count = r.length()
        if eid in g.pel:
            raise BadFormat("duplicate pending entry")
        g.pel[eid] = nack
    for _ in range(r.length()):
        cname = r.string()
        c = Consumer(cname, r.ms_time())
        c.active_time = r.ms_time() if t >= wire.STREAM_LISTPACKS_3 else c.seen_time
        if cname in g.consumers:
            raise BadFormat("duplicate consumer")
        g.consumers[cname] = c
        for _ in range(r.length()):
            eid = r.stream_id()
            nack = g.pel.get(eid)
            if nack is None or nack.consumer is not None:
                raise BadFormat("consumer pending entry not in the group")
            nack.consumer = c
            c.pel[eid] = nack
