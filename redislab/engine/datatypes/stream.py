"""The stream type: entries ordered by (ms, seq) IDs, plus consumer groups.

Entries live in a ``SortedDict`` keyed by ``(ms, seq)`` tuples, so range reads,
point lookups and deletes are O(log N). Redis stores the same entries in a radix
tree of listpack "nodes" of up to ``stream-node-max-entries`` entries (and
``stream-node-max-bytes`` bytes). That layout is visible to users: ``MAXLEN ~``
only drops whole nodes, XDEL leaves tombstones that still count towards a node's
size, and XINFO STREAM reports radix-tree keys and nodes. So next to the entries
we keep a light model of the nodes (first ID, last ID appended, live and deleted
counts, an estimate of the listpack's bytes) that reproduces those numbers.

Consumer groups keep a pending-entries list (PEL) of NACKs; each NACK is shared
between the group's PEL and its owner consumer's PEL, as in Redis.

No RESP and no commands here (house rule 4). Times are passed in by callers (the
engine's injected clock).
"""
from __future__ import annotations

from sortedcontainers import SortedDict

from ..args import is_int

U64 = (1 << 64) - 1
MIN_ID = (0, 0)
MAX_ID = (U64, U64)
INVALID_READS = -1          # a group's entries_read when it cannot be known


def fmt_id(i) -> bytes:
    return b"%d-%d" % i


def incr_id(i):
    """The ID right after ``i``, or None past the last possible one."""
    ms, seq = i
    if seq == U64:
        return None if ms == U64 else (ms + 1, 0)
    return (ms, seq + 1)


def decr_id(i):
    ms, seq = i
    if seq == 0:
        return None if ms == 0 else (ms - 1, U64)
    return (ms, seq - 1)


# ------------------------------------------------------ listpack size model
# Only the node split decision depends on these sizes (``lp_bytes + new data >=
# stream-node-max-bytes``), so they follow listpack's encodings closely enough
# that big entries open new nodes where Redis does.

def _int_size(v: int) -> int:
    if 0 <= v <= 127:
        return 1
    if -4096 <= v <= 4095:
        return 2
    if -32768 <= v <= 32767:
        return 3
    if -8388608 <= v <= 8388607:
        return 4
    if -2147483648 <= v <= 2147483647:
        return 5
    return 9


def _with_backlen(n: int) -> int:
    if n <= 127:
        return n + 1
    if n < 16383:
        return n + 2
    if n < 2097151:
        return n + 3
    if n < 268435455:
        return n + 4
    return n + 5


def _el_int(v: int) -> int:
    return _with_backlen(_int_size(v))


def _el_str(b: bytes) -> int:
    if len(b) <= 20 and b and is_int(b):       # listpack stores integer-looking strings as ints
        return _el_int(int(b))
    n = len(b)
    return _with_backlen(n + (1 if n <= 63 else 2 if n <= 4095 else 5))


def _signed64(v: int) -> int:
    v &= U64
    return v - (1 << 64) if v >> 63 else v


class _Node:
    """One listpack node of Redis's radix tree, as far as its size and counts go."""

    __slots__ = ("master", "last", "live", "deleted", "fields", "body")

    def __init__(self, master, fields):
        self.master = master
        self.last = master
        self.live = 0
        self.deleted = 0
        self.fields = fields            # the master entry's field names
        # master entry: num-fields, the field names, the 0 terminator
        self.body = _el_int(len(fields)) + sum(_el_str(f) for f in fields) + 1 + 1

    def lp_bytes(self) -> int:
        # 6 header bytes + end byte, plus the live/deleted counters of the master entry
        return 7 + _el_int(self.live) + _el_int(self.deleted) + self.body

    def entry_size(self, eid, fields, values) -> int:
        size = 2 + _el_int(_signed64(eid[0] - self.master[0])) + _el_int(_signed64(eid[1] - self.master[1]))
        n = len(values)
        if fields == self.fields:
            lp_count = n + 3
        else:
            lp_count = 2 * n + 4
            size += _el_int(n) + sum(_el_str(f) for f in fields)
        return size + sum(_el_str(v) for v in values) + _el_int(lp_count)


# ------------------------------------------------------------ radix trees

def radix_tree_nodes(ids) -> int:
    """Nodes of a Redis radix tree (rax) keyed by the sorted stream IDs ``ids`` (as
    16-byte big-endian keys). A rax built by insertions has one node for the root,
    each prefix where keys branch, each chain starting just after a branch, and each
    key; adjacent keys in sorted order reveal every branch point."""
    found = {(0, 0)}                      # (prefix length in bytes, prefix value)
    add = found.add
    prev = None
    for ms, seq in ids:
        k = (ms << 64) | seq
        add((16, k))
        if prev is not None:
            n = (128 - (prev ^ k).bit_length()) >> 3      # common leading bytes
            shift = 8 * (15 - n)
            add((n, prev >> (shift + 8)))
            add((n + 1, prev >> shift))
            add((n + 1, k >> shift))
        prev = k
    return len(found)


# ------------------------------------------------------------- consumers

class NACK:
    """A delivered, not yet acknowledged entry: when, how often, and to whom."""

    __slots__ = ("delivery_time", "delivery_count", "consumer")

    def __init__(self, now: int, consumer):
        self.delivery_time = now
        self.delivery_count = 1
        self.consumer = consumer


class Consumer:
    __slots__ = ("name", "seen_time", "active_time", "pel")

    def __init__(self, name: bytes, now: int):
        self.name = name
        self.seen_time = now
        self.active_time = -1           # never read or claimed anything yet
        self.pel = SortedDict()         # id -> NACK (shared with the group PEL)


class Group:
    __slots__ = ("name", "last_id", "entries_read", "pel", "consumers")

    def __init__(self, name: bytes, last_id, entries_read: int = INVALID_READS):
        self.name = name
        self.last_id = last_id
        self.entries_read = entries_read
        self.pel = SortedDict()         # id -> NACK
        self.consumers: dict = {}       # name -> Consumer

    def consumer(self, name):
        return self.consumers.get(name)

    def create_consumer(self, name, now: int):
        """(consumer, created?)."""
        c = self.consumers.get(name)
        if c is not None:
            return c, False
        c = self.consumers[name] = Consumer(name, now)
        return c, True

    def get_or_create(self, name, now: int):
        return self.create_consumer(name, now)[0]

    def delete_consumer(self, name) -> int:
        """Remove a consumer and its pending entries; returns how many it had."""
        c = self.consumers.pop(name, None)
        if c is None:
            return 0
        for eid in c.pel:
            self.pel.pop(eid, None)
        return len(c.pel)

    def sorted_consumers(self) -> list:
        # Redis keeps consumers in a radix tree: they come out in byte order.
        return [self.consumers[k] for k in sorted(self.consumers)]

    def ack(self, eid) -> bool:
        nack = self.pel.pop(eid, None)
        if nack is None:
            return False
        if nack.consumer is not None:
            nack.consumer.pel.pop(eid, None)
        return True

    def assign(self, eid, nack, consumer) -> None:
        """Move ``nack`` (already in the group PEL) to ``consumer``."""
        old = nack.consumer
        if old is not consumer:
            if old is not None:
                old.pel.pop(eid, None)
            consumer.pel[eid] = nack
            nack.consumer = consumer


# ---------------------------------------------------------------- stream

class Stream:
    TYPE = "stream"
    __slots__ = ("entries", "nodes", "last_id", "first_id", "max_deleted_id",
                 "entries_added", "groups")

    def __init__(self):
        self.entries = SortedDict()     # (ms, seq) -> (fields tuple, values tuple)
        self.nodes = SortedDict()       # master id -> _Node
        self.last_id = MIN_ID
        self.first_id = MIN_ID
        self.max_deleted_id = MIN_ID
        self.entries_added = 0
        self.groups: dict = {}          # name -> Group

    # ------------------------------------------------------------- basics
    def __len__(self) -> int:
        return len(self.entries)

    def __bool__(self) -> bool:
        return True                     # an empty stream is still a key

    def encoding(self, config) -> str:
        return "stream"

    def copy(self) -> "Stream":
        c = Stream()
        c.entries = SortedDict(self.entries)
        for k, n in self.nodes.items():
            m = _Node(n.master, n.fields)
            m.last, m.live, m.deleted, m.body = n.last, n.live, n.deleted, n.body
            c.nodes[k] = m
        c.last_id, c.first_id = self.last_id, self.first_id
        c.max_deleted_id, c.entries_added = self.max_deleted_id, self.entries_added
        for name, g in self.groups.items():
            h = c.groups[name] = Group(name, g.last_id, g.entries_read)
            for cname, cons in g.consumers.items():
                d = h.consumers[cname] = Consumer(cname, cons.seen_time)
                d.active_time = cons.active_time
            for eid, nack in g.pel.items():
                owner = h.consumers.get(nack.consumer.name) if nack.consumer else None
                n2 = NACK(nack.delivery_time, owner)
                n2.delivery_count = nack.delivery_count
                h.pel[eid] = n2
                if owner is not None:
                    owner.pel[eid] = n2
        return c

    # ---------------------------------------------------------------- IDs
    def auto_id(self, now_ms: int):
        """The ID XADD '*' picks, or None when the stream used up every ID."""
        if self.last_id == MAX_ID:
            return None
        if now_ms > self.last_id[0]:
            return (now_ms, 0)
        return incr_id(self.last_id)

    def explicit_id(self, ms: int, seq):
        """The ID for 'ms-seq' (seq None for 'ms-*'); None when not above the top item."""
        if seq is None:
            if ms == self.last_id[0]:
                if self.last_id[1] == U64:
                    return None
                eid = (ms, self.last_id[1] + 1)
            else:
                eid = (ms, 0)
        else:
            eid = (ms, seq)
        return eid if eid > self.last_id else None

    def last_valid_id(self):
        """The ID of the last live entry (0-0 when empty)."""
        return self.entries.peekitem(-1)[0] if self.entries else MIN_ID

    # ------------------------------------------------------------ entries
    def append(self, eid, pairs, max_bytes: int = 4096, max_entries: int = 100) -> None:
        """Add an entry (``eid`` must be above last_id); ``pairs`` is [f1, v1, f2, v2...]."""
        fields = tuple(pairs[0::2])
        values = tuple(pairs[1::2])
        node = self.nodes.peekitem(-1)[1] if self.nodes else None
        if node is not None:
            if max_bytes <= 0 or max_bytes > (1 << 30):
                max_bytes = 1 << 30
            if node.lp_bytes() + sum(map(len, pairs)) >= max_bytes:
                node = None
            elif max_entries and node.live + node.deleted >= max_entries:
                node = None
        if node is None:
            node = _Node(eid, fields)
            self.nodes[eid] = node
        node.body += node.entry_size(eid, fields, values)
        node.live += 1
        node.last = eid
        self.entries[eid] = (fields, values)
        self.last_id = eid
        self.entries_added += 1
        if len(self.entries) == 1:
            self.first_id = eid

    def get(self, eid):
        """The flat [f1, v1, ...] list of an entry, or None."""
        e = self.entries.get(eid)
        return None if e is None else _flat(e)

    def __contains__(self, eid) -> bool:
        return eid in self.entries

    def range(self, start, end, count: int = 0, rev: bool = False) -> list:
        """[(id, [f1, v1, ...]), ...] with start <= id <= end; ``count`` 0 = all."""
        out = []
        if start > end:
            return out
        entries = self.entries
        for eid in entries.irange(start, end, reverse=rev):
            out.append((eid, _flat(entries[eid])))
            if count and len(out) >= count:
                break
        return out

    def _node_of(self, eid):
        i = self.nodes.bisect_right(eid) - 1
        return self.nodes.peekitem(i)[1] if i >= 0 else None

    def _tombstone(self, eid, node) -> None:
        del self.entries[eid]
        if node.live == 1:
            del self.nodes[node.master]     # the whole listpack goes with its last live entry
        else:
            node.live -= 1
            node.deleted += 1

    def delete(self, eid) -> bool:
        """XDEL one entry; updates max_deleted_id and first_id."""
        if eid not in self.entries:
            return False
        self._tombstone(eid, self._node_of(eid))
        if eid > self.max_deleted_id:
            self.max_deleted_id = eid
        self._refresh_first()
        return True

    def _refresh_first(self) -> None:
        self.first_id = self.entries.peekitem(0)[0] if self.entries else MIN_ID

    def trim(self, maxlen=None, minid=None, approx: bool = False, limit: int = 0) -> int:
        """Trim by MAXLEN (``maxlen``) or MINID (``minid``) the way Redis does: whole
        nodes from the head while they fit; ``approx`` stops at the first node that
        cannot go whole; ``limit`` (non-zero) caps entries removed. Returns how many."""
        deleted = 0
        entries = self.entries
        for node in list(self.nodes.values()):
            if maxlen is not None and len(entries) <= maxlen:
                break
            n = node.live
            if limit and deleted + n > limit:
                break
            if maxlen is not None:
                whole = len(entries) - n >= maxlen
            else:
                whole = node.last < minid
            if whole:
                for eid in list(entries.irange(node.master, node.last)):
                    del entries[eid]
                del self.nodes[node.master]
                deleted += n
                continue
            if approx:
                break
            for eid in list(entries.irange(node.master, node.last)):
                if maxlen is not None:
                    if len(entries) <= maxlen:
                        break
                elif eid >= minid:
                    break
                self._tombstone(eid, node)
                deleted += 1
            break
        if deleted:
            self._refresh_first()
        return deleted

    def first_entry(self):
        if not self.entries:
            return None
        eid, e = self.entries.peekitem(0)
        return eid, _flat(e)

    def last_entry(self):
        if not self.entries:
            return None
        eid, e = self.entries.peekitem(-1)
        return eid, _flat(e)

    # ------------------------------------------------- radix tree figures
    def rax_keys(self) -> int:
        return len(self.nodes)

    def rax_nodes(self) -> int:
        """Nodes of Redis's radix tree holding the node keys (16-byte big-endian IDs)."""
        return radix_tree_nodes(self.nodes)

    # ------------------------------------------------ lag and read counters
    def has_tombstones(self, start=None, end=None) -> bool:
        """Could entries between start and end have been deleted (XDEL)?"""
        mx = self.max_deleted_id
        if not self.entries or mx == MIN_ID or self.first_id > mx:
            return False
        return (start or MIN_ID) <= mx <= (end or MAX_ID)

    def estimate_reads(self, eid) -> int:
        """How many entries were ever added up to and including ``eid``, when that
        can be known; INVALID_READS otherwise."""
        if not self.entries_added:
            return 0
        if not self.entries and eid <= self.last_id:
            return self.entries_added
        if eid == self.last_id:
            return self.entries_added
        if eid > self.last_id:
            return INVALID_READS
        if self.max_deleted_id == MIN_ID or self.max_deleted_id < self.first_id:
            if eid < self.first_id:
                return self.entries_added - len(self.entries)
            if eid == self.first_id:
                return self.entries_added - len(self.entries) + 1
        return INVALID_READS

    def lag(self, g: Group):
        """Entries not yet delivered to the group, or None when unknowable."""
        if not self.entries_added:
            return 0
        if g.entries_read != INVALID_READS and not self.has_tombstones(g.last_id):
            return self.entries_added - g.entries_read
        reads = self.estimate_reads(g.last_id)
        return None if reads == INVALID_READS else self.entries_added - reads

    # ------------------------------------------------------------- groups
    def create_group(self, name, last_id, entries_read: int = INVALID_READS):
        """The new group, or None when the name is taken."""
        if name in self.groups:
            return None
        g = self.groups[name] = Group(name, last_id, entries_read)
        return g

    def sorted_groups(self) -> list:
        return [self.groups[k] for k in sorted(self.groups)]

    def deliver_new(self, g: Group, consumer: Consumer, count: int, noack: bool, now: int) -> list:
        """Entries after the group's last delivered ID (XREADGROUP '>'): they move the
        group forward and, unless ``noack``, enter both PELs."""
        out = []
        start = incr_id(g.last_id)
        if start is None:
            return out
        entries = self.entries
        for eid in entries.irange(start, None):
            if g.entries_read != INVALID_READS and not self.has_tombstones(eid):
                g.entries_read += 1
            elif self.entries_added:
                g.entries_read = self.estimate_reads(eid)
            g.last_id = eid
            out.append((eid, _flat(entries[eid])))
            if not noack:
                nack = g.pel.get(eid)
                if nack is None:
                    nack = g.pel[eid] = NACK(now, None)
                else:
                    nack.delivery_time = now
                    nack.delivery_count = 1
                g.assign(eid, nack, consumer)
            if count and len(out) >= count:
                break
        if out:
            consumer.active_time = now
        return out

    def deliver_history(self, consumer: Consumer, start, count: int, now: int) -> list:
        """The consumer's own pending entries from ``start`` (XREADGROUP with an ID);
        entries deleted meanwhile come back with None instead of their fields."""
        out = []
        for eid in consumer.pel.irange(start, None):
            e = self.entries.get(eid)
            if e is None:
                out.append((eid, None))
            else:
                nack = consumer.pel[eid]
                nack.delivery_time = now
                nack.delivery_count += 1
                out.append((eid, _flat(e)))
            if count and len(out) >= count:
                break
        return out

    # ------------------------------------------ a read API for the lab's views
    def window(self, start=MIN_ID, count: int = 20, rev: bool = False) -> list:
        """Up to ``count`` (id bytes, {field: value}) from ``start`` (or from the end)."""
        end = MAX_ID
        if rev:
            start, end = MIN_ID, (MAX_ID if start == MIN_ID else start)
        return [(fmt_id(eid), dict(zip(kv[0::2], kv[1::2])))
                for eid, kv in self.range(start, end, count, rev)]

    def groups_view(self) -> list:
        """Per group: name, last delivered ID, lag, and per consumer its pending IDs."""
        return [{"name": g.name, "last_delivered_id": fmt_id(g.last_id),
                 "entries_read": g.entries_read, "lag": self.lag(g), "pending": len(g.pel),
                 "consumers": [{"name": c.name, "seen_time": c.seen_time,
                                "active_time": c.active_time,
                                "pending": [(fmt_id(i), n.delivery_count) for i, n in c.pel.items()]}
                               for c in g.sorted_consumers()]}
                for g in self.sorted_groups()]


def _flat(e) -> list:
    fields, values = e
    out = []
    for f, v in zip(fields, values):
        out.append(f)
        out.append(v)
    return out
