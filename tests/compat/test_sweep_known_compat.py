"""Differences from redis-server 7.0 that the fidelity sweep found outside the files it
could change (engine.py's generic checks, the scripting package) or that need a
feature the engine does not have yet. Each case is a strict xfail naming where the fix
goes: once fixed it XPASSes, which fails the run, and the mark must be dropped."""
from __future__ import annotations

import shlex

import pytest

from tests.compat.test_sweep_scripts_compat import play


def _xfail(why):
    return pytest.mark.xfail(strict=True, reason=why)


def test_exec_with_wrong_arity_aborts_the_transaction(oracle):
    play(oracle, """
        MULTI
        SET k v
        EXEC x
        GET k
    """)


def test_exec_refused_in_subscribed_mode(oracle):
    play(oracle, """
        MULTI
        SUBSCRIBE x
        EXEC
        EXEC
    """)


@pytest.mark.parametrize("argv", [
    ("EVAL", "#!lua", "0"), ("EVAL", "#!lua flags=no-writes", "0"), ("EVAL_RO", "#!lua", "0"),
    ("SCRIPT", "LOAD", "#!lua"), ("EVAL", "#!", "0"),
], ids=lambda a: " ".join(a))
def test_shebang_without_newline(oracle, argv):
    oracle.same(*argv)


def test_acl_check_cmd_without_arguments(oracle):
    oracle.same("EVAL", "return redis.acl_check_cmd()", "0")


@pytest.mark.parametrize("body", [
    "return redis.acl_check_cmd(nil)", "return redis.acl_check_cmd('get', {})",
    "return redis.acl_check_cmd('get', true)", "return redis.acl_check_cmd('config', 'nosuch')",
    "return redis.acl_check_cmd('config')",
])
def test_acl_check_cmd_arguments(oracle, body):
    oracle.same("EVAL", body, "0")


@pytest.mark.parametrize("body", [
    '#!lua "flags=no-writes"\nreturn 1', "#!lua flags=no-writes,,allow-oom\nreturn 1",
    "#!lua\tflags=no-writes\nreturn 1", '#!"lua\nreturn 1', "#!lua\r\nreturn 1", '#!lua "a b"\nreturn 1',
    "#!lua FLAGS=no-writes\nreturn 1", "#!lua flags=\nreturn 1", "#!\nreturn 1",
])
def test_shebang_is_split_like_redis(oracle, body):
    oracle.same("EVAL", body, "0")


@pytest.mark.parametrize("argv", [
    ("DUMP", "nokey"), ("DUMP",), ("RESTORE", "k", "abc", "x"), ("RESTORE", "k", "-1", "x"),
    ("RESTORE", "k", "0", "x"),
], ids=lambda a: " ".join(a))
def test_missing_commands(oracle, argv):
    oracle.same(*argv)


@pytest.mark.parametrize("argv", [
    ("DEBUG", "OBJECT", "nokey"), ("DEBUG", "OBJECT"), ("DEBUG", "Object", "a", "b"),
], ids=lambda a: " ".join(a))
def test_debug_object_errors(oracle, argv):
    oracle.same(*argv)


def _debug_fields(reply) -> dict:
    text = reply.decode() if isinstance(reply, bytes) else str(reply)
    return dict(part.split(":", 1) for part in text.split(" ") if ":" in part)


# Fields both servers can agree on. Left out: the address, the LRU clock (read at a
# second boundary it may differ) and, for values whose 7.0 encoding the engine (7.4)
# does not share, the rest. serializedlength is the DUMP body's length, LZF included.
@pytest.mark.parametrize("setup,key,fields", [
    (["SET k hello"], "k", ("refcount", "encoding", "serializedlength", "lru_seconds_idle")),
    (["SET k 123"], "k", ("refcount", "encoding", "serializedlength")),
    (["SET k -5"], "k", ("refcount", "encoding", "serializedlength")),
    (["SET k 40000"], "k", ("refcount", "encoding", "serializedlength")),
    (["SET k 12345678901"], "k", ("refcount", "encoding", "serializedlength")),
    (["SET k abcdefghijklmnopqrstuvwxyz0123456789"], "k", ("encoding", "serializedlength")),
    (["SET k ''"], "k", ("encoding", "serializedlength")),
    (["HSET k f v"], "k", ("encoding", "serializedlength")),
    (["ZADD k 1 a"], "k", ("encoding", "serializedlength")),
    (["ZADD k 1.5 a"], "k", ("encoding", "serializedlength")),
    (["SADD k 1 2"], "k", ("encoding", "serializedlength")),
    (["PFADD k a"], "k", ("encoding", "serializedlength")),
    (["XADD k 1-1 f v"], "k", ("encoding", "serializedlength")),
    (["SET k " + "ab" * 40], "k", ("encoding", "serializedlength")),              # LZF-compressed
    (["SET k " + "x" * 5000], "k", ("encoding", "serializedlength")),
    (["HSET k " + " ".join(f"f{i} {'v' * 30}" for i in range(40))], "k", ("encoding", "serializedlength")),
    (["ZADD k " + " ".join(f"{i}.5 m{i}" for i in range(50))], "k", ("encoding", "serializedlength")),
    (["SADD k " + " ".join(str(i * 1000) for i in range(100))], "k", ("encoding", "serializedlength")),
    (["XADD k 1-1 f v", "XADD k 2-1 f " + "w" * 60, "XGROUP CREATE k g 0"], "k",
     ("encoding", "serializedlength")),
    (["CONFIG SET list-max-listpack-size 2", "RPUSH k a b c d e"], "k",
     ("encoding", "serializedlength", "ql_nodes", "ql_avg_node", "ql_listpack_max", "ql_compressed",
      "ql_uncompressed_size")),
])
def test_debug_object_fields(oracle, setup, key, fields):
    for line in setup:
        oracle.same(*shlex.split(line))
    mine, theirs = oracle.run("DEBUG", "OBJECT", key)
    assert mine.startswith(b"+Value at:0x") and theirs.startswith(b"+Value at:0x")
    a, b = _debug_fields(mine[1:-2]), _debug_fields(theirs[1:-2])
    assert {f: a.get(f) for f in fields} == {f: b.get(f) for f in fields}


def _info_fields(raw: bytes) -> dict:
    out, sec = {}, None
    for line in raw.decode().splitlines():
        if line.startswith("# "):
            sec = out.setdefault(line[2:].strip(), [])
        elif ":" in line and sec is not None:
            sec.append(line.split(":", 1)[0])
    return out


def test_info_has_every_field_of_7_0(oracle):
    # The engine reports as 7.4, which adds fields; every 7.0 field must be there too,
    # in the same order relative to the others.
    mine, theirs = oracle.run("INFO", "everything")
    a, b = _info_fields(mine.split(b"\r\n", 1)[1]), _info_fields(theirs.split(b"\r\n", 1)[1])
    for sec, names in b.items():
        if sec in ("Commandstats", "Errorstats", "Latencystats", "Keyspace"):
            continue
        assert [n for n in names if n not in a.get(sec, ())] == [], sec
        assert [n for n in a[sec] if n in names] == names, sec


def test_info_counts_tracking_and_shard_channels(oracle):
    oracle.same("CLIENT", "TRACKING", "on")
    oracle.same("MGET", "a", "b")
    bcast = oracle.client()
    bcast.same("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "x", "PREFIX", "y")
    sub = oracle.client()
    sub.same("SSUBSCRIBE", "s1", "s2")
    mine, theirs = oracle.run("INFO", "stats")
    pick = ("tracking_total_keys", "tracking_total_items", "tracking_total_prefixes", "pubsubshard_channels")

    def fields(raw):
        return {k: v for k, v in (ln.split(":", 1) for ln in raw.decode().splitlines() if ":" in ln) if k in pick}
    assert fields(mine) == fields(theirs)
