"""DUMP and RESTORE against redis-server 7.0: payloads travel both ways.

For each type and encoding: (a) the server's DUMP restored into the engine reads
back as the server reads the original; (b) the engine's DUMP restored into the
server reads back as the engine reads its original; (c) where the layout is fully
determined (strings, intsets, small listpack hashes and sorted sets, lists, streams
without deletions) the payload bytes are the same. Then RESTORE's errors and
options, compared reply for reply."""
from __future__ import annotations

import shlex

import pytest

from redislab.engine.datatypes.rdb import crc64
from redislab.protocol.resp import encode
from tests.support.realredis import decode


def _argv(args):
    return [a if isinstance(a, bytes) else str(a).encode() for a in args]


def real(o, *args):
    return decode(o.conn.command(*_argv(args)))


def mine(o, *args):
    return decode(encode(o.engine.execute(o.session, _argv(args)), o.session.resp))


def both(o, line):
    """Run a command line (or an argv list) on both sides; the replies must agree."""
    args = line if isinstance(line, list) else shlex.split(line)
    a, b = mine(o, *args), real(o, *args)
    assert a == b, (args, a, b)


def _nums(n, fmt="%d"):
    return " ".join(fmt % i for i in range(n))


# name -> (setup lines, readback commands (with {k} for the key), byte-identical?)
CASES = {
    "str-embstr": (["SET k hello"], ["GET {k}"], True),
    "str-empty": (["SET k ''"], ["GET {k}"], True),
    "str-int8": (["SET k -7"], ["GET {k}"], True),
    "str-int16": (["SET k 30000"], ["GET {k}"], True),
    "str-int32": (["SET k -2000000000"], ["GET {k}"], True),
    "str-int64": (["SET k 12345678901"], ["GET {k}"], True),
    "str-not-canonical": (["SET k 007"], ["GET {k}"], True),
    "str-lzf": (["SET k " + "abc" * 40], ["GET {k}"], True),
    "str-lzf-21": (["SET k aaaaaaaaaaaaaaaaaaaaa"], ["GET {k}"], True),
    "str-incompressible": (["SET k q8Zr1Xw0LmT5vB2nY7cK4pJ"], ["GET {k}"], True),
    "str-raw-append": (["SET k 12", "APPEND k 3"], ["GET {k}"], True),
    "hll-sparse": (["PFADD k a b c d e"], ["GET {k}", "PFCOUNT {k}"], True),
    "hll-dense": (["PFADD k " + _nums(3000, "m%d")], ["GET {k}", "PFCOUNT {k}"], True),
    "list-small": (["RPUSH k a b 1 300 -5 70000 " + "x" * 70], ["LRANGE {k} 0 -1"], True),
    "list-many-nodes": (["RPUSH k " + _nums(3000, "item-%d")], ["LRANGE {k} 0 -1", "LLEN {k}"], True),
    "list-count-fill": (["CONFIG SET list-max-listpack-size 5", "RPUSH k " + _nums(23)],
                        ["LRANGE {k} 0 -1"], True),
    "hash-listpack": (["HSET k f v n 12 neg -3 big 99999999999 e ''"], ["HGETALL {k}"], True),
    "hash-long-value": (["HSET k f " + "v" * 100 + " g 1"], ["HGETALL {k}"], False),
    "hash-many": (["HSET k " + " ".join(f"f{i} {i}" for i in range(300))], ["HLEN {k}", "HGET {k} f77"], False),
    "set-intset16": (["SADD k 3 1 2 -5"], ["SMEMBERS {k}"], True),
    "set-intset64": (["SADD k 1 9000000000 -9000000000"], ["SMEMBERS {k}"], True),
    "set-strings": (["SADD k a b c"], ["SCARD {k}", "SISMEMBER {k} b"], False),
    "set-big-ints": (["SADD k " + _nums(600)], ["SCARD {k}", "SISMEMBER {k} 599"], False),
    "zset-listpack": (["ZADD k 1 a 1.5 b -3 c 0.1 d inf e -inf f 0 g 1e300 h 3 i"],
                      ["ZRANGE {k} 0 -1 WITHSCORES"], True),
    "zset-negzero": (["ZADD k -0 a 2.5e-8 b"], ["ZRANGE {k} 0 -1 WITHSCORES"], True),
    "zset-skiplist": (["ZADD k " + " ".join(f"{i * 0.5} m{i}" for i in range(200))],
                      ["ZRANGE {k} 0 -1 WITHSCORES"], True),
    "zset-long-member": (["ZADD k 1 " + "m" * 100 + " 2 b"], ["ZRANGE {k} 0 -1 WITHSCORES"], True),
    "stream-simple": (["XADD k 1-1 f v", "XADD k 1-2 f w", "XADD k 2-0 a 1 b 2"],
                      ["XRANGE {k} - +", "XINFO STREAM {k}"], True),
    "stream-nodes": (["CONFIG SET stream-node-max-entries 3"] + [f"XADD k {i}-0 f {i}" for i in range(1, 11)],
                     ["XRANGE {k} - +", "XINFO STREAM {k}"], True),
    "stream-groups": (["XADD k 1-0 f a", "XADD k 2-0 f b", "XADD k 3-0 g c",
                       "XGROUP CREATE k g1 0", "XGROUP CREATE k g2 $", "XGROUP CREATECONSUMER k g2 idle",
                       "XREADGROUP GROUP g1 alice COUNT 2 STREAMS k >", "XREADGROUP GROUP g1 bob STREAMS k >",
                       "XACK k g1 2-0"],
                      ["XRANGE {k} - +", "XINFO GROUPS {k}", "XPENDING {k} g1"], False),
    "stream-deleted": (["XADD k 1-0 f a", "XADD k 2-0 f b", "XADD k 3-0 f c", "XDEL k 2-0"],
                       ["XRANGE {k} - +", "XLEN {k}"], False),
    "stream-empty": (["XADD k 5-5 f v", "XDEL k 5-5"], ["XLEN {k}", "XINFO STREAM {k}"], False),
}


def _setup(o, lines):
    for line in lines:
        both(o, line)


def _read(fn, o, key, readback):
    out = []
    for cmd in readback:
        reply = fn(o, *shlex.split(cmd.replace("{k}", key)))
        if cmd.startswith(("SMEMBERS", "HGETALL")) and isinstance(reply, list):
            reply = sorted(reply) if cmd.startswith("SMEMBERS") else sorted(zip(reply[::2], reply[1::2]))
        if cmd.endswith("WITHSCORES"):          # 7.0 prints 17 digits, 7.4 the shortest form
            reply = [(m, float(sc)) for m, sc in zip(reply[::2], reply[1::2])]
        out.append(reply)
    return out


# OBJECT ENCODING after a RESTORE: 7.4 (the engine) keeps small lists and sets of
# strings in a listpack where 7.0 uses a quicklist and a hashtable.
_ENC70 = {(b"list", b"listpack"): b"quicklist", (b"set", b"listpack"): b"hashtable"}


def _same_encoding_after_restore(o, payload):
    assert real(o, "RESTORE", "copy70", "0", payload) == "OK"
    assert mine(o, "RESTORE", "copy70", "0", payload) == "OK"
    enc = mine(o, "OBJECT", "ENCODING", "copy70")
    assert _ENC70.get((mine(o, "TYPE", "copy70").encode(), enc), enc) == real(o, "OBJECT", "ENCODING", "copy70")


@pytest.mark.parametrize("direction", ["server-to-engine", "engine-to-server"])
@pytest.mark.parametrize("case", list(CASES))
def test_payload_restores_on_the_other_side(oracle, case, direction):
    """(a) the server's DUMP into the engine, (b) the engine's DUMP into the server: the
    copy reads back as the original on the side that dumped it."""
    lines, readback, _ = CASES[case]
    _setup(oracle, lines)
    source, target = (real, mine) if direction == "server-to-engine" else (mine, real)
    payload = source(oracle, "DUMP", "k")
    assert target(oracle, "RESTORE", "copy", "0", payload) == "OK"
    assert _read(target, oracle, "copy", readback) == _read(source, oracle, "k", readback)
    _same_encoding_after_restore(oracle, payload)


@pytest.mark.parametrize("case", [c for c, (_, _, same) in CASES.items() if same])
def test_payload_bytes_equal_the_servers(oracle, case):
    _setup(oracle, CASES[case][0])
    assert mine(oracle, "DUMP", "k") == real(oracle, "DUMP", "k")


@pytest.mark.parametrize("line", [
    "DUMP nokey", "RESTORE k 0 x", "RESTORE k abc x", "RESTORE k -1 x", "RESTORE k 0",
    "RESTORE k 0 x REPLACE", "RESTORE k 0 x BOGUS", "RESTORE k 0 x IDLETIME", "RESTORE k 0 x IDLETIME -1",
    "RESTORE k 0 x IDLETIME abc", "RESTORE k 0 x FREQ 256", "RESTORE k 0 x FREQ -1", "RESTORE k 0 x FREQ 1.5",
    "RESTORE k 0 x FREQ 5 IDLETIME 5", "RESTORE k 0 x IDLETIME 5 FREQ 5", "RESTORE k 0 x ABSTTL FREQ",
    "RESTORE k 0 0123456789", "RESTORE k 0 01234567890",
])
def test_errors_match(oracle, line):
    both(oracle, line)


def test_error_order_and_busykey(oracle):
    _setup(oracle, ["SET k v", "SET src hello"])
    payload = real(oracle, "DUMP", "src")
    for args in (["k", "0", payload], ["k", "-1", "x"], ["k", "abc", "x"], ["k", "0", "x", "BOGUS"],
                 ["k", "0", "x", "REPLACE"], ["k", "-1", "x", "REPLACE"], ["k", "0", payload, "REPLACE"]):
        assert mine(oracle, "RESTORE", *args) == real(oracle, "RESTORE", *args), args
    both(oracle, "GET k")


@pytest.mark.parametrize("mutate", ["crc", "version", "body", "type", "truncate"])
def test_damaged_payloads(oracle, mutate):
    _setup(oracle, ["HSET src f v g w"])
    p = bytearray(real(oracle, "DUMP", "src"))
    if mutate == "crc":
        p[-1] ^= 1
    elif mutate == "version":
        p[-10] = 11                            # newer than 7.0 reads; the engine (7.4) takes it
        p[-8:] = crc64(bytes(p[:-8])).to_bytes(8, "little")
    elif mutate in ("body", "type"):
        p[3 if mutate == "body" else 0] = 0x63 if mutate == "type" else p[3] ^ 0x40
        p[-8:] = crc64(bytes(p[:-8])).to_bytes(8, "little")
    else:
        del p[2:6]
        p[-8:] = crc64(bytes(p[:-8])).to_bytes(8, "little")
    a, b = mine(oracle, "RESTORE", "k", "0", bytes(p)), real(oracle, "RESTORE", "k", "0", bytes(p))
    if mutate == "version":
        assert a == "OK" and b == ("ERR", "ERR DUMP payload version or checksum are wrong")
    else:
        assert a == b


def test_ttl_replace_absttl_and_idletime(oracle):
    _setup(oracle, ["SET src v"])
    payload = real(oracle, "DUMP", "src")
    past = b"1000"
    steps = [
        ["RESTORE", "a", "100000", payload], ["PTTL", "a"],
        ["RESTORE", "b", "0", payload, "ABSTTL"], ["TTL", "b"],
        ["RESTORE", "b", past, payload, "ABSTTL", "REPLACE"], ["EXISTS", "b"],
        ["RESTORE", "c", past, payload, "ABSTTL"], ["EXISTS", "c"],
        ["RESTORE", "a", "0", payload, "REPLACE", "ABSTTL"], ["TTL", "a"],
        ["RESTORE", "d", "0", payload, "replace", "absttl", "idletime", "1000"], ["OBJECT", "IDLETIME", "d"],
        ["RESTORE", "f", "0", payload, "FREQ", "100"], ["OBJECT", "IDLETIME", "f"],
        ["RESTORE", "g", "9223372036854775807", payload], ["EXISTS", "g"],
    ]
    for argv in steps:
        a, b = mine(oracle, *argv), real(oracle, *argv)
        if argv[0] == "PTTL":
            assert abs(a - b) < 2000
        elif argv[:2] == ["OBJECT", "IDLETIME"]:
            assert abs(a - b) <= 1
        else:
            assert a == b, (argv, a, b)


def test_keyspace_events(oracle):
    _setup(oracle, ["SET src v"])
    payload = real(oracle, "DUMP", "src")
    sub = oracle.client()
    sink = []
    sub.session.push = sink.append
    try:
        both(oracle, "CONFIG SET notify-keyspace-events KEA")
        assert encode(oracle.engine.execute(sub.session, [b"PSUBSCRIBE", b"__key*__:*"])) == \
            sub.conn.command("PSUBSCRIBE", "__key*__:*")
        for argv in (["RESTORE", "a", "0", payload], ["RESTORE", "a", "0", payload, "REPLACE"],
                     ["RESTORE", "a", "1000", payload, "REPLACE", "ABSTTL"],
                     ["RESTORE", "b", "1000", payload, "ABSTTL"], ["RESTORE", "c", "5000", payload]):
            before = len(sink)
            both(oracle, argv)
            both(oracle, "SET marker x")      # so a missing or extra event shows as a shift
            got = [encode(m) for m in sink[before:]]
            assert got == [sub.conn.read_reply() for _ in got], argv
    finally:
        both(oracle, "CONFIG SET notify-keyspace-events ''")


def test_lfu_freq_option(oracle):
    _setup(oracle, ["CONFIG SET maxmemory-policy allkeys-lfu", "SET src v"])
    payload = real(oracle, "DUMP", "src")
    both(oracle, ["RESTORE", "k", "0", payload, "FREQ", "77"])
    both(oracle, "OBJECT FREQ k")
    both(oracle, ["RESTORE", "j", "0", payload, "IDLETIME", "50"])
    both(oracle, "OBJECT FREQ j")


def test_module_values_are_refused(oracle):
    oracle.engine.execute(oracle.session, [b"JSON.SET", b"doc", b"$", b'{"a":1}'])
    reply = mine(oracle, "DUMP", "doc")
    assert isinstance(reply, tuple) and "module type" in reply[1]


def test_hash_field_ttls_travel_only_to_74(oracle):
    # Field TTLs (7.4) need RDB version 12: the engine reads its own payload back,
    # redis-server 7.0 refuses it as too new.
    e = oracle.engine
    for argv in (["HSET", "h", "f", "v", "g", "w"], ["HPEXPIRE", "h", "500000", "FIELDS", "1", "f"]):
        e.execute(oracle.session, _argv(argv))
    payload = mine(oracle, "DUMP", "h")
    assert payload[-10:-8] == b"\x0c\x00"
    assert real(oracle, "RESTORE", "h", "0", payload) == ("ERR", "ERR DUMP payload version or checksum are wrong")
    assert mine(oracle, "RESTORE", "h2", "0", payload) == "OK"
    assert mine(oracle, "HGETALL", "h2") == [b"f", b"v", b"g", b"w"]
    assert 490 <= mine(oracle, "HTTL", "h2", "FIELDS", "2", "f", "g")[0] <= 500
    assert mine(oracle, "HTTL", "h2", "FIELDS", "1", "g") == [-1]
    assert mine(oracle, "OBJECT", "ENCODING", "h2") == b"listpackex"
