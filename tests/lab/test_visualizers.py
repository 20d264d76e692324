"""The visualizers as pure functions: what they draw, windowing, no side effects."""
import time

from rich.console import Console

from redislab.engine import registry
from redislab.lab import visualizers as V
from redislab.lab.widgets.keybrowser import leaf_label, live_keys


def text(engine, key: bytes, offset: int = 0, width: int = 60) -> str:
    db = engine.keyspace.dbs[0]
    rc = Console(width=width)
    with rc.capture() as cap:
        rc.print(V.render(V.view_of(db, key, engine.clock.time_ms(), offset), key))
    return cap.get()


def test_string_encodings_and_ttl(lab_engine):
    e = lab_engine
    e.run("SET", "n", "42")
    e.run("SET", "s", "hello", "EX", "30")
    e.run("SET", "long", "x" * 50)
    assert "encoding int" in text(e, b"n") and '"42"' in text(e, b"n")
    out = text(e, b"s")
    assert "encoding embstr" in out and "TTL 30s" in out
    assert "encoding raw" in text(e, b"long")


def test_zset_is_ranked_highest_first(lab_engine):
    e = lab_engine
    e.run("ZADD", "board", 1500, "alice", 2300, "bob", 1800, "charlie")
    lines = [ln for ln in text(e, b"board").splitlines() if "█" in ln]
    assert [ln.split()[1] for ln in lines] == ["bob", "charlie", "alice"]


def test_hash_shows_field_ttls(lab_engine):
    e = lab_engine
    e.run("HSET", "h", "a", "1", "b", "2")
    assert "TTL" not in text(e, b"h").splitlines()[3]
    e.run("HEXPIRE", "h", 90, "FIELDS", 1, "a")
    assert "1m30s" in text(e, b"h")


def test_set_and_missing_key(lab_engine):
    e = lab_engine
    e.run("SADD", "s", "1", "2", "3")
    assert "intset" in text(e, b"s")
    assert "no such key" in text(e, b"nope")


def test_list_when_available(lab_engine):
    e = lab_engine
    if "rpush" not in registry.COMMANDS:
        return
    e.run("RPUSH", "q", "a", "b", "c")
    out = text(e, b"q")
    assert "head ↓" in out and "tail ↑" in out and " -1" in out


def test_huge_values_are_windowed_and_fast(lab_engine):
    e = lab_engine
    members = [str(i) for i in range(100_000)]
    e.run("SADD", "big", *members)
    e.run("ZADD", "bigz", *[x for i in range(100_000) for x in (i, f"m{i}")])
    e.run("HSET", "bigh", *[x for i in range(100_000) for x in (f"f{i}", "v")])
    keys = [b"big", b"bigz", b"bigh"]
    if "rpush" in registry.COMMANDS:
        e.run("RPUSH", "bigl", *members)
        keys.append(b"bigl")
        assert "99999" in text(e, b"bigl", offset=99_900)
    for key in keys:
        t0 = time.perf_counter()
        out = text(e, key)
        assert time.perf_counter() - t0 < 1.0
        assert "items 0–199 of 100000" in out
    assert "m99999" in text(e, b"bigz")          # the leaderboard starts at the top
    assert "items 200–399" in text(e, b"bigz", offset=200)


def test_reading_has_no_side_effects(lab_engine):
    e = lab_engine
    e.run("SET", "k", "v", "PX", "500")
    db = e.keyspace.dbs[0]
    atime = dict(db.atime)
    e.clock._now_us += 1_000_000          # past the TTL, without running the expiry cycle
    now = e.clock.time_ms()
    assert V.view_of(db, b"k", now) is None
    assert b"k" in db.data                # no lazy deletion by the lab looking
    assert live_keys(db, now) == ([], 1)
    assert db.atime == atime


def test_leaf_label(lab_engine):
    e = lab_engine
    e.run("SET", "user:1:name", "Alice", "EX", "5")
    db = e.keyspace.dbs[0]
    assert leaf_label(db, b"user:1:name", e.clock.time_ms(), "name").plain == "name  str·embstr 72B ⏱5.0s"   # 72 = MEMORY USAGE
