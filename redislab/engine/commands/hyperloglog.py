"""HyperLogLog commands: PFADD, PFCOUNT, PFMERGE, PFDEBUG, PFSELFTEST.

An HLL is a plain string in Redis's own format (datatypes/hll.py), so GET, SET,
DUMP-free copying between a real Redis and the lab all work. PFCOUNT on one key
writes the estimate into the header's cache, as Redis does - a later GET shows it.
Every command that writes an HLL string leaves it "raw" (Redis edits it in place).
"""
from __future__ import annotations

from ... import errors
from ...errors import RedisError
from ..args import text, upper
from ..datatypes import hll
from ..registry import Key, Str, command
from ..replies import OK, Status


def _lookup(db, key):
    """The HLL string at key, None when missing; WRONGTYPE for other types and for
    strings that are not HLLs (Redis's two distinct messages)."""
    v = db.lookup(key)
    if v is None:
        return None
    if type(v) is not bytes:
        raise RedisError(errors.WRONGTYPE)
    if not hll.is_hll(v):
        raise RedisError(errors.HLL_WRONGTYPE)
    return v


def _save(db, key, value: bytes, signal: bool = True) -> None:
    """Write back an HLL edited in place: TTL kept, encoding raw."""
    if db.data.get(key) is not value:
        if db.rnd is not None and key not in db.data:
            db.note_new(key)
        db.data[key] = value
    db.raw.add(key)
    db.atime[key] = db.ks.lru_clock
    if signal:
        db.modified(key)


def _sparse_max(s) -> int:
    return s.engine.config.values["hll-sparse-max-bytes"]


@command("PFADD", arity=-2, flags="write denyoom fast", keys=(1, 1, 1), group="hyperloglog",
         summary="Add elements to a HyperLogLog (creating it if needed); 1 if its estimate may have changed.",
         complexity="O(1) to add every element.", since="2.8.9", key_flags="RW insert",
         args=(Key(), Str("element", optional=True, multiple=True)))
def pfadd(s, argv):
    db = s.db
    key = argv[1]
    cur = _lookup(db, key)
    created = cur is None
    h = hll.Hll(hll.new_sparse() if created else cur, _sparse_max(s))
    updated = 1 if created else 0
    for element in argv[2:]:
        try:
            updated += h.add(element)
        except hll.Corrupted:
            # Redis edits in place: registers set before the broken spot stay set.
            if updated:
                _save(db, key, h.value(), signal=False)
            raise RedisError(errors.HLL_INVALID) from None
    if not updated:
        db.raw.add(key)
        return 0
    hll.invalidate(h.buf)
    if created:
        db.set(key, h.value())
        db.raw.add(key)
    else:
        _save(db, key, h.value())
    db.ks.notify("$", "pfadd", key, db.id)
    return 1


@command("PFCOUNT", arity=-2, flags="readonly", keys=(1, -1, 1), group="hyperloglog",
         summary="Estimate the number of distinct elements added to one HyperLogLog, "
                 "or to the union of several.",
         complexity="O(1) with a very small average constant time when called with a single key. "
                    "O(N) with N being the number of keys, and much bigger constant times, "
                    "when called with multiple keys.",
         since="2.8.9",
         args=(Key(multiple=True),), key_specs=(("RW access", ("index", 1), ("range", -1, 1, 0),
                    "RW: counting may rewrite the cached cardinality, which is replicated"),))
def pfcount(s, argv):
    db = s.db
    if len(argv) > 2:
        regs = [0] * hll.REGISTERS
        for key in argv[1:]:
            v = _lookup(db, key)
            if v is None:
                continue
            try:
                hll.merge_into(regs, v)
            except hll.Corrupted:
                raise RedisError(errors.HLL_INVALID) from None
        return hll.signed(hll.estimate(regs))
    key = argv[1]
    v = _lookup(db, key)
    if v is None:
        return 0
    db.raw.add(key)
    card = hll.cached_card(v)
    if card is not None:
        return card
    try:
        card = hll.count(v)
    except hll.Corrupted:
        raise RedisError(errors.HLL_INVALID) from None
    _save(db, key, hll.with_card(v, card))
    return hll.signed(card)


@command("PFMERGE", arity=-2, flags="write denyoom", keys=(1, -1, 1), group="hyperloglog",
         summary="Store at a destination the union of HyperLogLogs (the destination's own "
                 "registers included).",
         complexity="O(N) to merge N HyperLogLogs, but with high constant times.", since="2.8.9",
         key_specs=(("RW access insert", ("index", 1), ("range", 0, 1, 0)),
                    ("RO access", ("index", 2), ("range", -1, 1, 0))),
         args=(Key("destkey"), Key("sourcekey", optional=True, multiple=True, key_spec_index=1)))
def pfmerge(s, argv):
    db = s.db
    regs = [0] * hll.REGISTERS
    use_dense = False
    for key in argv[1:]:
        v = _lookup(db, key)
        if v is None:
            continue
        if v[4] == hll.DENSE:
            use_dense = True
        try:
            hll.merge_into(regs, v)
        except hll.Corrupted:
            raise RedisError(errors.HLL_INVALID) from None
    dest = argv[1]
    db.ks.reading = False            # read above as a source; now a write lookup (no stats)
    cur = _lookup(db, dest)
    created = cur is None
    h = hll.Hll(hll.new_sparse() if created else cur, _sparse_max(s))
    if use_dense:
        h.make_dense()        # the destination was validated above by the merge loop
    h.merge_registers(regs)
    hll.invalidate(h.buf)
    if created:
        db.set(dest, h.value())
        db.raw.add(dest)
    else:
        _save(db, dest, h.value())
    db.ks.notify("$", "pfadd", dest, db.id)
    return OK


@command("PFDEBUG", arity=3, flags="write denyoom admin", keys=(2, 2, 1), group="hyperloglog",
         summary="Inspect an HLL's internals: GETREG (all registers), ENCODING, DECODE (sparse "
                 "opcodes) or TODENSE.",
         complexity="N/A", since="2.8.9", doc_flags="syscmd", key_flags="RW access",
         args=(Str("subcommand"), Key()))
def pfdebug(s, argv):
    db = s.db
    key = argv[2]
    v = _lookup(db, key)
    if v is None:
        raise RedisError(errors.HLL_NO_KEY)
    db.raw.add(key)
    name = bytes(argv[1]).split(b"\0", 1)[0]     # Redis reads it as a C string
    sub = upper(name)
    if sub in (b"GETREG", b"TODENSE"):
        converted = v[4] == hll.SPARSE
        if converted:
            try:
                v = hll.to_dense(v)
            except hll.Corrupted:
                raise RedisError(errors.HLL_INVALID) from None
            # Redis changes the representation without signalling the key as modified.
            _save(db, key, v, signal=False)
        if sub == b"TODENSE":
            return 1 if converted else 0
        return hll.registers(v)
    if sub == b"DECODE":
        if v[4] != hll.SPARSE:
            raise RedisError(errors.HLL_NOT_SPARSE)
        return hll.decode_text(v)
    if sub == b"ENCODING":
        return Status(hll.encoding(v))
    raise RedisError(f"ERR Unknown PFDEBUG subcommand '{text(name)}'")


@command("PFSELFTEST", arity=1, flags="admin", group="hyperloglog",
         summary="Check the HyperLogLog implementation against itself (register packing, "
                 "sparse/dense agreement, estimate error).",
         complexity="N/A", since="2.8.9", doc_flags="syscmd")
def pfselftest(s, argv):
    problem = hll.selftest(s.engine.clock.rng)
    if problem:
        raise RedisError("ERR TESTFAILED " + problem)
    return OK
