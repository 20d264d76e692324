"""RList: a deque with Redis's listpack/quicklist bookkeeping."""
from hypothesis import given, settings
from hypothesis import strategies as st

from redislab.engine.datatypes.rlist import RList, entry_size, exceeds, node_limits


def lp_bytes(items) -> int:
    return 7 + sum(entry_size(e) for e in items)


def test_entry_sizes_follow_listpack_encodings():
    assert entry_size(b"0") == 2 and entry_size(b"127") == 2          # 7-bit uint
    assert entry_size(b"128") == 3 and entry_size(b"-4096") == 3       # 13-bit int
    assert entry_size(b"4096") == 4 and entry_size(b"-32768") == 4     # 16-bit
    assert entry_size(b"8388607") == 5                                 # 24-bit
    assert entry_size(b"2147483647") == 6                              # 32-bit
    assert entry_size(b"9223372036854775807") == 10                    # 64-bit
    # Not canonical integers: stored as strings.
    assert entry_size(b"007") == 1 + 3 + 1
    assert entry_size(b"+1") == 1 + 2 + 1
    assert entry_size(b"-0") == 1 + 2 + 1
    assert entry_size(b"9223372036854775808") == 1 + 19 + 1
    assert entry_size(b"") == 2
    assert entry_size(b"a" * 63) == 1 + 63 + 1
    assert entry_size(b"a" * 64) == 2 + 64 + 1                         # 12-bit length, backlen 1
    assert entry_size(b"a" * 200) == 2 + 200 + 2                       # 2-byte backlen
    assert entry_size(b"a" * 5000) == 5 + 5000 + 2                     # 32-bit length


def test_limits():
    assert node_limits(-1)[0] == 4096 and node_limits(-2)[0] == 8192 and node_limits(-5)[0] == 65536
    assert node_limits(-9)[0] == 65536
    assert node_limits(128)[1] == 128 and node_limits(0)[1] == 1
    assert exceeds(-2, 8193, 1) and not exceeds(-2, 8192, 10 ** 6)
    assert exceeds(5, 100, 6) and not exceeds(5, 100, 5)
    assert exceeds(1000, 8193, 3)                                      # safety limit for counts


def test_size_tracking_through_every_mutation():
    lst = RList()
    lst.push([b"a", b"12", b"hello"], False, -2)
    lst.push([b"x" * 100], True, -2)
    assert lst.nbytes == lp_bytes(lst)
    lst.set_at(1, b"99999")
    lst.insert_at_pivot(b"12", b"zz", after=True)
    lst.remove_value(b"zz", 0)
    lst.pop_end(True)
    lst.pop_many(1, False)
    assert lst.nbytes == lp_bytes(lst)
    lst.push([b"a"] * 20, False, -2)
    lst.trim(3, 8)
    assert lst.nbytes == lp_bytes(lst) and len(lst) == 6
    c = lst.copy()
    assert c == lst and c is not lst and c.nbytes == lst.nbytes and type(c) is RList


def test_count_limit_conversion_and_half_way_back():
    lst = RList()
    lst.push([b"%d" % i for i in range(8)], False, 8)
    assert lst.encoding() == "listpack"
    lst.push([b"x"], False, 8)
    assert lst.encoding() == "quicklist"
    lst.pop_end(False)
    lst.shrink(8)
    assert lst.encoding() == "quicklist"       # 8 left: more than half of 8
    for _ in range(4):
        lst.pop_end(True)
    lst.shrink(8)
    assert len(lst) == 4 and lst.encoding() == "listpack"


def test_byte_limit_conversion_and_back():
    lst = RList()
    big = b"v" * 1000
    for _ in range(8):
        lst.push([big], False, -2)
    assert lst.encoding() == "listpack" and lst.nbytes < 8192
    lst.push([big], False, -2)                  # 8 KB would be passed
    assert lst.encoding() == "quicklist"
    while lst.nbytes > 4096:
        lst.pop_end(True)
        lst.shrink(-2)
        if lst.nbytes > 4096:
            assert lst.encoding() == "quicklist"
    assert lst.encoding() == "listpack"


def test_bulk_build_picks_encoding():
    assert RList([b"a"] * 10, 5).encoding() == "quicklist"
    assert RList([b"a"] * 5, 5).encoding() == "listpack"
    assert RList([b"a"] * 10).encoding() == "listpack"


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([b"a", b"b", b"1", b"-5", b"zz"]), max_size=30),
       st.integers(-40, 40), st.integers(-40, 40))
def test_range_and_trim_match_a_python_model(items, start, end):
    n = len(items)
    s, e = start + n if start < 0 else start, end + n if end < 0 else end
    s = max(s, 0)
    model = [] if s > e or s >= n else items[s:min(e, n - 1) + 1]
    lst = RList(items)
    assert lst.range(start, end) == model
    assert lst.range(start, end, reverse=True) == model[::-1]
    removed = lst.trim(start, end)
    assert list(lst) == model and removed == n - len(model)
    assert lst.nbytes == lp_bytes(model)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([b"a", b"b", b"c"]), max_size=25), st.sampled_from([b"a", b"b"]),
       st.integers(-4, 4))
def test_remove_value_matches_model(items, value, count):
    model = list(items)
    idxs = [i for i, x in enumerate(model) if x == value]
    if count > 0:
        idxs = idxs[:count]
    elif count < 0:
        idxs = idxs[count:] if len(idxs) >= -count else idxs
    drop = set(idxs)
    expected = [x for i, x in enumerate(model) if i not in drop]
    lst = RList(items)
    assert lst.remove_value(value, count) == len(drop)
    assert list(lst) == expected and lst.nbytes == lp_bytes(expected)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([b"a", b"b"]), max_size=20), st.integers(1, 4).flatmap(
    lambda r: st.sampled_from([r, -r])), st.integers(0, 3), st.integers(0, 25))
def test_positions_match_model(items, rank, count, maxlen):
    n = len(items)
    order = list(range(n)) if rank > 0 else list(range(n - 1, -1, -1))
    if maxlen:
        order = order[:maxlen]
    matches = [i for i in order if items[i] == b"a"][abs(rank) - 1:]
    if count:
        matches = matches[:count]
    assert RList(items).positions(b"a", rank, count, maxlen) == matches


def test_from_items_uses_the_config_limit():
    from redislab.engine.config import Config
    from redislab.engine.datatypes.rlist import from_items

    assert from_items([b"a"] * 3, Config({"list-max-listpack-size": 2})).encoding() == "quicklist"
    assert from_items([b"a"] * 3, Config()).encoding() == "listpack"
    assert from_items([b"a"]) == RList([b"a"])
