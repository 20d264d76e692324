"""What one value would occupy inside redis-server 7.0: the sizes behind MEMORY USAGE.

Redis answers MEMORY USAGE by adding up what the allocator (jemalloc) really handed
out for a value: the 16-byte object header, then per encoding the blocks behind it,
each rounded up to a jemalloc size class. Big aggregates are not walked: Redis sizes
the first ``SAMPLES`` elements (or quicklist nodes, or stream listpacks; 5 by default,
0 = all) and scales their average to the whole. This module reproduces that sum for
every type except sorted sets (``memory.py``), from the engine's own values:

* strings: the integer inside the object, an embstr (header and bytes in one block),
  or a separate sds. Strings edited in place (APPEND, SETRANGE, SETBIT...) keep the
  room ``sdsMakeRoomFor`` reserved when they last grew, unless they look written once
  (see ``_written_once``). A sparse HyperLogLog's buffer doubles whenever a register
  update finds less than 3 spare bytes; its growth is replayed from the opcodes
  (registers in index order, as PFMERGE writes them).
* lists: a 7.2+ listpack, or a quicklist of listpack nodes (node boundaries are
  re-derived with quicklist's fill rule, as if the list had been built by RPUSH).
* sets and hashes: intset / listpack blocks, or a dict (buckets + entries + sds).
* streams: the radix tree (Redis's own rough formula per rax node and key), the
  listpacks (the newest one preallocated, closed ones shrunk to fit) and the consumer
  groups with their pending-entries trees.

Constants are the structure sizes of a 64-bit Redis 7.0 build.
"""
from __future__ import annotations

from itertools import islice

from .args import is_int
from .datatypes import hll
from .datatypes.rlist import entry_size, node_limits
from .datatypes.stream import radix_tree_nodes

ROBJ = 16                    # robj
DICT_ENTRY = 24              # dictEntry: key, value, next
DICT = 56                    # dict with its two tables' bookkeeping
PTR = 8                      # one bucket
QUICKLIST = 40               # quicklist
QUICKLIST_NODE = 40          # quicklistNode (32 bytes of fields + bitfields, padded)
QL_SIZE_OVERHEAD = 8         # quicklist's estimate of an entry's listpack overhead
QL_SAFETY_LIMIT = 8192       # count-limited nodes still stop at 8 KB
LP_EMPTY = 7                 # listpack header (6) + end byte
STREAM = 80                  # stream: rax*, length, 3 IDs, entries_added, cgroups*
STREAM_CG = 40               # streamCG: last_id, entries_read, pel*, consumers*
STREAM_CONSUMER = 24         # streamConsumer (7.0): seen_time, name, pel*
STREAM_NACK = 24             # streamNACK: delivery_time, delivery_count, consumer*
STREAM_ID = 16
RAX_NODE = 4 + 30 * 8        # Redis's estimate per rax node: header + "30 longs"
STREAM_PREALLOC = 4096       # a new stream listpack is allocated this big up front
EMBSTR_LIMIT = 44
SDS_MAX_PREALLOC = 1024 * 1024
EXACT_LIST_LIMIT = 50_000    # longer lists: nodes extrapolated from the head's
EXACT_RAX_LIMIT = 50_000     # bigger radix trees: node count extrapolated


def alloc(n: int) -> int:
    """The jemalloc size class holding an ``n``-byte request (16-byte quantum up to
    128, then four classes per doubling)."""
    if n <= 8:
        return 8
    if n <= 128:
        return (n + 15) & ~15
    spacing = 1 << ((n - 1).bit_length() - 3)
    return (n + spacing - 1) // spacing * spacing


def sds_header(n: int) -> int:
    if n < 32:
        return 1 if n else 3          # sdshdr5 cannot be empty-and-growable: sdshdr8
    if n < 256:
        return 3
    if n < 65536:
        return 5
    if n < 1 << 32:
        return 9
    return 17


_SDS_MAX = {3: 255, 5: 65535, 9: (1 << 32) - 1, 17: (1 << 64) - 1}


def sds_alloc(n: int) -> int:
    """An sds created at its exact length (sdsnewlen)."""
    return alloc(sds_header(n) + n + 1)


def _room_for(length: int, add: int) -> tuple[int, int]:
    """sdsMakeRoomFor(s, add) on a full sds of ``length`` bytes: the new block's size
    class and the room (alloc field) recorded in its header."""
    new = length + add
    new = new * 2 if new < SDS_MAX_PREALLOC else new + SDS_MAX_PREALLOC
    hdr = max(3, sds_header(new))     # growable strings never use sdshdr5
    block = alloc(hdr + new + 1)
    return block, min(block - hdr - 1, _SDS_MAX[hdr])


def greedy_sds(n: int) -> int:
    """A string that reached ``n`` bytes by growing in place (APPEND, SETRANGE, SETBIT):
    the last growth asked for twice the length (or 1 MB more past 1 MB)."""
    return _room_for(n, 0)[0] if n else sds_alloc(0)


# Precomputed for the common lengths: the running total sizes a string per write.
_SDS = [sds_alloc(n) for n in range(1024)]
_EMBSTR = [alloc(ROBJ + 3 + n + 1) for n in range(EMBSTR_LIMIT + 1)]   # object + sdshdr8, one block
_INT_START = frozenset(b"-0123456789")


def key_sds(key: bytes) -> int:
    n = len(key)
    return _SDS[n] if n < 1024 else sds_alloc(n)


def hll_sparse_block(v: bytes) -> int:
    """The block behind a sparse HLL built from an empty one (PFADD, PFMERGE).

    Every register update first calls sdsMakeRoomFor(3), which doubles the buffer
    whenever fewer than 3 spare bytes are left; the new sparse HLL (18 bytes, sdshdr5)
    has none. Replaying the registers in index order gives the buffer's growth steps:
    exactly PFMERGE's order, and PFADD's for all but crowded HLLs, where elements
    arriving in another order can hit a doubling a few bytes earlier or later."""
    length = hll.HDR + 2
    block = alloc(1 + length + 1)
    room = 0
    p = hll.HDR                       # also the bytes of the opcodes before this one
    covered = 0                       # registers those opcodes cover
    end = len(v)
    zero_max = hll.SPARSE_ZERO_LEN
    regs = hll.REGISTERS
    while p < end:
        op = v[p]
        if op & 0x80:                 # VAL: its registers arrive one by one
            run = (op & 3) + 1
            if room - p < 6:          # lengths here reach p + 3: the buffer may grow
                for j in range(covered + 1, covered + run + 1):
                    if room - length < 3:
                        block, room = _room_for(length, 3)
                    rest = regs - j
                    length = p + 1 + (0 if rest <= 0 else 1 if rest <= zero_max else 2)
                covered += run
            else:
                covered += run
                rest = regs - covered
                length = p + 1 + (0 if rest <= 0 else 1 if rest <= zero_max else 2)
            p += 1
        elif op & 0x40:               # XZERO
            covered += (((op & 0x3F) << 8) | (v[p + 1] if p + 1 < end else 0)) + 1
            p += 2
        else:                         # ZERO
            covered += (op & 0x3F) + 1
            p += 1
    return block


def _written_once(v: bytes) -> bool:
    """Does this in-place-edited string look as if one write gave it its length?

    Redis sizes a string exactly when SETBIT, SETRANGE, BITFIELD or BITOP create it,
    and doubles the room each time a later edit lengthens it; only the final bytes
    are kept here, so the history is guessed from them: a write at an offset pads
    with zero bytes, so a string whose first half is all zeros (bit 1001 set alone,
    a SETRANGE far from the start) was most likely sized by that one write, while
    APPEND-grown text, or a bitmap whose low bits were set before it grew, was not."""
    half = len(v) // 2
    return half > 0 and v.startswith(bytes(half))


def string_size(db, key, v: bytes) -> int:
    n = len(v)
    if db is not None and db.raw and key in db.raw:
        if n >= hll.HDR and v[:4] == b"HYLL" and hll.is_hll(v):
            if v[4] == hll.DENSE:
                return ROBJ + sds_alloc(n)     # promotion allocates the dense form exactly
            return ROBJ + hll_sparse_block(v)
        return ROBJ + (sds_alloc(n) if _written_once(v) else greedy_sds(n))
    if n <= 20 and n and v[0] in _INT_START and is_int(v):
        return ROBJ                   # the integer lives in the object's pointer
    if n <= EMBSTR_LIMIT:
        return _EMBSTR[n]
    return ROBJ + (_SDS[n] if n < 1024 else sds_alloc(n))


def dict_slots(n: int) -> int:
    """Buckets of a Redis dict holding ``n`` entries once rehashing is over (grows to
    the next power of two once full; at least 4)."""
    if n <= 4:
        return 4 if n else 0
    return 1 << (n - 1).bit_length() if n & (n - 1) else n


def scaled(base: int, total: int, got: int, n: int) -> int:
    """``base`` plus the average of ``got`` sampled sizes summing to ``total``, times
    ``n``: Redis computes it in doubles and truncates when adding to a size_t."""
    if not got:
        return base
    return int(base + total / got * n)


def _take(it, samples: int):
    return it if not samples else islice(it, samples)


def listpack_bytes(elems, n: int, samples: int, exact: bool) -> int:
    """A listpack's byte count: exact, or (for the running total) scaled from samples."""
    if exact or not samples or samples >= n:
        return LP_EMPTY + sum(map(entry_size, elems))
    got = list(islice(elems, samples))
    return LP_EMPTY + int(sum(map(entry_size, got)) * n / len(got)) if got else LP_EMPTY


def _dict_size(n: int, per_entry, samples: int) -> int:
    """A dict of ``n`` entries whose sampled entries cost ``per_entry`` each."""
    base = ROBJ + DICT + PTR * dict_slots(n)
    total = got = 0
    for size in _take(per_entry, samples):
        total += size
        got += 1
    return scaled(base, total, got, n)


# ------------------------------------------------------------------- sets

def set_size(v, samples: int, exact: bool) -> int:
    n = len(v)
    enc = v.enc
    if enc == "intset":
        width = 2
        for m in v.arr:
            x = int(m)
            if not -32768 <= x <= 32767:
                if not -(1 << 31) <= x < (1 << 31):
                    width = 8
                    break
                width = 4
        return ROBJ + alloc(8 + width * n)
    if enc == "listpack":
        return ROBJ + alloc(listpack_bytes(iter(v.arr), n, samples, exact))
    return _dict_size(n, (DICT_ENTRY + sds_alloc(len(m)) for m in v.arr), samples)


# ----------------------------------------------------------------- hashes

def hash_size(v, samples: int, exact: bool) -> int:
    n = len(v)
    d = v.d
    if not v.ht:
        def flat():
            for f, val in d.items():
                yield f
                yield val
        size = ROBJ + alloc(listpack_bytes(flat(), 2 * n, 2 * samples, exact))
        if v.ttl:
            size += alloc(3 * len(v.ttl) + 7)   # listpackex keeps each TTL beside its field
        return size
    size = _dict_size(n, (DICT_ENTRY + sds_alloc(len(f)) + sds_alloc(len(val))
                          for f, val in d.items()), samples)
    if v.ttl:
        size += 40 * len(v.ttl)                  # per-field expiry metadata (7.4)
    return size


# ------------------------------------------------------------------ lists

def quicklist_nodes(items, fill: int):
    """(bytes, items) of the listpack nodes a quicklist fills when the items are pushed
    at its tail one by one: a node takes an item while ``bytes + len + 8`` stays
    within the size level (negative fill), or while it holds fewer than ``fill``
    items and stays within 8 KB (positive fill)."""
    level, count_limit = node_limits(max(fill, -5))
    by_size = fill < 0
    size = count = 0
    for e in items:
        if count:
            want = size + len(e) + QL_SIZE_OVERHEAD
            if (want <= level) if by_size else (want <= QL_SAFETY_LIMIT and count < count_limit):
                size += entry_size(e)
                count += 1
                continue
            yield size, count
        size = LP_EMPTY + entry_size(e)
        count = 1
    if count:
        yield size, count


def list_size(v, fill: int, samples: int, exact: bool) -> int:
    if not v.quick:
        return ROBJ + alloc(v.nbytes)            # one listpack (Redis 7.2+)
    if not exact:
        return _list_estimate(v, fill)
    base = ROBJ + QUICKLIST
    if len(v) <= EXACT_LIST_LIMIT:
        blocks = [QUICKLIST_NODE + alloc(s) for s, _ in quicklist_nodes(v, fill)]
        picked = blocks if not samples else blocks[:samples]
        return scaled(base, sum(picked), len(picked), len(blocks))
    # Long list: partition the head, then assume the rest fills nodes the way the
    # head's complete nodes are filled (the last node walked may be cut short).
    head = list(quicklist_nodes(islice(v, EXACT_LIST_LIMIT), fill))[:-1]
    if not head:
        return _list_estimate(v, fill)
    blocks = [QUICKLIST_NODE + alloc(s) for s, _ in head]
    payload = sum(s for s, _ in head) - LP_EMPTY * len(head)
    held = sum(c for _, c in head)
    rest_bytes = v.nbytes - LP_EMPTY - payload
    rest_items = len(v) - held
    count_limit = node_limits(max(fill, -5))[1]
    if fill >= 0 and all(c == count_limit for _, c in head):
        more = -(-rest_items // count_limit)                 # nodes full by count
    else:
        more = -(-rest_bytes * len(head) // payload)         # nodes full by size
    more = max(1, more)
    rest_block = QUICKLIST_NODE + alloc(LP_EMPTY + rest_bytes // more)
    nodes = len(head) + more
    if samples and samples <= len(blocks):
        return scaled(base, sum(blocks[:samples]), samples, nodes)
    return scaled(base, sum(blocks) + more * rest_block, nodes, nodes)


def _list_estimate(v, fill: int) -> int:
    """O(1) for the running total: nodes as full as the fill rule lets them be."""
    nbytes = v.nbytes
    limit, count_limit = node_limits(max(fill, -5))
    if fill >= 0:
        nodes = max(1, -(-len(v) // count_limit), -(-nbytes // QL_SAFETY_LIMIT))
    else:
        nodes = max(1, -(-nbytes // limit))
    per_node = QUICKLIST_NODE + alloc((nbytes - LP_EMPTY) // nodes + LP_EMPTY)
    return ROBJ + QUICKLIST + nodes * per_node


# ---------------------------------------------------------------- streams

def rax_size(keys: int, nodes: int) -> int:
    """streamRadixTreeMemoryUsage: 16 bytes per key plus a flat guess per node (Redis
    overwrites the rax header's own size, so it is not counted)."""
    return keys * STREAM_ID + nodes * RAX_NODE


_RAX_SEEN: dict = {}          # id(keys) -> (count, first, last, nodes), for the running total


def _rax(keys, exact: bool) -> int:
    """rax_size of a radix tree keyed by the stream IDs in the SortedDict ``keys``.

    The running total (not ``exact``) re-sizes a stream on every write, so it
    remembers each tree's node count while its key count and end keys stay put, and
    extrapolates past 64 keys."""
    n = len(keys)
    if not n:
        return rax_size(0, 1)
    if exact:
        if n <= EXACT_RAX_LIMIT:
            return rax_size(n, radix_tree_nodes(keys))
        head = radix_tree_nodes(islice(keys, EXACT_RAX_LIMIT))
        return rax_size(n, 1 + round((head - 1) * n / EXACT_RAX_LIMIT))
    first, last = keys.peekitem(0)[0], keys.peekitem(-1)[0]
    seen = _RAX_SEEN.get(id(keys))
    if seen is not None and seen[0] == n and seen[1] == first and seen[2] == last:
        return rax_size(n, seen[3])
    if n <= 64:
        nodes = radix_tree_nodes(keys)
    else:
        nodes = 1 + round((radix_tree_nodes(islice(keys, 64)) - 1) * n / 64)
    if len(_RAX_SEEN) > 1024:
        _RAX_SEEN.clear()
    _RAX_SEEN[id(keys)] = (n, first, last, nodes)
    return rax_size(n, nodes)


def stream_size(v, samples: int, exact: bool, node_max: int) -> int:
    nodes = v.nodes
    n = len(nodes)
    size = ROBJ + STREAM + _rax(nodes, exact)
    if n:
        prealloc = node_max if 0 < node_max < STREAM_PREALLOC else STREAM_PREALLOC
        tail = alloc(max(prealloc, LP_EMPTY))
        last = nodes.peekitem(-1)[1]

        def block(node):
            # Closed nodes were shrunk to fit; the open (last) one keeps its prealloc.
            b = alloc(node.lp_bytes())
            return max(b, tail) if node is last else b

        picked = [block(node) for node in _take(iter(nodes.values()), samples)]
        total = sum(picked)
        if n <= len(picked):
            size += total
        else:
            size += total // len(picked) * (n - 1) + block(last)
    for g in v.groups.values():
        pel = g.pel
        size += STREAM_CG + _rax(pel, exact) + STREAM_NACK * len(pel)
        for c in g.consumers.values():
            size += STREAM_CONSUMER + len(c.name) + _rax(c.pel, exact)
    return size
