"""The LFU counter: logarithmic growth, decay per lfu-decay-time minutes, OBJECT FREQ."""
import random

import pytest

from redislab.engine import lfu


def hits_to_reach(target: int, factor: int, rng) -> int:
    c, hits = lfu.LFU_INIT_VAL, 0
    while c < target:
        c = lfu.log_incr(c, factor, rng)
        hits += 1
    return hits


@pytest.mark.parametrize("target,factor", [(15, 10), (30, 1), (12, 100)])
def test_growth_matches_the_formula(target, factor):
    # Each step from c succeeds with p = 1/((c-5)*factor+1): the mean number of hits to
    # climb is the sum of 1/p. Measured over many seeded trials it must agree.
    rng = random.Random(1234)
    trials = 400
    mean = sum(hits_to_reach(target, factor, rng) for _ in range(trials)) / trials
    expected = lfu.expected_hits(target, factor)
    assert abs(mean - expected) / expected < 0.1


def test_counter_after_hits_matches_redis_conf_table():
    # redis.conf's table for lfu-log-factor 10: ~10 after 100 hits, ~18 after 1000.
    rng = random.Random(7)

    def after(hits):
        c = lfu.LFU_INIT_VAL
        for _ in range(hits):
            c = lfu.log_incr(c, 10, rng)
        return c

    avg100 = sum(after(100) for _ in range(200)) / 200
    avg1000 = sum(after(1000) for _ in range(100)) / 100
    assert 9 <= avg100 <= 12
    assert 16 <= avg1000 <= 21


def test_factor_zero_counts_every_hit_and_saturates():
    rng = random.Random(0)
    c = lfu.LFU_INIT_VAL
    for _ in range(100):
        c = lfu.log_incr(c, 0, rng)
    assert c == 105
    for _ in range(500):
        c = lfu.log_incr(c, 0, rng)
    assert c == lfu.COUNTER_MAX


def test_below_init_value_always_increments():
    rng = random.Random(0)
    assert lfu.log_incr(0, 10, rng) == 1
    assert lfu.log_incr(5, 10, rng) == 6          # base 0: p = 1


def test_decay():
    assert lfu.decayed(20, 100, 103, 1) == 17
    assert lfu.decayed(20, 100, 106, 2) == 17     # one point per 2 minutes
    assert lfu.decayed(20, 100, 200, 1) == 0      # never below zero
    assert lfu.decayed(20, 100, 200, 0) == 20     # decay-time 0: never decays
    # The minutes clock is 16 bits and wraps.
    assert lfu.elapsed_minutes(2, 65530) == 7
    assert lfu.decayed(20, 65530, 2, 1) == 13


@pytest.fixture
def lfu_r(r):
    r("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu")
    return r


def test_object_freq_new_key_then_first_hit(lfu_r):
    r = lfu_r
    r("SET", "k", "v")
    assert r("OBJECT", "FREQ", "k") == 5
    r("GET", "k")
    assert r("OBJECT", "FREQ", "k") == 6       # from the initial value the first hit always counts
    assert r("OBJECT", "FREQ", "k") == 6       # OBJECT itself is not an access
    assert r("OBJECT", "FREQ", "missing") is None


def test_object_freq_grows_with_hits_and_decays(lfu_r):
    r = lfu_r
    r("SET", "hot", "v")
    r("SET", "cold", "v")
    for _ in range(2000):
        r("GET", "hot")
    hot = r("OBJECT", "FREQ", "hot")
    assert hot > 15 and r("OBJECT", "FREQ", "cold") == 5
    r.engine.clock.advance(5 * 60)             # lfu-decay-time 1: one point a minute
    assert r("OBJECT", "FREQ", "hot") == hot - 5
    # The decayed value is stored only on access: with decay off, the stored one shows.
    r("CONFIG", "SET", "lfu-decay-time", "0")
    r.engine.clock.advance(5 * 60)
    assert r("OBJECT", "FREQ", "hot") == hot


def test_log_factor_is_read_live(lfu_r):
    r = lfu_r
    r("CONFIG", "SET", "lfu-log-factor", "0")
    r("SET", "k", "v")
    for _ in range(50):
        r("GET", "k")
    assert r("OBJECT", "FREQ", "k") == 55


def test_errors_depend_on_policy(r):
    r("SET", "k", "v")
    err = r("OBJECT", "FREQ", "k")
    assert str(err).startswith("ERR An LFU maxmemory policy is not selected")
    r("CONFIG", "SET", "maxmemory-policy", "volatile-lfu")
    assert r("OBJECT", "FREQ", "k") == 5
    assert str(r("OBJECT", "IDLETIME", "k")).startswith("ERR An LFU maxmemory policy is selected")
    r("CONFIG", "SET", "maxmemory-policy", "allkeys-lru")
    assert r("OBJECT", "IDLETIME", "k") == 0
    assert type(r.session.db.atime) is dict     # unwrapped: LRU pays nothing extra


def test_counters_survive_flush_and_swapdb(lfu_r):
    r = lfu_r
    r("FLUSHALL")
    r("SET", "k", "v")
    r("GET", "k")
    assert r("OBJECT", "FREQ", "k") == 6
    r("SWAPDB", "0", "1")
    r("SELECT", "1")
    assert r("OBJECT", "FREQ", "k") == 6


def test_delete_forgets_the_counter(lfu_r):
    r = lfu_r
    r("SET", "k", "v")
    r("GET", "k")
    r("DEL", "k")
    r("SET", "k", "v")
    assert r("OBJECT", "FREQ", "k") == 5
