"""CMS.* (count-min sketch) and TOPK.* (top-k) commands."""
from __future__ import annotations

from ...engine.args import is_int
from ...engine.registry import Block, Double, Int, Key, Str, Token, command
from ...engine.replies import OK, Status
from ...errors import RedisError, wrong_arity
from ..writes import changed, create
from .sketches import CountMin, TopK

G = "module"
CMS_MISSING = "CMS: key does not exist"
CMS_EXISTS = "CMS: key already exists"
TOPK_MISSING = "TopK: key does not exist"
_U32 = (1 << 32) - 1


def _cms(db, key) -> CountMin:
    c = db.lookup_typed(key, CountMin)
    if c is None:
        raise RedisError(CMS_MISSING)
    return c


def _pos_int(b: bytes, err: str) -> int:
    if not is_int(b) or not 0 < int(b) <= _U32:
        raise RedisError(err)
    return int(b)


def _prob(b: bytes, err: str) -> float:
    try:
        v = float(b)
    except ValueError:
        raise RedisError(err) from None
    if not 0 < v < 1:
        raise RedisError(err)
    return v


def _create_cms(s, key, cms: CountMin, event: str):
    # The sketch is built before the key is checked (a too-large one is refused first).
    return create(s.db, key, lambda: cms, CMS_EXISTS, event)


@command("CMS.INITBYDIM", arity=4, flags="write denyoom module", keys=(1, 1, 1), group=G, acl="cms",
         summary="Create a count-min sketch of a given width (counters per row) and depth (rows).",
         complexity="O(1)", since="2.0.0", args=(Key(), Int("width"), Int("depth")))
def cms_initbydim(s, argv):
    w = _pos_int(argv[2], "CMS: invalid width")
    d = _pos_int(argv[3], "CMS: invalid depth")
    return _create_cms(s, argv[1], CountMin(w, d), "cms.initbydim")


@command("CMS.INITBYPROB", arity=4, flags="write denyoom module", keys=(1, 1, 1), group=G, acl="cms",
         summary="Create a count-min sketch sized from an over-count bound and the chance of exceeding it.",
         complexity="O(1)", since="2.0.0", args=(Key(), Double("error"), Double("probability")))
def cms_initbyprob(s, argv):
    e = _prob(argv[2], "CMS: invalid overestimation value")
    p = _prob(argv[3], "CMS: invalid prob value")
    return _create_cms(s, argv[1], CountMin.from_prob(e, p), "cms.initbyprob")


@command("CMS.INCRBY", arity=-4, flags="write denyoom module", keys=(1, 1, 1), group=G, acl="cms",
         summary="Add to the counts of items; replies with each item's new estimated count.",
         complexity="O(n) where n is the number of items", since="2.0.0",
         args=(Key(), Block("items", Str("item"), Int("increment"), multiple=True)))
def cms_incrby(s, argv):
    if len(argv) % 2:
        raise wrong_arity("cms.incrby")
    db = s.db
    cms = _cms(db, argv[1])
    pairs = []
    for item, inc in zip(argv[2::2], argv[3::2]):
        if not is_int(inc):
            raise RedisError("CMS: Cannot parse number")
        if int(inc) < 0:
            raise RedisError("CMS: Number cannot be negative")
        pairs.append((item, int(inc)))
    out = [cms.incrby(item, n) for item, n in pairs]
    changed(db, argv[1], "cms.incrby")
    return out


@command("CMS.QUERY", arity=-3, flags="readonly module", keys=(1, 1, 1), group=G, acl="cms",
         summary="Estimated counts of items (never below the true count).",
         complexity="O(n) where n is the number of items", since="2.0.0",
         args=(Key(), Str("item", multiple=True)))
def cms_query(s, argv):
    cms = _cms(s.db, argv[1])
    return [cms.query(x) for x in argv[2:]]


@command("CMS.MERGE", arity=-4, flags="write denyoom module", keys=(1, 1, 1),
         getkeys=lambda argv: [1] + (list(range(3, min(3 + int(argv[2]), len(argv))))
                                     if len(argv) > 2 and is_int(argv[2]) else []),
         group=G, acl="cms",
         summary="Overwrite a sketch with the (optionally weighted) sum of sketches of the same width and depth.",
         complexity="O(n) where n is the number of sketches", since="2.0.0",
         args=(Key("destination"), Int("numKeys"), Key("source", multiple=True, key_spec_index=1),
               Int("weight", token="WEIGHTS", multiple=True, optional=True)))
def cms_merge(s, argv):
    if not is_int(argv[2]) or int(argv[2]) < 1:
        raise RedisError("CMS: invalid numkeys")
    nk = int(argv[2])
    srcs = argv[3:3 + nk]
    if len(srcs) < nk:
        raise RedisError("CMS: wrong number of keys")
    rest = argv[3 + nk:]
    weights = [1] * nk
    if rest:
        if rest[0].upper() != b"WEIGHTS" or len(rest) - 1 != nk:
            raise RedisError("CMS: wrong number of keys/weights")
        weights = []
        for w in rest[1:]:
            if not is_int(w):
                raise RedisError("CMS: invalid weight value")
            weights.append(int(w))
    db = s.db
    dest = _cms(db, argv[1])
    sources = [_cms(db, k) for k in srcs]
    if any(x.width != dest.width or x.depth != dest.depth for x in sources):
        raise RedisError("CMS: width/depth is not equal")
    dest.merge(sources, weights)
    changed(db, argv[1], "cms.merge")
    return OK


@command("CMS.INFO", arity=2, flags="readonly module fast", keys=(1, 1, 1), group=G, acl="cms",
         summary="A sketch's width, depth and total of all increments.", complexity="O(1)", since="2.0.0",
         args=(Key(),))
def cms_info(s, argv):
    c = _cms(s.db, argv[1])
    return {Status("width"): c.width, Status("depth"): c.depth, Status("count"): c.count}


# ------------------------------------------------------------------- top-k

def _topk(db, key) -> TopK:
    t = db.lookup_typed(key, TopK)
    if t is None:
        raise RedisError(TOPK_MISSING)
    return t


@command("TOPK.RESERVE", arity=-3, flags="write denyoom module", keys=(1, 1, 1), group=G, acl="topk",
         summary="Create a top-k sketch keeping the k most frequent items (HeavyKeeper: width, depth, decay).",
         complexity="O(1)", since="2.0.0",
         args=(Key(), Int("topk"), Block("params", Int("width"), Int("depth"), Double("decay"), optional=True)))
def topk_reserve(s, argv):
    if len(argv) not in (3, 6):
        raise wrong_arity("topk.reserve")
    k = _pos_int(argv[2], "TopK: invalid k")
    width, depth, decay = 8, 7, 0.9
    if len(argv) == 6:
        width = _pos_int(argv[3], "TopK: invalid width")
        depth = _pos_int(argv[4], "TopK: invalid depth")
        try:
            decay = float(argv[5])
        except ValueError:
            decay = -1.0
        if not 0 < decay <= 1:
            raise RedisError("TopK: invalid decay value. must be '<= 1' & '> 0'")
    return create(s.db, argv[1], lambda: TopK(k, width, depth, decay), "TopK: key already exists",
                  "topk.reserve")


def _topk_add(s, key, pairs):
    db = s.db
    t = _topk(db, key)
    rng = s.engine.clock.rng
    out = [t.incrby(item, n, rng) for item, n in pairs]
    changed(db, key, "topk.add")
    return out


@command("TOPK.ADD", arity=-3, flags="write denyoom module", keys=(1, 1, 1), group=G, acl="topk",
         summary="Count items in a top-k sketch; replies with the item each one pushed out of the top k, or nil.",
         complexity="O(n * k) where n is the number of items and k is the depth", since="2.0.0",
         args=(Key(), Str("items", multiple=True)))
def topk_add(s, argv):
    return _topk_add(s, argv[1], [(x, 1) for x in argv[2:]])


@command("TOPK.INCRBY", arity=-4, flags="write denyoom module", keys=(1, 1, 1), group=G, acl="topk",
         summary="Count items by given amounts in a top-k sketch; replies like TOPK.ADD.",
         complexity="O(n * k * incr) where n is the number of items, k is the depth and incr is the increment",
         since="2.0.0", args=(Key(), Block("items", Str("item"), Int("increment"), multiple=True)))
def topk_incrby(s, argv):
    if len(argv) % 2:
        raise wrong_arity("topk.incrby")
    pairs = []
    for item, inc in zip(argv[2::2], argv[3::2]):
        if not is_int(inc) or not 1 <= int(inc) <= 100000:
            raise RedisError("TopK: increment must be an integer greater or equal to 1 and less or equal to 100,000")
        pairs.append((item, int(inc)))
    return _topk_add(s, argv[1], pairs)


@command("TOPK.QUERY", arity=-3, flags="readonly module", keys=(1, 1, 1), group=G, acl="topk",
         summary="1 for each item currently in the top k, else 0.",
         complexity="O(n) where n is the number of items", since="2.0.0", args=(Key(), Str("item", multiple=True)))
def topk_query(s, argv):
    t = _topk(s.db, argv[1])
    return [int(x in t.top) for x in argv[2:]]


@command("TOPK.COUNT", arity=-3, flags="readonly module", keys=(1, 1, 1), group=G, acl="topk",
         summary="The sketch's count estimate for each item (deprecated in the module, kept for old clients).",
         complexity="O(n) where n is the number of items", since="2.0.0", deprecated_since="2.4.0",
         args=(Key(), Str("item", multiple=True)))
def topk_count(s, argv):
    t = _topk(s.db, argv[1])
    return [t.estimate(x) for x in argv[2:]]


@command("TOPK.LIST", arity=-2, flags="readonly module", keys=(1, 1, 1), group=G, acl="topk",
         summary="The items in the top k, most frequent first (WITHCOUNT adds their counts).",
         complexity="O(k*log(k)) where k is the value of top-k", since="2.0.0",
         args=(Key(), Token("WITHCOUNT", optional=True, since="2.0.5")))
def topk_list(s, argv):
    withcount = False
    if len(argv) == 3:
        if argv[2].upper() != b"WITHCOUNT":
            raise RedisError("WITHCOUNT keyword expected")
        withcount = True
    elif len(argv) > 3:
        raise wrong_arity("topk.list")
    t = _topk(s.db, argv[1])
    out = []
    for item, n in t.ranked():
        out.append(item)
        if withcount:
            out.append(n)
    return out


@command("TOPK.INFO", arity=2, flags="readonly module fast", keys=(1, 1, 1), group=G, acl="topk",
         summary="A top-k sketch's k, width, depth and decay.", complexity="O(1)", since="2.0.0",
         args=(Key(),))
def topk_info(s, argv):
    t = _topk(s.db, argv[1])
    # The module prints the decay with 17 significant digits ("0.90000000000000002").
    decay = t.decay if s.resp >= 3 else (b"%.17g" % t.decay)
    return {Status("k"): t.k, Status("width"): t.width, Status("depth"): t.depth, Status("decay"): decay}


