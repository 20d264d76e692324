"""The pure HLL representation: hashing, register packing, sparse edits against a
plain dense model, the estimator, corruption detection, and the bit helpers."""
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redislab.engine.datatypes import bitops, hll

# ------------------------------------------------------------------- hashing


def test_pattern_matches_values_redis_gave():
    # From a real redis-server: PFADD of "a" then PFDEBUG DECODE shows "Z:12711 v:2,1 Z:3672".
    assert hll.pattern(b"a") == (12711, 2)


def test_murmur_processes_blocks_and_tail():
    seen = {hll.murmur64a(b"x" * n) for n in range(0, 20)}
    assert len(seen) == 20
    assert all(0 <= h < 1 << 64 for h in seen)
    assert hll.murmur64a(b"abc", 1) != hll.murmur64a(b"abc")


@given(st.binary(max_size=40))
def test_pattern_ranges(element):
    index, run = hll.pattern(element)
    assert 0 <= index < hll.REGISTERS
    assert 1 <= run <= hll.Q + 1


# ------------------------------------------------------------- representation


def test_new_sparse_layout():
    v = hll.new_sparse()
    assert v[:4] == b"HYLL" and v[4] == hll.SPARSE
    assert len(v) == 18 and v[16:] == b"\x7f\xff"
    assert hll.cached_card(v) == 0
    assert hll.decode_text(v) == b"Z:16384"
    assert hll.registers(v) == [0] * hll.REGISTERS
    assert hll.encoding(v) == "sparse"


def test_is_hll():
    assert hll.is_hll(hll.new_sparse())
    assert hll.is_hll(hll.to_dense(hll.new_sparse()))
    assert not hll.is_hll(b"HYLL")
    assert not hll.is_hll(b"HYLX" + bytes(14))
    assert not hll.is_hll(b"HYLL\x02" + bytes(13))
    assert not hll.is_hll(b"HYLL\x00" + bytes(13))          # dense must be 12304 bytes


def test_cache_helpers():
    v = hll.with_card(hll.new_sparse(), 1234)
    assert hll.cached_card(v) == 1234
    buf = bytearray(v)
    hll.invalidate(buf)
    assert hll.cached_card(bytes(buf)) is None
    assert bytes(buf[8:10]) == (1234).to_bytes(2, "little")   # low bytes kept, as Redis does


@given(st.integers(0, 2 ** 32))
@settings(max_examples=20)
def test_pack_unpack_roundtrip(seed):
    rng = random.Random(seed)
    regs = [rng.randrange(64) for _ in range(hll.REGISTERS)]
    assert hll.unpack(hll.pack(regs)) == regs


def test_dense_bits_are_little_endian_packed():
    buf = bytearray(hll.to_dense(hll.new_sparse()))
    h = hll.Hll(bytes(buf))
    h.set(0, 1)
    h.set(1, 63)
    h.set(hll.REGISTERS - 1, 5)
    raw = h.value()[hll.HDR:]
    # register 0 in bits 0-5 of byte 0, register 1 in bits 6-11 across bytes 0 and 1
    assert raw[0] == 1 | ((63 & 3) << 6) and raw[1] == 63 >> 2
    assert raw[-1] == 5 << 2
    regs = hll.registers(h.value())
    assert regs[0] == 1 and regs[1] == 63 and regs[-1] == 5 and sum(regs) == 69


SETS = st.lists(st.tuples(st.integers(0, hll.REGISTERS - 1), st.integers(1, 51)), max_size=300)


@given(SETS, st.sampled_from([3000, 60, 1 << 20]))
@settings(max_examples=150, deadline=None)
def test_sparse_edits_agree_with_a_plain_model(sets, sparse_max):
    h = hll.Hll(hll.new_sparse(), sparse_max)
    model = [0] * hll.REGISTERS
    for index, count in sets:
        changed = h.set(index, count)
        assert changed == (count > model[index])
        model[index] = max(model[index], count)
        if h.encoding == hll.SPARSE:
            assert len(h.buf) <= max(sparse_max, 18)
    assert hll.registers(h.value()) == model
    if h.encoding == hll.SPARSE:
        ops = hll.sparse_ops(h.value())
        assert sum(n for _, _, n in ops) == hll.REGISTERS
        # adjacent equal VAL runs that fit one opcode never stay split next to an edit
        assert all(v <= hll.SPARSE_VAL_MAX for _, v, _ in ops)
    assert hll.count(h.value()) == hll.estimate(model)


@given(SETS, SETS)
@settings(max_examples=60, deadline=None)
def test_merge_registers_equals_repeated_sets(a, b):
    regs = [0] * hll.REGISTERS
    for i, c in b:
        regs[i] = max(regs[i], c)
    one = hll.Hll(hll.new_sparse())
    two = hll.Hll(hll.new_sparse())
    for i, c in a:
        one.set(i, c)
        two.set(i, c)
    one.merge_registers(regs)
    for i, c in enumerate(regs):
        if c:
            two.set(i, c)
    assert one.value()[:8] == two.value()[:8]
    assert one.value()[16:] == two.value()[16:]


def test_value_over_32_promotes_to_dense():
    h = hll.Hll(hll.new_sparse())
    assert h.set(5, 33) == 1
    assert h.encoding == hll.DENSE and len(h.value()) == hll.DENSE_SIZE
    assert hll.registers(h.value())[5] == 33


def test_corrupted_sparse_values():
    stale = b"HYLL\x01\x00\x00\x00" + bytes(7) + b"\x80"
    for body in (b"", b"\x00", b"\x7f\xff\x00", b"\x7f\xfe\x83\x83"):
        v = stale + body
        with pytest.raises(hll.Corrupted):
            hll.count(v)
        with pytest.raises(hll.Corrupted):
            hll.to_dense(v)
        with pytest.raises(hll.Corrupted):
            hll.merge_into([0] * hll.REGISTERS, v)
    with pytest.raises(hll.Corrupted):
        hll.Hll(stale + b"\x00").set(100, 1)       # register 100 lies past the runs


# ---------------------------------------------------------------- estimator


def test_estimates():
    assert hll.estimate([0] * hll.REGISTERS) == 0
    assert hll.count(hll.new_sparse()) == 0
    h = hll.Hll(hll.new_sparse())
    for i in range(20000):
        h.add(b"e%d" % i)
    est = hll.count(h.value())
    assert abs(est - 20000) < 20000 * 0.03
    # Saturated registers overflow C's llroundl; Redis caches 2**63 and replies INT64_MIN.
    assert hll.estimate([hll.Q + 1] * hll.REGISTERS) == 1 << 63
    assert hll.signed(1 << 63) == -(1 << 63)
    assert hll.estimate([63] * hll.REGISTERS) == 1 << 63


def test_selftest_passes():
    assert hll.selftest(random.Random(0)) is None


# ----------------------------------------------------------------- bitops

BYTES = st.binary(min_size=1, max_size=24)


def _bits(data):
    return [(data[i >> 3] >> (7 - (i & 7))) & 1 for i in range(len(data) * 8)]


@given(BYTES, st.data())
def test_count_and_find_against_naive(data, d):
    n = len(data) * 8
    lo = d.draw(st.integers(0, n - 1))
    hi = d.draw(st.integers(lo, n - 1))
    bits = _bits(data)
    assert bitops.count_bits(data, lo, hi) == sum(bits[lo:hi + 1])
    for bit in (0, 1):
        want = next((i for i in range(lo, hi + 1) if bits[i] == bit), -1)
        assert bitops.find_bit(data, bit, lo, hi) == want
    assert bitops.popcount(data) == sum(bits)


@given(st.sampled_from([b"AND", b"OR", b"XOR", b"NOT"]), st.lists(st.binary(max_size=10), min_size=1, max_size=4))
def test_bitop_against_naive(op, values):
    if op == b"NOT":
        values = values[:1]
    n = max(len(v) for v in values)
    padded = [v.ljust(n, b"\0") for v in values]
    want = bytearray(padded[0])
    for v in padded[1:]:
        for i in range(n):
            want[i] = {b"AND": want[i] & v[i], b"OR": want[i] | v[i], b"XOR": want[i] ^ v[i]}[op]
    if op == b"NOT":
        want = bytearray(~x & 0xFF for x in want)
    assert bitops.bitop(op, values) == bytes(want)


@given(st.binary(max_size=12), st.integers(0, 100), st.integers(1, 64), st.integers(-(1 << 64), 1 << 64))
def test_fields_against_naive(data, offset, bits, value):
    buf = bytearray(data.ljust((offset + bits + 7) // 8, b"\0"))
    before = _bits(bytes(buf))
    bitops.set_field(buf, offset, bits, value)
    after = _bits(bytes(buf))
    field = int("".join(map(str, after[offset:offset + bits])), 2)
    assert field == value % (1 << bits)
    assert after[:offset] == before[:offset] and after[offset + bits:] == before[offset + bits:]
    assert bitops.get_unsigned(buf, offset, bits) == field
    signed = field - (1 << bits) if field >> (bits - 1) else field
    assert bitops.get_signed(buf, offset, bits) == signed
    assert bitops.get_unsigned(b"", offset, bits) == 0


def test_overflow_rules():
    assert bitops.overflow_unsigned(250, 10, 8, bitops.WRAP) == (True, 4)
    assert bitops.overflow_unsigned(250, 10, 8, bitops.SAT) == (True, 255)
    assert bitops.overflow_unsigned(5, -10, 8, bitops.SAT) == (True, 0)
    assert bitops.overflow_unsigned(-1, 0, 8, bitops.SAT) == (True, 255)   # SET u8 -1
    assert bitops.overflow_unsigned(5, 10, 8, bitops.FAIL) == (False, 15)
    assert bitops.overflow_signed(120, 10, 8, bitops.WRAP) == (True, -126)
    assert bitops.overflow_signed(-120, -10, 8, bitops.SAT) == (True, -128)
    assert bitops.overflow_signed(-(1 << 63), 0, 1, bitops.SAT) == (True, 0)   # C's wrapped headroom
    assert bitops.overflow_signed((1 << 63) - 1, 1, 64, bitops.WRAP) == (True, -(1 << 63))
    assert bitops.overflow_signed(3, -5, 64, bitops.FAIL) == (False, -2)
