"""Cursor-based iteration for SCAN, HSCAN, SSCAN and ZSCAN.

Redis walks its hash table with a reverse-binary cursor so that every element
present for the whole scan is returned at least once, even across rehashing. A
Python dict exposes no buckets, so we keep Redis's *guarantee* with another shape:
when a scan starts (cursor 0) we copy the element list once (a C-level copy, far
cheaper than iterating), park it in ``db.scans`` under a fresh id, and hand out
cursors that encode (id, offset). Each later call slices the parked list: O(COUNT),
never O(N). Elements added meanwhile are not returned and removed ones may be,
both of which Redis also allows; callers drop removed/expired entries and then
apply MATCH/TYPE to the batch (so a batch may be empty with a non-zero cursor).

Parked snapshots are capped per db; an unknown or evicted cursor starts the
iteration again from the beginning (duplicates are allowed, missing elements are
not), instead of erroring as Redis never does for a well-formed cursor.
"""
from __future__ import annotations

from ..errors import RedisError

INVALID_CURSOR = "ERR invalid cursor"
# What COMMAND DOCS says of SCAN, HSCAN, SSCAN and ZSCAN.
SCAN_COMPLEXITY = ("O(1) for every call. O(N) for a complete iteration, including enough command "
                   "calls for the cursor to return back to 0. N is the number of elements inside "
                   "the collection.")
ULONG_MAX = (1 << 64) - 1

_ID_BITS = 16
_ID_MASK = (1 << _ID_BITS) - 1
MAX_SNAPSHOTS = 128            # live parked scans per db
MAX_SNAPSHOT_ITEMS = 4_000_000  # total parked references per db before old scans go


def parse_cursor(b: bytes) -> int:
    """Parse a cursor as Redis does (strtoul): '-1' wraps, '' is 0, spaces and junk fail."""
    if type(b) is int:
        return b
    s = bytes(b)
    if not s:
        return 0
    if s[:1] in (b" ", b"\t", b"\n", b"\v", b"\f", b"\r"):
        raise RedisError(INVALID_CURSOR)
    body = s[1:] if s[:1] in (b"+", b"-") else s
    if not body or not body.isdigit():
        raise RedisError(INVALID_CURSOR)
    v = int(body)
    if v > ULONG_MAX:
        raise RedisError(INVALID_CURSOR)
    if s[:1] == b"-":
        v = (-v) & ULONG_MAX
    return v


_next_id = 0


class _Parked:
    __slots__ = ("owner", "items")

    def __init__(self, owner, items):
        self.owner = owner
        self.items = items


def _park(db, owner, items) -> int:
    global _next_id
    scans = db.scans
    # Evict the least recently used parked scans (dict order) when over budget.
    total = sum(len(p.items) for p in scans.values()) + len(items)
    while scans and (len(scans) >= MAX_SNAPSHOTS or total > MAX_SNAPSHOT_ITEMS):
        old = next(iter(scans))
        total -= len(scans.pop(old).items)
    nid = _next_id
    while True:
        nid = nid % _ID_MASK + 1
        if nid not in scans:
            break
    _next_id = nid
    scans[nid] = _Parked(owner, items)
    return nid


def scan(db, owner, cursor: int, count: int, snapshot) -> tuple[int, list]:
    """One step of an iteration over ``owner``: (next cursor, batch of ~count elements).

    ``snapshot()`` returns the current elements as a list and is called when the
    scan starts. The next cursor is 0 when the iteration is complete."""
    if count < 1:
        count = 1
    scans = db.scans
    parked = None
    if cursor:
        sid = cursor & _ID_MASK
        parked = scans.get(sid)
        if parked is not None and parked.owner is not owner:
            parked = None
        offset = cursor >> _ID_BITS
        if parked is None or offset > len(parked.items):
            parked = None
    if parked is None:
        items = snapshot()
        if len(items) <= count:
            return 0, items if type(items) is list else list(items)
        sid = _park(db, owner, items)
        parked = scans[sid]
        offset = 0
    items = parked.items
    end = offset + count
    batch = items[offset:end]
    if end >= len(items):
        scans.pop(sid, None)
        return 0, batch
    # Re-insert so the dict's order tracks recent use (oldest first for eviction).
    del scans[sid]
    scans[sid] = parked
    return (end << _ID_BITS) | sid, batch
