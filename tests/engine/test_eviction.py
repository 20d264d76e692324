"""maxmemory and the eight policies: fill memory, check which keys survive."""
import pytest

from redislab.engine import Engine, VirtualClock, eviction, memory
from redislab.engine.replies import NULL_ARRAY
from redislab.errors import RedisError

OOM = "OOM command not allowed when used memory > 'maxmemory'."
VALUE = "x" * 100                # 160 bytes per key in Redis's terms


def make(policy: str, seed: int = 1):
    e = Engine(clock=VirtualClock(seed=seed))
    s = e.session()

    def r(*args):
        return e.execute(s, [a if isinstance(a, bytes) else str(a).encode() for a in args])

    r("CONFIG", "SET", "maxmemory-policy", policy)
    r.engine, r.session = e, s
    return r


def limit_after(r, extra_keys: int) -> None:
    """maxmemory = what is used now plus room for ``extra_keys`` more keys (a key adds
    its MEMORY USAGE and a few bytes of dict to used_memory, so ``extra_keys`` fit and
    the next one, let in at the limit as Redis lets it, goes over)."""
    used = memory.used_memory(r.engine)
    per = memory.key_usage(None, b"key:00000", VALUE.encode())
    r("CONFIG", "SET", "maxmemory", used + extra_keys * per)


def keys_of(r) -> set:
    return {k.decode() for k in r("KEYS", "*")}


def evicted(r) -> int:
    return r.engine.stats["evicted_keys"]


def test_gate_and_hook_only_while_maxmemory_set():
    r = make("allkeys-lru")
    e = r.engine
    r("CONFIG", "SET", "maxmemory-policy", "noeviction")
    assert e.keyspace.on_modified is None and not e.gates
    r("CONFIG", "SET", "maxmemory", "10mb")
    assert e.keyspace.on_modified is not None and len(e.gates) == 1
    r("CONFIG", "SET", "maxmemory", "0")
    assert e.keyspace.on_modified is None and not e.gates


def test_memory_units_and_info():
    r = make("allkeys-lru")
    assert r("CONFIG", "SET", "maxmemory", "1mb") == "OK"
    assert r("CONFIG", "GET", "maxmemory") in ([b"maxmemory", b"1048576"], {b"maxmemory": b"1048576"})
    info = r("INFO", "memory")
    assert "maxmemory:1048576\r\n" in info and "maxmemory_human:1.00M\r\n" in info
    assert "maxmemory_policy:allkeys-lru\r\n" in info


def test_noeviction_refuses_writes_and_loses_nothing():
    r = make("noeviction")
    for i in range(50):
        r("SET", f"key:{i:05}", VALUE)
    limit_after(r, 5)
    for i in range(50, 60):
        r("SET", f"key:{i:05}", VALUE)
    reply = r("SET", "one-too-many", VALUE)
    assert isinstance(reply, RedisError) and str(reply) == OOM
    assert str(r("LPUSH", "l", "a")) == OOM
    assert r("GET", "key:00000") == VALUE.encode()      # reads still work
    assert r("DBSIZE") == 55 and evicted(r) == 0
    assert r("DEL", "key:00000") == 1                    # DEL is not denyoom
    assert "rejected_calls" in r.engine.stats and r.engine.stats["rejected_calls"] >= 2


@pytest.mark.parametrize("policy", ["volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl"])
def test_volatile_evicts_only_keys_with_ttl_then_ooms(policy):
    r = make(policy)
    for i in range(100):
        r("SET", f"key:{i:05}", VALUE)
        if i % 2:
            r("EXPIRE", f"key:{i:05}", 1000 + i)
    limit_after(r, 10)
    for i in range(100, 140):
        r("SET", f"new:{i:05}", VALUE)
    keys = keys_of(r)
    persistent = {f"key:{i:05}" for i in range(0, 100, 2)}
    assert persistent <= keys                       # keys without TTL never go
    assert evicted(r) > 0
    # Once every volatile key is gone, writes get OOM and nothing else is lost.
    for i in range(200):
        reply = r("SET", f"more:{i:05}", VALUE)
        if isinstance(reply, RedisError):
            break
    assert str(reply) == OOM
    assert r("DBSIZE") > 0 and persistent <= keys_of(r)
    assert not r.session.db.expires


def test_volatile_without_volatile_keys_is_oom():
    r = make("volatile-lru")
    for i in range(20):
        r("SET", f"key:{i:05}", VALUE)
    limit_after(r, 0)
    assert r("SET", "x", VALUE) == "OK"            # checked before a command: not over yet
    assert str(r("SET", "y", VALUE)) == OOM
    assert r("DBSIZE") == 21


def test_allkeys_lru_keeps_recently_read_keys():
    r = make("allkeys-lru", seed=3)
    for i in range(300):
        r("SET", f"key:{i:05}", VALUE)
    r.engine.clock.advance(100)
    hot = {f"key:{i:05}" for i in range(0, 300, 3)}
    for k in hot:                       # read a third of them: their idle time resets
        r("GET", k)
    r.engine.clock.advance(10)
    limit_after(r, 0)
    for i in range(150):
        r("SET", f"new:{i:05}", VALUE)
        r.engine.clock.advance(0.05)
    keys = keys_of(r)
    cold = {f"key:{i:05}" for i in range(300)} - hot
    assert evicted(r) >= 140
    assert len(hot & keys) >= 0.9 * len(hot)      # the vast majority of hot keys survive
    assert len(cold & keys) < 0.4 * len(cold)


def test_allkeys_lfu_keeps_frequently_read_keys():
    r = make("allkeys-lfu", seed=5)
    for i in range(300):
        r("SET", f"key:{i:05}", VALUE)
    hot = {f"key:{i:05}" for i in range(0, 300, 3)}
    for _ in range(20):
        for k in hot:
            r("GET", k)
    limit_after(r, 0)
    for i in range(150):
        r("SET", f"new:{i:05}", VALUE)
    keys = keys_of(r)
    assert evicted(r) >= 140
    assert len(hot & keys) >= 0.9 * len(hot)


def test_allkeys_random_evicts_any_key():
    r = make("allkeys-random", seed=9)
    for i in range(200):
        r("SET", f"key:{i:05}", VALUE)
    limit_after(r, 0)
    for i in range(100):
        r("SET", f"new:{i:05}", VALUE)
    keys = keys_of(r)
    assert evicted(r) >= 95
    old_gone = 200 - len({k for k in keys if k.startswith("key:")})
    new_gone = 100 - len({k for k in keys if k.startswith("new:")})
    assert old_gone > 0 and new_gone > 0           # no preference at all
    assert memory.used_memory(r.engine) <= r.engine.config.values["maxmemory"] + 400


def test_volatile_ttl_evicts_nearest_expiry_first():
    r = make("volatile-ttl", seed=2)
    for i in range(200):
        r("SET", f"key:{i:05}", VALUE, "EX", 1000 + 10 * i)
    limit_after(r, 0)
    for i in range(60):
        r("SET", f"new:{i:05}", VALUE)
    gone = [i for i in range(200) if r("EXISTS", f"key:{i:05}") == 0]
    assert len(gone) >= 50
    # Sampling is approximate, but the evicted keys are overwhelmingly the soonest to expire.
    assert sum(1 for i in gone if i < 100) >= 0.9 * len(gone)


def test_evictions_across_databases_and_stats():
    r = make("allkeys-lru")
    for db in (0, 3):
        r("SELECT", db)
        for i in range(50):
            r("SET", f"key:{i:05}", VALUE)
    r("SELECT", 0)
    limit_after(r, 0)
    for i in range(40):
        r("SET", f"new:{i:05}", VALUE)
    info = r("INFO", "stats")
    assert f"evicted_keys:{evicted(r)}\r\n" in info and evicted(r) >= 35
    r("SELECT", 3)
    assert r("DBSIZE") < 50                        # db 3 was sampled too


def test_evicted_notifications_and_watch():
    r = make("allkeys-random")
    e = r.engine
    r("CONFIG", "SET", "notify-keyspace-events", "Ee")
    sub = e.session()
    got = []
    sub.push = got.append
    e.execute(sub, [b"SUBSCRIBE", b"__keyevent@0__:evicted"])
    watcher = e.session()
    for i in range(30):
        r("SET", f"key:{i:05}", VALUE)
    for i in range(30):
        e.execute(watcher, [b"WATCH", b"key:%05d" % i])
    e.execute(watcher, [b"MULTI"])
    e.execute(watcher, [b"PING"])
    r("CONFIG", "SET", "maxmemory", 1)
    assert str(r("SET", "x", "y")) == OOM           # everything evicted, still over the base
    assert r("DBSIZE") == 0 and evicted(r) == 30
    messages = [m for m in got if list(m)[:1] == [b"message"]]
    assert len(messages) == 30 and {m[2] for m in messages} == {b"key:%05d" % i for i in range(30)}
    assert e.execute(watcher, [b"EXEC"]) is NULL_ARRAY      # an evicted key breaks WATCH


def test_exec_with_denyoom_command_is_aborted():
    r = make("noeviction")
    e = r.engine
    r("SET", "k", "v")
    r("CONFIG", "SET", "maxmemory", 1)
    s = e.session()
    # Queueing takes memory: under OOM every queued command is refused (as Redis 7 does).
    e.execute(s, [b"MULTI"])
    assert str(e.execute(s, [b"GET", b"k"])) == OOM
    assert str(e.execute(s, [b"SET", b"a", b"b"])) == OOM
    assert str(e.execute(s, [b"EXEC"])) == "EXECABORT Transaction discarded because of previous errors."
    # Queued while there was room, run when there is none: EXEC itself is refused.
    r("CONFIG", "SET", "maxmemory", 0)
    e.execute(s, [b"MULTI"])
    e.execute(s, [b"SET", b"a", b"b"])
    r("CONFIG", "SET", "maxmemory", 1)
    reply = e.execute(s, [b"EXEC"])
    assert str(reply) == "EXECABORT Transaction discarded because of: " + OOM
    assert s.multi is None and r("EXISTS", "a") == 0
    r("CONFIG", "SET", "maxmemory", 0)
    e.execute(s, [b"MULTI"])
    e.execute(s, [b"GET", b"k"])
    r("CONFIG", "SET", "maxmemory", 1)
    assert e.execute(s, [b"EXEC"]) == [b"v"]       # read-only transactions still run


def test_shrinking_maxmemory_evicts_from_cron():
    r = make("allkeys-lru")
    for i in range(100):
        r("SET", f"key:{i:05}", VALUE)
    limit_after(r, 0)
    assert evicted(r) == 0
    used = memory.used_memory(r.engine)
    r.engine.config.set("maxmemory", used - 20 * 200)
    r.engine.clock.advance(0.2)                    # no command: the timer evicts
    assert evicted(r) >= 20


def test_client_no_evict_does_not_exempt_from_key_eviction():
    # CLIENT NO-EVICT is about *client* eviction (maxmemory-clients) in Redis.
    r = make("noeviction")
    r("CLIENT", "NO-EVICT", "on")
    r("SET", "k", VALUE)
    r("CONFIG", "SET", "maxmemory", 1)
    assert str(r("SET", "k2", VALUE)) == OOM


def test_pool_and_samples_are_exposed():
    r = make("allkeys-lru", seed=4)
    for i in range(100):
        r("SET", f"key:{i:05}", VALUE)
        r.engine.clock.advance(1)
    limit_after(r, 0)
    r("SET", "new", VALUE)
    r("SET", "new2", VALUE)
    st = eviction.state(r.engine)
    snap = st.snapshot()
    assert snap["evicted"] and snap["sampled"]
    assert len(snap["pool"]) <= eviction.POOL_SIZE
    scores = [p[2] for p in snap["pool"]]
    assert scores == sorted(scores)
    # Sampled LRU: evicted keys are old, but not necessarily the very oldest.
    assert all(score >= 0 for _, _, score in snap["sampled"])
    dbid, key = snap["evicted"][0]
    assert dbid == 0 and key.startswith(b"key:")


def test_samples_setting_sharpens_lru():
    # With maxmemory-samples 64 the choice is close to exact LRU on a small db.
    r = make("allkeys-lru", seed=8)
    r("CONFIG", "SET", "maxmemory-samples", 64)
    for i in range(60):
        r("SET", f"key:{i:05}", VALUE)
        r.engine.clock.advance(2)
    limit_after(r, 0)
    for i in range(10):
        r("SET", f"new:{i:05}", VALUE)
    gone = sorted(i for i in range(60) if r("EXISTS", f"key:{i:05}") == 0)
    assert len(gone) >= 9 and max(gone) < 20


def test_script_oom_state_is_taken_before_the_command():
    from redislab.engine import registry

    r = make("noeviction")
    set_spec, get_spec = registry.lookup(b"SET"), registry.lookup(b"GET")
    r("SET", "k", VALUE)
    r("CONFIG", "SET", "maxmemory", "1gb")
    r("GET", "k")
    assert eviction.script_oom(r.engine, set_spec) is None
    r("CONFIG", "SET", "maxmemory", 1)
    r("GET", "k")                                  # not denyoom: runs, but memory is short
    assert str(eviction.script_oom(r.engine, set_spec)) == OOM
    assert eviction.script_oom(r.engine, get_spec) is None


def test_peak_follows_the_running_total():
    r = make("allkeys-lru")
    r("CONFIG", "SET", "maxmemory", "1gb")
    r("SET", "big", "x" * 1_000_000)
    r("DEL", "big")                                # no INFO in between
    info = r("INFO", "memory")
    peak = int(info.split("used_memory_peak:")[1].split("\r\n")[0])
    used = int(info.split("used_memory:")[1].split("\r\n")[0])
    assert peak > used + 1_000_000
