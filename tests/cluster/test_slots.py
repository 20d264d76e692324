"""CRC16 and hash slots: known values and the hash-tag rules."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from redislab.cluster.slots import SLOTS, crc16, hash_tag, key_slot, ranges_of, split_ranges


def test_crc16_is_the_xmodem_variant():
    # The standard check value of CRC-16/XMODEM, which the cluster spec names.
    assert crc16(b"123456789") == 0x31C3
    assert crc16(b"") == 0


def test_known_slots():
    # Values a real redis-server gives for CLUSTER KEYSLOT.
    assert key_slot(b"foo") == 12182
    assert key_slot("a") == 15495
    assert key_slot(b"user:1") == 10778
    assert key_slot(b"") == 0


def test_hash_tag_rules():
    assert hash_tag(b"{user:1}:profile") == b"user:1"
    assert hash_tag(b"plain") == b"plain"
    assert hash_tag(b"{}user") == b"{}user"          # empty tag: the whole key
    assert hash_tag(b"a{}{b}") == b"a{}{b}"          # only the first { counts
    assert hash_tag(b"{{x}}") == b"{x"               # first { then the first } after it
    assert hash_tag(b"x{y") == b"x{y"                # no closing brace
    assert hash_tag(b"}{a}") == b"a"                 # a } before the { does not matter
    assert hash_tag(b"{a}{b}") == b"a"


def test_tagged_keys_share_the_slot_of_the_tag():
    assert key_slot(b"{user:1}:profile") == key_slot(b"{user:1}:settings") == key_slot(b"user:1")


@given(st.binary(min_size=1, max_size=20).filter(lambda b: b"}" not in b), st.binary(max_size=20),
       st.binary(max_size=20).filter(lambda b: b"{" not in b))
def test_any_tag_decides_the_slot(tag, rest, before):
    assert key_slot(before + b"{" + tag + b"}" + rest) == key_slot(tag)


@given(st.binary(max_size=40))
def test_slots_are_in_range(key):
    assert 0 <= key_slot(key) < SLOTS


def test_split_like_redis_cli():
    assert split_ranges(3) == [(0, 5460), (5461, 10922), (10923, 16383)]
    assert split_ranges(1) == [(0, 16383)]
    for n in (2, 4, 5, 7, 10):
        r = split_ranges(n)
        assert r[0][0] == 0 and r[-1][1] == SLOTS - 1
        assert all(r[i][1] + 1 == r[i + 1][0] for i in range(n - 1))
        sizes = [b - a + 1 for a, b in r]
        assert max(sizes) - min(sizes) <= 1


def test_ranges_of():
    assert ranges_of([5, 1, 2, 3, 9]) == [(1, 3), (5, 5), (9, 9)]
    assert ranges_of([]) == []
