"""BF.* (scalable Bloom filter) and CF.* (cuckoo filter) commands."""
from __future__ import annotations

from ...engine.args import is_int
from ...engine.registry import Double, Int, Key, Str, Token, command
from ...engine.replies import Status
from ...errors import SYNTAX, RedisError, wrong_arity
from ..writes import changed, create
from .filters import Cuckoo, FilterFull, ScalableBloom, TooLarge

G = "module"
NOT_FOUND = "ERR not found"
EXISTS = "ERR item exists"
BF_FULL = "ERR non scaling filter is full"
CF_FULL = "ERR Filter is full"
# What BF.ADD / CF.ADD create when the key is new (the modules' default settings).
BF_DEFAULT = (100, 0.01, 2)
CF_DEFAULT_CAPACITY = 1024


def flag(s, yes: bool):
    """A yes/no answer: 1/0 in RESP2, a boolean in RESP3 (as the module replies)."""
    return bool(yes) if s.resp >= 3 else int(bool(yes))


def _int(b: bytes, err: str) -> int:
    if not is_int(b):
        raise RedisError(err)
    return int(b)


def _error_rate(b: bytes) -> float:
    try:
        e = float(b)
    except ValueError:
        raise RedisError("ERR bad error rate") from None
    if not 0 < e < 1:
        raise RedisError("ERR (0 < error rate range < 1)")
    return e


def _capacity(b: bytes) -> int:
    c = _int(b, "ERR bad capacity")
    if c <= 0:
        raise RedisError("ERR (capacity should be larger than 0)")
    return c


def _expansion(b: bytes) -> int:
    x = _int(b, "ERR bad expansion")
    if x < 1:
        raise RedisError("ERR expansion should be greater or equal to 1")
    return x


# ------------------------------------------------------------------- Bloom

@command("BF.RESERVE", arity=-4, flags="write denyoom module", keys=(1, 1, 1), group=G, acl="bloom",
         summary="Create an empty Bloom filter sized for a capacity at a target false-positive rate.",
         complexity="O(1)", since="1.0.0",
         args=(Key(), Double("error_rate"), Int("capacity"), Int("expansion", token="EXPANSION", optional=True),
               Token("NONSCALING", optional=True)))
def bf_reserve(s, argv):
    error, cap = _error_rate(argv[2]), _capacity(argv[3])
    expansion, nonscaling = None, False
    i = 4
    while i < len(argv):
        opt = argv[i].upper()
        if opt == b"EXPANSION" and i + 1 < len(argv):
            expansion, i = _expansion(argv[i + 1]), i + 2
        elif opt == b"NONSCALING":
            nonscaling, i = True, i + 1
        else:
            raise RedisError(SYNTAX)
    if nonscaling and expansion is not None:
        raise RedisError("ERR Nonscaling filters cannot expand")
    return create(s.db, argv[1], lambda: ScalableBloom(cap, error, expansion or 2, nonscaling), EXISTS,
                  "bf.reserve")


def _for_add(db, key, kind, settings: tuple, nocreate=False):
    """The filter at ``key`` for the adding commands of either kind: a new
    ``kind(*settings)`` when the key is missing, unless NOCREATE."""
    f = db.lookup_typed(key, kind)
    if f is None:
        if nocreate:
            raise RedisError(NOT_FOUND)
        f = kind(*settings)
        db.set(key, f)
    return f


def _add_items(s, key, bf, items) -> list:
    db = s.db
    out = []
    for item in items:
        try:
            out.append(flag(s, bf.add(item)))
        except FilterFull:
            out.append(RedisError(BF_FULL))
        except TooLarge as e:
            out.append(e)
    changed(db, key, "bf.add")
    return out


@command("BF.ADD", arity=3, flags="write denyoom module", keys=(1, 1, 1), group=G, acl="bloom",
         summary="Add an item to a Bloom filter (created with default settings if missing); 1 if it was new.",
         complexity="O(k), where k is the number of hash functions used by the last sub-filter",
         since="1.0.0", args=(Key(), Str("item")))
def bf_add(s, argv):
    r = _add_items(s, argv[1], _for_add(s.db, argv[1], ScalableBloom, BF_DEFAULT), [argv[2]])[0]
    if isinstance(r, RedisError):
        raise r
    return r


@command("BF.MADD", arity=-3, flags="write denyoom module", keys=(1, 1, 1), group=G, acl="bloom",
         summary="Add several items to a Bloom filter; one 1/0 per item.",
         complexity="O(k * n), where k is the number of hash functions and n is the number of items",
         since="1.0.0", args=(Key(), Str("item", multiple=True)))
def bf_madd(s, argv):
    return _add_items(s, argv[1], _for_add(s.db, argv[1], ScalableBloom, BF_DEFAULT), argv[2:])


@command("BF.INSERT", arity=-4, flags="write denyoom module", keys=(1, 1, 1), group=G, acl="bloom",
         summary="Add items to a Bloom filter, creating it with the given settings unless NOCREATE.",
         complexity="O(k * n), where k is the number of hash functions and n is the number of items",
         since="1.0.0",
         args=(Key(), Int("capacity", token="CAPACITY", optional=True),
               Double("error", token="ERROR", optional=True), Int("expansion", token="EXPANSION", optional=True),
               Token("NOCREATE", optional=True), Token("NONSCALING", optional=True), Token("ITEMS"),
               Str("item", multiple=True)))
def bf_insert(s, argv):
    cap, error, expansion = BF_DEFAULT
    nocreate = nonscaling = False
    given_cap = given_err = given_exp = False
    i, n = 2, len(argv)
    while i < n:
        opt = argv[i].upper()
        if opt == b"ITEMS":
            break
        if opt == b"CAPACITY" and i + 1 < n:
            cap, given_cap, i = _capacity(argv[i + 1]), True, i + 2
        elif opt == b"ERROR" and i + 1 < n:
            error, given_err, i = _error_rate(argv[i + 1]), True, i + 2
        elif opt == b"EXPANSION" and i + 1 < n:
            expansion, given_exp, i = _expansion(argv[i + 1]), True, i + 2
        elif opt == b"NOCREATE":
            nocreate, i = True, i + 1
        elif opt == b"NONSCALING":
            nonscaling, i = True, i + 1
        else:
            raise RedisError(SYNTAX)
    items = argv[i + 1:]
    if i >= n or not items:
        raise wrong_arity("bf.insert")
    if nocreate and (given_cap or given_err):
        raise RedisError("ERR NOCREATE cannot be used together with CAPACITY or ERROR")
    if nonscaling and given_exp:
        raise RedisError("ERR Nonscaling filters cannot expand")
    bf = _for_add(s.db, argv[1], ScalableBloom, (cap, error, expansion, nonscaling), nocreate)
    return _add_items(s, argv[1], bf, items)


def _exists(s, argv, kind) -> list:
    """BF/CF.EXISTS and MEXISTS: one yes/no per item after the key; a missing key
    holds nothing."""
    f = s.db.lookup_typed(argv[1], kind)
    return [flag(s, f is not None and f.exists(x)) for x in argv[2:]]


@command("BF.EXISTS", arity=3, flags="readonly module fast", keys=(1, 1, 1), group=G, acl="bloom",
         summary="1 if the item may be in the Bloom filter, 0 if it is certainly not.",
         complexity="O(k), where k is the number of hash functions used by the last sub-filter",
         since="1.0.0", args=(Key(), Str("item")))
def bf_exists(s, argv):
    return _exists(s, argv, ScalableBloom)[0]


@command("BF.MEXISTS", arity=-3, flags="readonly module fast", keys=(1, 1, 1), group=G, acl="bloom",
         summary="BF.EXISTS for several items at once.",
         complexity="O(k * n), where k is the number of hash functions and n is the number of items",
         since="1.0.0", args=(Key(), Str("item", multiple=True)))
def bf_mexists(s, argv):
    return _exists(s, argv, ScalableBloom)


@command("BF.CARD", arity=2, flags="readonly module fast", keys=(1, 1, 1), group=G, acl="bloom",
         summary="How many items were added to a Bloom filter and judged new (0 when the key is missing).",
         complexity="O(1)", since="2.4.4", args=(Key(),))
def bf_card(s, argv):
    bf = s.db.lookup_typed(argv[1], ScalableBloom)
    return 0 if bf is None else bf.items


_BF_FIELDS = {b"CAPACITY": "Capacity", b"SIZE": "Size", b"FILTERS": "Number of filters",
              b"ITEMS": "Number of items inserted", b"EXPANSION": "Expansion rate"}


@command("BF.INFO", arity=-2, flags="readonly module fast", keys=(1, 1, 1), group=G, acl="bloom",
         summary="A Bloom filter's capacity, size in bytes, sub-filter count, items and expansion (or one of them).",
         complexity="O(1)", since="1.0.0",
         args=(Key(), Token("CAPACITY", optional=True), Token("SIZE", optional=True),
               Token("FILTERS", optional=True), Token("ITEMS", optional=True), Token("EXPANSION", optional=True)))
def bf_info(s, argv):
    if len(argv) > 3:
        raise wrong_arity("bf.info")
    bf = s.db.lookup_typed(argv[1], ScalableBloom)
    if bf is None:
        raise RedisError(NOT_FOUND)
    values = {"Capacity": bf.capacity, "Size": bf.size(), "Number of filters": len(bf.layers),
              "Number of items inserted": bf.items,
              "Expansion rate": None if bf.nonscaling else bf.expansion}
    if len(argv) == 3:
        name = _BF_FIELDS.get(argv[2].upper())
        if name is None:
            raise RedisError("ERR Invalid information value")
        return [values[name]]
    return {Status(k): v for k, v in values.items()}


# ------------------------------------------------------------------ cuckoo

def _cf_reserve_opts(argv, i: int):
    bsize, max_iter, expansion = 2, 20, 1
    while i < len(argv):
        opt = argv[i].upper()
        if i + 1 >= len(argv):
            raise RedisError(SYNTAX)
        v = argv[i + 1]
        if opt == b"BUCKETSIZE":
            bsize = _int(v, "ERR Bad bucket size")
            if not 1 <= bsize <= 255:
                raise RedisError("ERR Bucket size must be between 1 and 255")
        elif opt == b"MAXITERATIONS":
            max_iter = _int(v, "ERR Bad max iterations")
            if not 1 <= max_iter <= 65535:
                raise RedisError("ERR Max iterations must be between 1 and 65535")
        elif opt == b"EXPANSION":
            expansion = _int(v, "ERR Bad expansion")
            if not 0 <= expansion <= 32768:
                raise RedisError("ERR Expansion must be between 0 and 32768")
        else:
            raise RedisError(SYNTAX)
        i += 2
    return bsize, max_iter, expansion


@command("CF.RESERVE", arity=-3, flags="write denyoom module", keys=(1, 1, 1), group=G, acl="cuckoo",
         summary="Create an empty cuckoo filter for a capacity, with bucket size, kick limit and expansion.",
         complexity="O(1)", since="1.0.0",
         args=(Key(), Int("capacity"), Int("bucketsize", token="BUCKETSIZE", optional=True),
               Int("maxiterations", token="MAXITERATIONS", optional=True),
               Int("expansion", token="EXPANSION", optional=True)))
def cf_reserve(s, argv):
    cap = _int(argv[2], "ERR Bad capacity")
    bsize, max_iter, expansion = _cf_reserve_opts(argv, 3)
    if cap < 2 * bsize:
        raise RedisError("ERR Capacity must be at least (BucketSize * 2)")
    return create(s.db, argv[1], lambda: Cuckoo(cap, bsize, max_iter, expansion), EXISTS, "cf.reserve")


def _cf_add(s, key, items, nx: bool, nocreate=False, capacity=CF_DEFAULT_CAPACITY, many=False):
    db = s.db
    cf = _for_add(db, key, Cuckoo, (capacity,), nocreate)
    rng = s.engine.clock.rng          # the seeded RNG: kicks are reproducible
    out = []
    for item in items:
        if nx and cf.exists(item):
            out.append(0)
        elif cf.add(item, rng):
            out.append(1)
        else:
            out.append(-1 if many else RedisError(CF_FULL))
    changed(db, key, "cf.add")
    return out


def _one(s, r):
    """CF.ADD / CF.ADDNX answer one item: the error itself, or a yes/no."""
    if isinstance(r, RedisError):
        raise r
    return flag(s, r == 1)


@command("CF.ADD", arity=3, flags="write denyoom module", keys=(1, 1, 1), group=G, acl="cuckoo",
         summary="Add an item to a cuckoo filter (duplicates allowed), creating the filter if missing.",
         complexity="O(k + i), where k is the number of sub-filters and i is maxIterations",
         since="1.0.0", args=(Key(), Str("item")))
def cf_add(s, argv):
    return _one(s, _cf_add(s, argv[1], [argv[2]], False)[0])


@command("CF.ADDNX", arity=3, flags="write denyoom module", keys=(1, 1, 1), group=G, acl="cuckoo",
         summary="Add an item to a cuckoo filter only if it does not seem present; 1 added, 0 not.",
         complexity="O(k + i), where k is the number of sub-filters and i is maxIterations",
         since="1.0.0", args=(Key(), Str("item")))
def cf_addnx(s, argv):
    return _one(s, _cf_add(s, argv[1], [argv[2]], True)[0])


def _cf_insert(s, argv, nx: bool):
    cap, nocreate = CF_DEFAULT_CAPACITY, False
    i, n = 2, len(argv)
    while i < n and argv[i].upper() != b"ITEMS":
        opt = argv[i].upper()
        if opt == b"CAPACITY" and i + 1 < n:
            cap = _int(argv[i + 1], "ERR Bad capacity")
            if cap < 4:
                raise RedisError("ERR Capacity must be at least (BucketSize * 2)")
            i += 2
        elif opt == b"NOCREATE":
            nocreate, i = True, i + 1
        else:
            raise RedisError(SYNTAX)
    if i >= n - 1:
        raise wrong_arity(argv[0].decode("latin-1"))
    return _cf_add(s, argv[1], argv[i + 1:], nx, nocreate, cap, many=True)


_INSERT_ARGS = (Key(), Int("capacity", token="CAPACITY", optional=True), Token("NOCREATE", optional=True),
                Token("ITEMS"), Str("item", multiple=True))


@command("CF.INSERT", arity=-4, flags="write denyoom module", keys=(1, 1, 1), group=G, acl="cuckoo",
         summary="Add items to a cuckoo filter, creating it with CAPACITY unless NOCREATE; 1 or -1 (full) each.",
         complexity="O(n * (k + i)), where n is the number of items, k is the number of sub-filters and i is maxIterations",
         since="1.0.0", args=_INSERT_ARGS)
def cf_insert(s, argv):
    return _cf_insert(s, argv, False)


@command("CF.INSERTNX", arity=-4, flags="write denyoom module", keys=(1, 1, 1), group=G, acl="cuckoo",
         summary="CF.INSERT that skips items already present; 1 added, 0 present, -1 full.",
         complexity="O(n * (k + i)), where n is the number of items, k is the number of sub-filters and i is maxIterations",
         since="1.0.0", args=_INSERT_ARGS)
def cf_insertnx(s, argv):
    return _cf_insert(s, argv, True)


@command("CF.EXISTS", arity=3, flags="readonly module fast", keys=(1, 1, 1), group=G, acl="cuckoo",
         summary="1 if the item may be in the cuckoo filter, 0 if it is certainly not.",
         complexity="O(k), where k is the number of sub-filters", since="1.0.0", args=(Key(), Str("item")))
def cf_exists(s, argv):
    return _exists(s, argv, Cuckoo)[0]


@command("CF.MEXISTS", arity=-3, flags="readonly module fast", keys=(1, 1, 1), group=G, acl="cuckoo",
         summary="CF.EXISTS for several items at once.",
         complexity="O(k * n), where k is the number of sub-filters and n is the number of items",
         since="1.0.0", args=(Key(), Str("item", multiple=True)))
def cf_mexists(s, argv):
    return _exists(s, argv, Cuckoo)


@command("CF.DEL", arity=3, flags="write module fast", keys=(1, 1, 1), group=G, acl="cuckoo",
         summary="Remove one copy of an item's fingerprint from a cuckoo filter; 1 if one was found.",
         complexity="O(k), where k is the number of sub-filters", since="1.0.0", args=(Key(), Str("item")))
def cf_del(s, argv):
    db = s.db
    cf = db.lookup_typed(argv[1], Cuckoo)
    if cf is None:
        raise RedisError("ERR Not found")
    if not cf.delete(argv[2]):
        return flag(s, False)
    changed(db, argv[1], "cf.del")
    return flag(s, True)


@command("CF.COUNT", arity=3, flags="readonly module fast", keys=(1, 1, 1), group=G, acl="cuckoo",
         summary="How many times an item's fingerprint is in a cuckoo filter (an upper bound on its count).",
         complexity="O(k), where k is the number of sub-filters", since="1.0.0", args=(Key(), Str("item")))
def cf_count(s, argv):
    cf = s.db.lookup_typed(argv[1], Cuckoo)
    return 0 if cf is None else cf.count(argv[2])


@command("CF.INFO", arity=2, flags="readonly module fast", keys=(1, 1, 1), group=G, acl="cuckoo",
         summary="A cuckoo filter's size, buckets, sub-filters, inserted/deleted counts and settings.",
         complexity="O(1)", since="1.0.0", args=(Key(),))
def cf_info(s, argv):
    cf = s.db.lookup_typed(argv[1], Cuckoo)
    if cf is None:
        raise RedisError(NOT_FOUND)
    S = Status
    return {S("Size"): cf.size(), S("Number of buckets"): cf.nbuckets,
            S("Number of filters"): len(cf.layers), S("Number of items inserted"): cf.inserted,
            S("Number of items deleted"): cf.deleted, S("Bucket size"): cf.bsize,
            S("Expansion rate"): cf.expansion, S("Max iterations"): cf.max_iter}
