"""The RDB payload codec on its own: CRC-64, LZF, the packed blobs and round trips."""
from __future__ import annotations

import ctypes
import ctypes.util

import pytest
from hypothesis import given, settings, strategies as st

from redislab.engine.config import Config
from redislab.engine.datatypes import rdb
from redislab.engine.datatypes.rdb import lzf, packed, wire
from redislab.engine.datatypes.rhash import RHash
from redislab.engine.datatypes.rlist import RList
from redislab.engine.datatypes.rset import RSet
from redislab.engine.datatypes.stream import Stream
from redislab.engine.datatypes.zset import ZSet

CFG = Config()
ints = st.integers(-(1 << 63), (1 << 63) - 1)
elements = st.one_of(st.binary(max_size=40), ints.map(lambda i: b"%d" % i),
                     st.integers(-5000, 5000).map(lambda i: b"%d" % i), st.binary(min_size=60, max_size=5000))


# ------------------------------------------------------------------ CRC-64

def test_crc64_check_value():
    assert rdb.crc64(b"123456789") == 0xE9C6D914C4B8D9CA
    assert rdb.crc64(b"") == 0
    assert rdb.crc64(b"56789", rdb.crc64(b"1234")) == 0xE9C6D914C4B8D9CA


# --------------------------------------------------------------------- LZF

@given(st.binary(max_size=3000))
def test_lzf_round_trip(data):
    packed_ = lzf.compress(data)
    if data:
        assert lzf.decompress(packed_, len(data)) == data


@given(st.lists(st.sampled_from([b"abc", b"x", b"hello world ", b"\x00\x01"]), max_size=400))
def test_lzf_round_trip_repetitive(parts):
    data = b"".join(parts)
    out = lzf.compress(data, max(1, len(data) - 4))
    if out is not None:
        assert len(out) <= len(data) - 4
        assert lzf.decompress(out, len(data)) == data


def test_lzf_known_stream():
    # Overlapping back reference: "ab" then 4 bytes from 2 back.
    assert lzf.decompress(b"\x01ab\x40\x01", 6) == b"ababab"
    assert lzf.decompress(b"\x02abc\x20\x02", 6) == b"abcabc"


@pytest.mark.parametrize("bad", [b"\x05ab", b"\x20\x05", b"\xe0"])
def test_lzf_rejects_corrupt_input(bad):
    with pytest.raises(ValueError):
        lzf.decompress(bad, 10)


_LIBLZF = ctypes.util.find_library("lzf")


@pytest.mark.skipif(_LIBLZF is None, reason="liblzf (the encoder Debian's redis-server links) is absent")
@settings(max_examples=300)
@given(st.one_of(st.binary(max_size=2000),
                 st.lists(st.sampled_from([b"ab", b"abc", b"zz", b"0123456789"]), max_size=300).map(b"".join)))
def test_lzf_matches_the_reference_encoder_byte_for_byte(data):
    lib = ctypes.CDLL(_LIBLZF)
    for budget in (len(data) - 4, 2 * len(data) + 16):
        if budget <= 0 or not data:
            continue
        buf = ctypes.create_string_buffer(budget)
        n = lib.lzf_compress(data, len(data), buf, budget)
        assert lzf.compress(data, budget) == (buf.raw[:n] if n else None)


# ------------------------------------------------------------ RDB strings

@pytest.mark.parametrize("value,encoded", [
    (b"0", b"\xc0\x00"), (b"-128", b"\xc0\x80"), (b"127", b"\xc0\x7f"), (b"128", b"\xc1\x80\x00"),
    (b"-32769", b"\xc2\xff\x7f\xff\xff"), (b"2147483648", b"\x0a2147483648"),
    (b"007", b"\x03007"), (b"-0", b"\x02-0"), (b"", b"\x00"), (b"x" * 64, b"\xc3\x09\x40\x40\x01xx\xe0\x33\x00\x01xx"),
])
def test_string_encodings(value, encoded):
    w = wire.Writer()
    w.string(value)
    assert bytes(w.buf) == encoded          # "x" * 64: the bytes redis-server 7.0 writes
    assert wire.Reader(bytes(w.buf)).string() == value


@given(st.integers(0, (1 << 64) - 1))
def test_length_round_trip(n):
    w = wire.Writer()
    w.length(n)
    assert len(w.buf) == (1 if n < 64 else 2 if n < 16384 else 5 if n < 1 << 32 else 9)
    assert wire.Reader(bytes(w.buf)).length() == n


# ------------------------------------------------------------- packed blobs

@given(st.lists(elements, max_size=50))
def test_listpack_round_trip(items):
    blob = packed.listpack(items)
    assert int.from_bytes(blob[:4], "little") == len(blob)
    assert packed.parse_listpack(blob) == items


def test_listpack_layout():
    # 7-bit uint, 13-bit int, 6-bit string; each followed by its back length.
    assert packed.listpack([b"5", b"-1", b"ab"]) == (
        b"\x10\x00\x00\x00\x03\x00" + b"\x05\x01" + b"\xdf\xff\x02" + b"\x82ab\x03" + b"\xff")


@given(st.sets(ints, max_size=40))
def test_intset_round_trip(values):
    assert packed.parse_intset(packed.intset(values)) == sorted(values)


@pytest.mark.parametrize("blob", [b"", b"\x07\x00\x00\x00\x00\x00", b"\x08\x00\x00\x00\x01\x00\x05\xff",
                                  b"\x09\x00\x00\x00\x01\x00\x85a\x01\xff"])
def test_bad_listpacks_are_refused(blob):
    with pytest.raises(rdb.BadFormat):
        packed.parse_listpack(blob)


# --------------------------------------------------------------- round trips

def _again(value, **kw):
    return rdb.load(rdb.dump(value, **kw), CFG)


@given(st.binary(max_size=300))
def test_string_round_trip(b):
    payload = rdb.dump(b)
    assert rdb.check(payload) == rdb.RDB_VERSION
    assert rdb.load(payload, CFG) == b


@given(st.lists(elements, min_size=1, max_size=80), st.integers(1, 5))
def test_list_round_trip(items, parts):
    lst = RList(items)
    cut = max(1, len(items) // parts)
    nodes = [min(cut, len(items) - i) for i in range(0, len(items), cut)]
    assert list(_again(lst, list_nodes=nodes)) == items


@given(st.sets(st.one_of(ints.map(lambda i: b"%d" % i), st.binary(max_size=20)), min_size=1, max_size=80))
def test_set_round_trip(members):
    s = RSet()
    for m in members:
        s.add(m, CFG)
    back = _again(s)
    assert set(back.members()) == members
    assert back.enc == s.enc or s.enc == "hashtable"


@given(st.dictionaries(st.binary(max_size=80), st.binary(max_size=80), min_size=1, max_size=150))
def test_hash_round_trip(d):
    h = RHash()
    for f, v in d.items():
        h.set(f, v)
    h.fit(CFG, max(max(len(f), len(v)) for f, v in d.items()))
    back = _again(h, small=not h.ht)
    assert dict(back.items()) == d
    assert back.encoding(CFG) == h.encoding(CFG)
    if not h.ht:
        assert list(back.items()) == list(h.items())


def test_hash_field_ttls_use_version_12():
    h = RHash()
    h.set(b"a", b"1")
    h.set(b"b", b"2")
    h.mark_ex()
    h.set_ttl(b"a", 5_000_000)
    for small in (True, False):
        payload = rdb.dump(h, small=small)
        assert rdb.check(payload) == 12
        back = rdb.load(payload, CFG, now_ms=1000)
        assert dict(back.items()) == {b"a": b"1", b"b": b"2"} and back.ttl == {b"a": 5_000_000}
        assert dict(rdb.load(payload, CFG, now_ms=6_000_000).items()) == {b"b": b"2"}


scores = st.floats(allow_nan=False)


@given(st.dictionaries(st.binary(max_size=70), scores, min_size=1, max_size=150))
def test_zset_round_trip(d):
    z = ZSet.from_pairs(d.items(), CFG)
    back = _again(z)
    assert list(back) == list(z)
    assert back.listpack == z.listpack


@given(st.lists(st.tuples(st.integers(0, 5), st.lists(st.binary(max_size=8), min_size=2, max_size=6)),
                min_size=1, max_size=300))
def test_stream_round_trip(adds):
    s = Stream()
    ms = 1
    for step, kv in adds:
        ms += step
        eid = s.auto_id(ms)
        s.append(eid, kv[:len(kv) // 2 * 2], max_entries=7)
    for i, eid in enumerate(list(s.entries)):
        if i % 3 == 1:
            s.delete(eid)
    g = s.create_group(b"g", s.last_id, len(s.entries))
    g.create_consumer(b"alice", 123)
    back = _again(s)
    assert list(back.entries.items()) == list(s.entries.items())
    assert list(back.nodes) == list(s.nodes)
    assert [n.live for n in back.nodes.values()] == [n.live for n in s.nodes.values()]
    assert (back.last_id, back.first_id, back.max_deleted_id, back.entries_added) == \
           (s.last_id, s.first_id, s.max_deleted_id, s.entries_added)
    assert back.groups_view() == _v2_view(s)


def _v2_view(s):
    # Type 19 (7.0) has no consumer active time: a reader takes the seen time for it.
    view = s.groups_view()
    for g in view:
        for c in g["consumers"]:
            c["active_time"] = c["seen_time"]
    return view


def test_stream_groups_and_pending_round_trip():
    s = Stream()
    for i in range(1, 6):
        s.append((i, 0), [b"f", b"%d" % i])
    g = s.create_group(b"g", (0, 0), 0)
    c, _ = g.create_consumer(b"bob", 10)
    s.deliver_new(g, c, 3, False, 20)
    s.create_group(b"empty", (0, 0))
    back = _again(s)
    assert back.groups_view() == _v2_view(s)
    assert [(eid, n.delivery_time, n.delivery_count, n.consumer.name) for eid, n in back.groups[b"g"].pel.items()] \
        == [((i, 0), 20, 1, b"bob") for i in (1, 2, 3)]


# ------------------------------------------------------------------ refusals

def test_envelope_checks():
    good = rdb.dump(b"v")
    with pytest.raises(rdb.BadEnvelope):
        rdb.check(good[:9])
    with pytest.raises(rdb.BadEnvelope):
        rdb.check(good[:-1] + bytes([good[-1] ^ 1]))
    body = good[:-10] + (13).to_bytes(2, "little")
    with pytest.raises(rdb.BadEnvelope):
        rdb.check(body + rdb.crc64(body).to_bytes(8, "little"))


def _payload(body: bytes, version: int = 10) -> bytes:
    body += version.to_bytes(2, "little")
    return body + rdb.crc64(body).to_bytes(8, "little")


@pytest.mark.parametrize("body", [b"", b"\x00", b"\x00\x05ab", b"\x07\x00", b"\x63", b"\x0b\x02ab",
                                  b"\x04\x01\x01a", b"\x12\x01\x03\x00"])
def test_bad_bodies_are_bad_format(body):
    with pytest.raises(rdb.BadFormat):
        rdb.load(_payload(body), CFG)


def test_older_forms_are_read():
    # A plain list (type 1), a set listpack (type 20, Redis 7.2), a text-score zset (type 3).
    assert list(rdb.load(_payload(b"\x01\x02\x01a\x01b"), CFG)) == [b"a", b"b"]
    blob = packed.listpack([b"x", b"y"])
    s = rdb.load(_payload(b"\x14" + bytes([len(blob)]) + blob, 11), CFG)
    assert s.members() == [b"x", b"y"] and s.enc == "listpack"
    z = rdb.load(_payload(b"\x03\x01\x01a\x031.5"), CFG)
    assert list(z) == [(b"a", 1.5)]


def test_ziplist_forms_are_read():
    # A ziplist holding "a" and the immediate integer 5 (as Redis 6 wrote small values).
    zl = (16).to_bytes(4, "little") + (13).to_bytes(4, "little") + (2).to_bytes(2, "little") \
        + b"\x00\x01a" + b"\x03\xf6" + b"\xff"
    assert packed.parse_ziplist(zl) == [b"a", b"5"]
    frame = bytes([len(zl)]) + zl
    assert list(rdb.load(_payload(b"\x0a" + frame, 9), CFG)) == [b"a", b"5"]          # list ziplist
    assert list(rdb.load(_payload(b"\x0e\x01" + frame, 9), CFG)) == [b"a", b"5"]      # quicklist v1
    assert dict(rdb.load(_payload(b"\x0d" + frame, 9), CFG).items()) == {b"a": b"5"}  # hash ziplist
    assert list(rdb.load(_payload(b"\x0c" + frame, 9), CFG)) == [(b"a", 5.0)]         # zset ziplist
