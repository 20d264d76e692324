"""DEBUG RELOAD against redis-server: the data, the TTLs and the encodings Redis picks
when it loads a file (a hash that grew and shrank comes back as a listpack), and the
NOSAVE / NOFLUSH / MERGE options."""
from __future__ import annotations


def _fill(o):
    o.same("SET", "int", "12345")
    o.same("SET", "str", "hello")
    o.same("SET", "raw", "x" * 100)
    o.same("APPEND", "appended", "abc")
    o.same("RPUSH", "list", *[str(i) for i in range(10)])
    o.same("SADD", "ints", "1", "2", "3")
    o.same("SADD", "words", "a", "b")
    o.same("ZADD", "z", "1", "a", "2", "b")
    o.same("HSET", "h", "f", "v")
    o.same("PFADD", "hll", "a", "b", "c")
    o.same("XADD", "st", "1-1", "f", "v")
    o.same("SET", "ttl", "v", "EX", "1000")
    # Grown past the listpack limit, then shrunk: hashtable now, listpack once reloaded.
    o.same("CONFIG", "SET", "hash-max-listpack-entries", "4")
    o.same("HSET", "big", *[x for i in range(6) for x in (f"f{i}", "v")])
    o.same("HDEL", "big", "f0", "f1", "f2", "f3", "f4")
    o.same("CONFIG", "SET", "hash-max-listpack-entries", "128")
    o.same("SELECT", "3")
    o.same("SET", "in3", "v")
    o.same("SELECT", "0")


KEYS = ["int", "str", "raw", "appended", "list", "ints", "words", "z", "h", "hll", "st", "ttl", "big"]


def _check(o):
    for k in KEYS:
        o.same("TYPE", k)
        if k == "words":
            # A 7.0 string set is a hashtable, whose order (and so its DUMP) depends
            # on the server's random hash seed; ours is a listpack from 7.2 on.
            o.same("SMEMBERS", k, unordered=True)
            continue
        if k != "list":                     # small lists are listpacks from 7.2 on
            o.same("OBJECT", "ENCODING", k)  # (docs/COMPATIBILITY.md)
        o.same("DUMP", k)
    assert o.same("TTL", "ttl") > 990
    o.same("DBSIZE")
    o.same("SELECT", "3")
    o.same("GET", "in3")
    o.same("SELECT", "0")


def test_reload_keeps_data_and_picks_load_time_encodings(oracle):
    _fill(oracle)
    assert oracle.same("OBJECT", "ENCODING", "big") == b"hashtable"
    assert oracle.same("DEBUG", "RELOAD") == "OK"
    _check(oracle)
    assert oracle.same("OBJECT", "ENCODING", "big") == b"listpack"


def test_nosave_noflush_merge_and_errors(oracle):
    oracle.same("SET", "s", "saved")
    oracle.same("DEBUG", "RELOAD")
    oracle.same("SET", "s", "changed")
    oracle.same("SET", "extra", "1")
    oracle.same("DEBUG", "RELOAD", "NOSAVE", "NOFLUSH", "MERGE")   # the file's value wins
    oracle.same("GET", "s")
    oracle.same("GET", "extra")                                    # kept: not flushed
    oracle.same("DEBUG", "RELOAD", "NOSAVE")                       # back to the file
    oracle.same("GET", "extra")
    oracle.same("DEBUG", "RELOAD", "FOO")
    oracle.same("DEBUG", "RELOAD", "nosave", "merge")
    oracle.same("GET", "s")
