"""Memory model and the running total behind INFO's used_memory."""
import pytest

from redislab.engine import memory, memsize


def test_jemalloc_size_classes():
    assert [memory.alloc(n) for n in (1, 8, 9, 16, 17, 24, 33, 128, 129, 160, 161, 257, 1006, 10006)] == \
        [8, 8, 16, 16, 32, 32, 48, 128, 160, 160, 192, 320, 1024, 10240]


def test_sds_headers():
    assert memory.sds_alloc(3) == 8            # sdshdr5: 1 + 3 + 1
    assert memory.sds_alloc(0) == 8            # empty: sdshdr8
    assert memory.sds_alloc(40) == 48          # sdshdr8: 3 + 40 + 1
    assert memory.sds_alloc(1000) == 1024      # sdshdr16


# MEMORY USAGE of "SET kk <n bytes>" on redis-server 7.0 (key "kk": 8 + dictEntry 24).
@pytest.mark.parametrize("n,expected", [(1, 64), (10, 64), (20, 80), (30, 96), (44, 96), (45, 112),
                                        (100, 160), (200, 272), (1000, 1072), (10000, 10288)])
def test_string_sizes_match_redis(r, n, expected):
    r("SET", "kk", "v" * n)
    assert r("MEMORY", "USAGE", "kk") == expected


def test_integers_live_in_the_object(r):
    r("SET", "k", "12345")
    assert r("MEMORY", "USAGE", "k") == 48


def test_in_place_growth_keeps_spare_room(r):
    r("SET", "k", "v" * 100)
    before = r("MEMORY", "USAGE", "k")
    r("APPEND", "k", "w")
    assert r("MEMORY", "USAGE", "k") > before + 50   # sdsMakeRoomFor doubled the buffer


@pytest.mark.parametrize("make", [
    lambda r, n: r("SADD", "c", *[f"member:{i}" for i in range(n)]),
    lambda r, n: r("SADD", "c", *range(n)),
    lambda r, n: r("HSET", "c", *[x for i in range(n) for x in (f"f{i}", f"value-{i}")]),
    lambda r, n: r("RPUSH", "c", *[f"element-{i}" for i in range(n)]),
    lambda r, n: r("ZADD", "c", *[x for i in range(n) for x in (i, f"m{i}")]),
    lambda r, n: [r("XADD", "c", "*", "f", "x" * 50) for i in range(n)],
])
def test_usage_grows_with_size(r, make):
    sizes = []
    for n in (10, 100, 1000):
        r("DEL", "c")
        make(r, n)
        sizes.append(r("MEMORY", "USAGE", "c"))
    assert sizes[0] < sizes[1] < sizes[2]
    assert sizes[2] > 5 * sizes[0]


def test_quiz_q5_hll_is_tiny_next_to_a_set(r):
    members = [f"user:{i}" for i in range(100_000)]
    r("SADD", "visitors:set", *members)
    for i in range(0, 100_000, 10_000):
        r("PFADD", "visitors:hll", *members[i:i + 10_000])
    s = r("MEMORY", "USAGE", "visitors:set")
    h = r("MEMORY", "USAGE", "visitors:hll")
    assert h < 15_000 and s > 4_000_000 and s > 250 * h
    assert abs(r("PFCOUNT", "visitors:hll") - 100_000) < 2_000


def test_samples_zero_means_every_element(r):
    r("HSET", "h", *[x for i in range(500) for x in (f"f{i}", "v" * (1 + i % 50))])
    assert r("OBJECT", "ENCODING", "h") == b"hashtable"
    all_ = r("MEMORY", "USAGE", "h", "SAMPLES", "0")
    few = r("MEMORY", "USAGE", "h", "SAMPLES", "1")
    assert all_ != few and abs(all_ - few) < all_ // 2


def _exact_total(engine) -> int:
    total = memory.STARTUP
    for db in engine.keyspace.dbs:
        total += sum(memory.key_usage(db, k, v, 5, False) for k, v in db.data.items())
        total += memory.db_dict_bytes(db)
    return total


def test_running_total_follows_every_kind_of_write(r):
    e = r.engine
    r("CONFIG", "SET", "maxmemory", "1gb")
    acct = memory.accounting(e)
    assert acct.active
    r("SET", "a", "1")
    r("SET", "b", "x" * 300, "EX", 100)
    r("APPEND", "a", "more")
    r("HSET", "h", "f", "v", "g", "w")
    r("RPUSH", "l", *range(50))
    r("SADD", "s", *[f"m{i}" for i in range(200)])
    r("ZADD", "z", 1, "a", 2, "b")
    r("XADD", "st", "*", "f", "v")
    assert memory.used_memory(e) == _exact_total(e)
    r("RENAME", "h", "h2")
    r("DEL", "a")
    r("SREM", "s", *[f"m{i}" for i in range(200)])
    r("LPOP", "l", 10)
    r("COPY", "z", "z2", "DB", 2)
    r("MOVE", "l", 3)
    assert memory.used_memory(e) == _exact_total(e)
    r("SWAPDB", "0", "2")
    r("SET", "after-swap", "v")
    assert memory.used_memory(e) == _exact_total(e)
    r.engine.clock.advance(200)                 # b expires
    assert memory.used_memory(e) == _exact_total(e)
    r("FLUSHDB")
    r("SELECT", 2)
    r("FLUSHALL")
    assert memory.used_memory(e) == memory.STARTUP


def test_untracked_total_equals_tracked(r):
    e = r.engine
    for i in range(300):
        r("SET", f"k{i}", "v" * i)
        r("HSET", f"h{i % 7}", f"f{i}", i)
    assert memory.accounting(e).active is False
    untracked = memory.used_memory(e)
    memory.track(e)
    assert memory.accounting(e).active and e.keyspace.on_modified is not None
    assert memory.used_memory(e) == untracked
    memory.track(e, False)
    assert e.keyspace.on_modified is None


def test_default_config_leaves_the_hot_path_alone(r):
    e = r.engine
    r("SET", "k", "v")
    r("INFO", "memory")
    r("MEMORY", "STATS")
    assert e.keyspace.on_modified is None and not e.gates


def test_tracking_chains_an_existing_hook(r):
    e = r.engine
    seen = []
    e.keyspace.on_modified = lambda db, key: seen.append(key)
    memory.track(e)
    r("SET", "k", "v")
    assert seen == [b"k"] and memory.used_memory(e) == _exact_total(e)
    memory.track(e, False)
    assert e.keyspace.on_modified is not None
    r("SET", "k2", "v")
    assert seen == [b"k", b"k2"]


def test_info_memory_grows_and_shrinks(r):
    def used():
        info = r("INFO", "memory")
        return int(info.split("used_memory:")[1].split("\r\n")[0])

    base = used()
    r("SET", "big", "x" * 100_000)
    grown = used()
    assert grown - base > 100_000
    r("DEL", "big")
    assert used() == base
    info = r("INFO", "memory")
    assert f"used_memory_peak:{grown}\r\n" in info
    for field in ("used_memory_human", "used_memory_dataset", "maxmemory_policy:noeviction",
                  "mem_fragmentation_ratio", "used_memory_startup"):
        assert field in info


def test_large_untracked_keyspace_is_sampled(r, monkeypatch):
    monkeypatch.setattr(memory, "SCAN_LIMIT", 100)
    for i in range(1000):
        r("SET", f"k{i:04}", "v" * 10)
    estimate = memory.dataset_bytes(r.engine)
    exact = sum(memory.key_usage(None, f"k{i:04}".encode(), b"v" * 10) for i in range(1000))
    assert abs(estimate - exact) / exact < 0.05


def test_resetstat_starts_the_peak_over(r):
    r("SET", "big", "x" * 100_000)
    r("INFO", "memory")
    r("DEL", "big")
    r("CONFIG", "RESETSTAT")
    info = r("INFO", "memory")
    used = info.split("used_memory:")[1].split("\r\n")[0]
    assert f"used_memory_peak:{used}\r\n" in info


# ------------------------- figures measured on redis-server 7.0.15 (keys of < 8 bytes)

def test_growable_sds_never_uses_sdshdr5():
    assert memsize.greedy_sds(14) == 32         # 3 + 28 + 1
    assert memsize.greedy_sds(15) == 48         # 3 + 30 + 1 (sdshdr5 would fit 32)
    assert memsize.greedy_sds(0) == 8


@pytest.mark.parametrize("n,expected", [(0, 80), (1, 96), (5, 96), (9, 96), (10, 144), (20, 144)])
def test_sparse_hll_buffer_doubles_as_registers_are_set(r, n, expected):
    r("PFADD", "h", *[f"user:{j}" for j in range(n)])
    assert r("MEMORY", "USAGE", "h") == expected


def test_dense_hll_is_one_exact_block(r):
    r("PFADD", "h", *[f"e{i}" for i in range(5000)])
    assert r("MEMORY", "USAGE", "h") == 16 + 14336 + 8 + 24


def test_bitmaps_written_once_are_exact_grown_ones_keep_room(r):
    r("SETBIT", "once", 1001, 1)
    r("SETBIT", "once", 1003, 1)
    r("SETBIT", "grown", 0, 1)
    r("SETBIT", "grown", 1001, 1)
    assert r("MEMORY", "USAGE", "once") == 16 + 160 + 8 + 24         # sdsnewlen(126)
    assert r("MEMORY", "USAGE", "grown") == 16 + 256 + 8 + 24        # room for 252


@pytest.mark.parametrize("n,expected", [(1, 4728), (100, 4728), (101, 7256), (250, 9296), (1000, 24552)])
def test_stream_radix_tree_and_listpacks(r, n, expected):
    for i in range(n):
        r("XADD", "s", f"{i + 1}-0", "f", i, "g", "v")
    assert r("MEMORY", "USAGE", "s") == expected


def test_empty_streams_and_groups(r):
    r("XADD", "s0", "MAXLEN", "0", "1-1", "a", "b")
    assert r("MEMORY", "USAGE", "s0") == 372
    r("XGROUP", "CREATE", "g0", "g", "$", "MKSTREAM")
    assert r("MEMORY", "USAGE", "g0") == 656


def test_quicklist_nodes_and_sampling(r):
    r("RPUSH", "l", *[f"element-{i}" for i in range(5000)])
    assert r("OBJECT", "ENCODING", "l") == b"quicklist"
    assert r("MEMORY", "USAGE", "l") == 74176            # 5 head nodes, scaled to all
    assert r("MEMORY", "USAGE", "l", "SAMPLES", "0") == 69568


def test_small_list_is_one_listpack(r):
    r("RPUSH", "l", "a", "b", "c")
    assert r("MEMORY", "USAGE", "l") == 16 + memsize.alloc(7 + 3 * 3) + 8 + 24


def test_small_set_is_one_listpack(r):
    r("SADD", "s", "a", "b", "c")
    assert r("OBJECT", "ENCODING", "s") == b"listpack"
    assert r("MEMORY", "USAGE", "s") == 16 + memsize.alloc(7 + 3 * 3) + 8 + 24


def test_long_list_extrapolates_past_the_exact_limit(r, monkeypatch):
    r("RPUSH", "l", *[f"element-{i}" for i in range(30000)])
    exact = [r("MEMORY", "USAGE", "l", *s) for s in ((), ("SAMPLES", "0"))]
    monkeypatch.setattr(memsize, "EXACT_LIST_LIMIT", 5000)
    guess = [r("MEMORY", "USAGE", "l", *s) for s in ((), ("SAMPLES", "0"))]
    assert guess[0] == exact[0]                 # the 5 sampled head nodes and the count
    assert abs(guess[1] - exact[1]) < exact[1] * 0.01


def test_used_memory_grows_by_usage_plus_dict_share(r):
    def used():
        return memory.used_memory(r.engine)

    for i in range(100):
        r("SET", f"key:{i:05}", "v" * 30)
    before = used()
    r("SET", "key:00100", "v" * 30)             # 101 keys: 128 buckets, no resize
    usage = r("MEMORY", "USAGE", "key:00100")
    assert used() - before == usage + 8         # dictEntry: 24 counted, 32 allocated
    r("EXPIRE", "key:00100", 100)
    assert used() - before == usage + 8 + 32 + 4 * 8     # expires entry and its first table
