"""SETBIT/GETBIT/BITCOUNT/BITPOS/BITOP/BITFIELD(_RO) against a real redis-server."""
import random

import pytest

from tests.compat.test_strings_compat import nonstring, resp3, ttl

BIG = "9223372036854775807"
SMALL = "-9223372036854775808"


def test_setbit_getbit(oracle):
    for off in ("0", "7", "8", "100", "1", "4294967295x", "-1", "4294967296", "+1", "01",
                " 1", "1.5", BIG, "", "#3"):
        oracle.same("SETBIT", "k", off, "1")
    for val in ("0", "1", "2", "-1", "x", "", "01", BIG):
        oracle.same("SETBIT", "k", "3", val)
    oracle.same("GET", "k")
    oracle.same("OBJECT", "ENCODING", "k")
    for off in ("0", "3", "7", "100", "800", "100000", "-1", "x", "4294967295", "4294967296"):
        oracle.same("GETBIT", "k", off)
        oracle.same("GETBIT", "missing", off)
    oracle.same("SETBIT", "k", "3", "1")           # unchanged bit
    oracle.same("SETBIT", "k", "3", "0")
    oracle.same("GET", "k")
    oracle.same("SET", "n", "12")
    oracle.same("GETBIT", "n", "6")
    oracle.same("SETBIT", "n", "7", "1")
    oracle.same("GET", "n")
    oracle.same("OBJECT", "ENCODING", "n")
    oracle.same("SET", "e", "abc")
    oracle.same("SETBIT", "e", "0", "0")            # unchanged: still turned raw
    oracle.same("OBJECT", "ENCODING", "e")
    nonstring(oracle)
    oracle.same("SETBIT", "h", "0", "1")
    oracle.same("SETBIT", "h", "-1", "1")            # the offset is checked first
    oracle.same("SETBIT", "h", "0", "5")
    oracle.same("GETBIT", "h", "0")
    oracle.same("GETBIT", "h", "x")
    oracle.same("SETBIT", "k", "1")
    oracle.same("GETBIT", "k")
    oracle.same("SETBIT", "t", "1", "1")
    oracle.same("EXPIRE", "t", "100")
    oracle.same("SETBIT", "t", "200", "1")
    ttl(oracle, "t")


def test_setbit_offset_limit_follows_proto_max_bulk_len(oracle):
    try:
        oracle.same("CONFIG", "SET", "proto-max-bulk-len", "1mb")
        oracle.same("SETBIT", "k", str(8 * 1024 * 1024), "1")
        oracle.same("SETBIT", "k", str(8 * 1024 * 1024 - 1), "1")
        oracle.same("STRLEN", "k")
        oracle.same("BITCOUNT", "k")
        oracle.same("BITPOS", "k", "1")
        oracle.same("BITPOS", "k", "0", "-1")
        oracle.same("BITFIELD", "k", "GET", "u8", str(8 * 1024 * 1024 - 8))
        oracle.same("BITFIELD", "k", "GET", "u8", str(8 * 1024 * 1024))
        oracle.same("BITFIELD", "k", "GET", "u8", "#131072")
    finally:
        oracle.same("CONFIG", "SET", "proto-max-bulk-len", "512mb")


VALUES = [None, "", "a", "foobar", b"\x00\x00\x00", b"\xff\xff\xff", b"\xff\xf0\x00",
          b"\x00\x0f\xff", b"\x00\x00\x01\x00\x80", "12345", b"\x80" + b"\x00" * 20 + b"\x01"]


@pytest.mark.parametrize("value", VALUES)
def test_bitcount_matrix(oracle, value):
    if value is not None:
        oracle.same("SET", "k", value)
    oracle.same("BITCOUNT", "k")
    ranges = [(0, -1), (0, 0), (1, 1), (-1, -1), (-2, -1), (2, 1), (-1, -2), (-100, 100), (5, 100),
              (100, 200), (0, BIG), (SMALL, BIG), (SMALL, SMALL), (3, -3), (-5, 2), (7, 9), (9, 17),
              (1, 22), (-9, -2), (8, 8), (0, 7), (15, 15)]
    for start, end in ranges:
        oracle.same("BITCOUNT", "k", start, end)
        oracle.same("BITCOUNT", "k", start, end, "BYTE")
        oracle.same("BITCOUNT", "k", start, end, "bit")
    for bad in (("x", "1"), ("1", "x"), ("1",), ("1", "2", "BITS"), ("1", "2", "BIT", "x"),
                ("-1", "-5", "FOO"), ("0", "1", ""), ("1.0", "2")):
        oracle.same("BITCOUNT", "k", *bad)


@pytest.mark.parametrize("value", VALUES)
def test_bitpos_matrix(oracle, value):
    if value is not None:
        oracle.same("SET", "k", value)
    for bit in ("0", "1"):
        oracle.same("BITPOS", "k", bit)
        for start in ("0", "1", "2", "-1", "-2", "-100", "100", "7", "9", "23", "24", BIG, SMALL):
            oracle.same("BITPOS", "k", bit, start)
            oracle.same("BITPOS", "k", bit, start, "-1", "BIT")
            for end in ("0", "-1", "2", "-3", "100", "8", "15", "17", "23", BIG, SMALL):
                oracle.same("BITPOS", "k", bit, start, end)
                oracle.same("BITPOS", "k", bit, start, end, "BYTE")
                oracle.same("BITPOS", "k", bit, start, end, "BIT")
    for bad in (("2",), ("-1",), ("x",), ("", "0"), ("1", "x"), ("1", "0", "x"), ("0", "0", "1", "BITS"),
                ("0", "0", "1", "BIT", "x"), ("1", "1.5"), ("2", "x", "y")):
        oracle.same("BITPOS", "k", *bad)


def test_bitpos_bitcount_wrong_type(oracle):
    nonstring(oracle)
    for args in (("BITCOUNT", "h"), ("BITCOUNT", "h", "0", "1"), ("BITCOUNT", "h", "x", "1"),
                 ("BITCOUNT", "h", "0"), ("BITPOS", "h", "1"), ("BITPOS", "h", "2"),
                 ("BITPOS", "h", "1", "x"), ("BITPOS", "h", "0", "0", "1", "BIT"),
                 ("BITCOUNT",), ("BITPOS", "h")):
        oracle.same(*args)


def test_bitop(oracle):
    oracle.same("SET", "a", b"\xff\x0f\x00abc")
    oracle.same("SET", "b", b"\x0f\xff")
    oracle.same("SET", "c", "12")
    for op in ("AND", "OR", "XOR", "and", "Or", "xOR"):
        oracle.same("BITOP", op, "dst", "a", "b", "c")
        oracle.same("GET", "dst")
        oracle.same("BITOP", op, "dst", "a", "missing")
        oracle.same("GET", "dst")
        oracle.same("BITOP", op, "dst", "b")
        oracle.same("GET", "dst")
    oracle.same("BITOP", "NOT", "dst", "a")
    oracle.same("GET", "dst")
    oracle.same("OBJECT", "ENCODING", "dst")
    oracle.same("BITOP", "NOT", "dst", "a", "b")
    oracle.same("BITOP", "not", "dst")
    oracle.same("BITOP", "NOT", "dst", "missing")
    oracle.same("EXISTS", "dst")
    oracle.same("SET", "dst", "v", "EX", "100")
    oracle.same("BITOP", "OR", "dst", "a")
    ttl(oracle, "dst")
    oracle.same("SET", "empty", "")
    oracle.same("BITOP", "AND", "dst", "empty", "missing")
    oracle.same("EXISTS", "dst")
    oracle.same("BITOP", "DIFF", "dst", "a", "b")
    oracle.same("BITOP", "ANDX", "dst", "a")
    nonstring(oracle)
    oracle.same("BITOP", "AND", "dst", "a", "h")
    oracle.same("BITOP", "AND", "h", "a")           # any type may be overwritten
    oracle.same("GET", "h")
    oracle.same("BITOP", "AND", "dst")
    oracle.same("BITOP", "NOT", "dst", "c")
    oracle.same("GET", "dst")


def test_bitop_fuzz(oracle):
    rng = random.Random(3)
    for _ in range(60):
        keys = []
        for i in range(rng.randrange(1, 4)):
            key = "s%d" % i
            keys.append(key)
            oracle.same("SET", key, bytes(rng.randrange(256) for _ in range(rng.randrange(0, 12))))
        op = rng.choice(["AND", "OR", "XOR", "NOT"])
        oracle.same("BITOP", op, "d", *(keys[:1] if op == "NOT" else keys))
        oracle.same("GET", "d")


def test_bitfield_basics(oracle):
    oracle.same("BITFIELD", "k", "SET", "u8", "0", "255", "GET", "u8", "0", "GET", "i8", "0")
    oracle.same("BITFIELD", "k", "INCRBY", "u2", "100", "1", "GET", "u2", "100")
    oracle.same("GET", "k")
    oracle.same("BITFIELD", "k", "SET", "i64", "0", SMALL, "GET", "i64", "0", "GET", "u63", "1")
    oracle.same("BITFIELD", "k", "set", "u8", "#2", "7", "get", "u8", "#2", "get", "u4", "#5")
    oracle.same("BITFIELD", "k", "GET", "u1", "#0", "GET", "i1", "3")
    oracle.same("GET", "k")
    oracle.same("OBJECT", "ENCODING", "k")
    oracle.same("BITFIELD", "missing", "GET", "u8", "0", "GET", "i64", "1000")
    oracle.same("EXISTS", "missing")
    oracle.same("BITFIELD", "k")
    oracle.same("BITFIELD", "nokey")
    oracle.same("BITFIELD", "k", "OVERFLOW", "SAT")
    oracle.same("BITFIELD_RO", "k", "GET", "u8", "0", "GET", "i5", "#3")
    oracle.same("BITFIELD_RO", "k")
    oracle.same("BITFIELD_RO", "k", "OVERFLOW", "FAIL", "GET", "u8", "0")
    oracle.same("BITFIELD_RO", "k", "SET", "u8", "0", "1")
    oracle.same("BITFIELD_RO", "k", "INCRBY", "u8", "0", "1", "GET", "u8", "0")
    oracle.same("BITFIELD_RO", "k", "SET", "u8", "0", "1", "GET", "u99", "0")
    oracle.same("BITFIELD_RO", "missing", "GET", "u8", "0")


def test_bitfield_errors(oracle):
    oracle.same("SET", "k", "abc")
    cases = [
        ("GET", "u8"), ("GET",), ("SET", "u8", "0"), ("INCRBY", "u8", "0"), ("FOO", "u8", "0"),
        ("OVERFLOW",), ("OVERFLOW", "BAD"), ("OVERFLOW", "wrap", "GET", "u8"),
        ("GET", "u64", "0"), ("GET", "i65", "0"), ("GET", "u0", "0"), ("GET", "i0", "0"),
        ("GET", "U8", "0"), ("GET", "I8", "0"), ("GET", "x8", "0"), ("GET", "u", "0"),
        ("GET", "", "0"), ("GET", "u-1", "0"), ("GET", "u08", "0"), ("GET", "u8 ", "0"),
        ("GET", "u8", "-1"), ("GET", "u8", "x"), ("GET", "u8", "#-1"), ("GET", "u8", "##1"),
        ("GET", "u8", "4294967296"), ("GET", "u8", "4294967295"), ("GET", "u8", "#536870912"),
        ("GET", "u8", "#536870911"), ("GET", "u8", "#" + BIG), ("GET", "u8", "#2305843009213693953"),
        ("SET", "u8", "0", "x"), ("SET", "u8", "0", "1.5"), ("INCRBY", "i8", "0", ""),
        ("SET", "u8", "0", BIG), ("SET", "u8", "0", "9223372036854775808"),
        ("GET", "u8", "0", "SET", "u64", "0", "1"), ("SET", "u8", "0", "1", "BAD"),
        ("SET", "u8", "#", "1"), ("GET", "i64", "#1"),
    ]
    for c in cases:
        oracle.same("BITFIELD", "k", *c)
        oracle.same("BITFIELD_RO", "k", *c)
        oracle.same("GET", "k")
    nonstring(oracle)
    oracle.same("BITFIELD", "h", "GET", "u8", "0")
    oracle.same("BITFIELD", "h", "SET", "u8", "0", "1")
    oracle.same("BITFIELD", "h", "SET", "u8", "x", "1")
    oracle.same("BITFIELD_RO", "h", "GET", "u8", "0")
    oracle.same("BITFIELD_RO", "h", "SET", "u8", "0", "1")
    oracle.same("BITFIELD")
    oracle.same("BITFIELD_RO")


@pytest.mark.parametrize("mode", ["WRAP", "SAT", "FAIL"])
def test_bitfield_overflow(oracle, mode):
    types = ["u1", "u2", "u7", "u8", "u31", "u32", "u62", "u63", "i1", "i2", "i8", "i16", "i33",
             "i63", "i64"]
    amounts = ["0", "1", "-1", "2", "-2", "100", "-100", "127", "-128", "128", "255", "256",
               "4294967295", "-4294967296", "9223372036854775807", SMALL, "4611686018427387904"]
    for t in types:
        for a in amounts:
            oracle.same("BITFIELD", "k", "OVERFLOW", mode, "SET", t, "3", a, "GET", t, "3")
            oracle.same("BITFIELD", "k", "OVERFLOW", mode, "INCRBY", t, "3", a, "INCRBY", t, "3", a)
            oracle.same("BITFIELD", "k", "INCRBY", t, "#1", a, "OVERFLOW", mode, "INCRBY", t, "#1", a)
        oracle.same("GET", "k")


def test_bitfield_fail_still_creates_key(oracle):
    oracle.same("BITFIELD", "k", "OVERFLOW", "FAIL", "SET", "u2", "100", "9")
    oracle.same("GET", "k")
    oracle.same("BITFIELD", "k", "OVERFLOW", "FAIL", "INCRBY", "i8", "200", "1000")
    oracle.same("GET", "k")
    oracle.same("SET", "t", "ab", "EX", "100")
    oracle.same("BITFIELD", "t", "SET", "u8", "24", "65")
    oracle.same("GET", "t")
    ttl(oracle, "t")


def test_bitfield_fuzz(oracle):
    rng = random.Random(11)
    for _ in range(300):
        ops = []
        for _ in range(rng.randrange(1, 5)):
            signed = rng.random() < 0.5
            bits = rng.randrange(1, 65 if signed else 64)
            t = ("i" if signed else "u") + str(bits)
            off = str(rng.randrange(0, 120)) if rng.random() < 0.7 else "#%d" % rng.randrange(0, 6)
            kind = rng.choice(["GET", "SET", "INCRBY", "OVERFLOW"])
            if kind == "OVERFLOW":
                ops += ["OVERFLOW", rng.choice(["WRAP", "SAT", "FAIL"])]
            elif kind == "GET":
                ops += ["GET", t, off]
            else:
                val = rng.choice([rng.randrange(-(1 << 64), 1 << 64) >> rng.randrange(0, 64),
                                  rng.randrange(-300, 300)])
                val = max(min(val, (1 << 63) - 1), -(1 << 63))
                ops += [kind, t, off, str(val)]
        oracle.same("BITFIELD", "k", *ops)
    oracle.same("GET", "k")


def test_bit_fuzz(oracle):
    rng = random.Random(5)
    for _ in range(40):
        value = bytes(rng.choice([0, 255, rng.randrange(256)]) for _ in range(rng.randrange(0, 40)))
        oracle.same("SET", "k", value)
        for _ in range(15):
            s, e = rng.randrange(-50, 50), rng.randrange(-50, 50)
            unit = rng.choice([[], ["BIT"], ["BYTE"]])
            oracle.same("BITCOUNT", "k", s, e, *unit)
            oracle.same("BITPOS", "k", rng.choice("01"), s, e, *unit)
            s, e = rng.randrange(-400, 400), rng.randrange(-400, 400)
            oracle.same("BITCOUNT", "k", s, e, "BIT")
            oracle.same("BITPOS", "k", rng.choice("01"), s, e, "BIT")
            oracle.same("BITPOS", "k", rng.choice("01"), s)
        oracle.same("SETBIT", "k", rng.randrange(0, 400), rng.choice("01"))
        oracle.same("GET", "k")


def test_notifications_order_free_replies_resp3(oracle):
    resp3(oracle)
    oracle.same("SETBIT", "k", "5", "1")
    oracle.same("BITFIELD", "k", "OVERFLOW", "FAIL", "INCRBY", "u2", "0", "9", "GET", "u4", "0")
    oracle.same("BITFIELD_RO", "k", "GET", "u4", "0")
    oracle.same("BITPOS", "k", "1")
    oracle.same("BITCOUNT", "k")


def test_command_info(oracle):
    for name in ("setbit", "getbit", "bitcount", "bitpos", "bitop", "bitfield", "bitfield_ro"):
        mine, theirs = oracle.run("COMMAND", "INFO", name)
        if name != "bitfield":        # BITFIELD's key spec has a "notes" field
            assert mine == theirs, name


def test_option_words_are_c_strings(oracle):
    # Redis compares option words with strcasecmp, so a NUL byte ends the word.
    oracle.same("SET", "k", "foobar")
    oracle.same("BITFIELD", "k", "overflow", b"wrap\x00", "get", "u8", "0")
    oracle.same("BITFIELD", "k", b"get\x00zz", b"u8\x00x", "0")
    oracle.same("BITFIELD", "k", "GET", b"i\x008", "0")
    oracle.same("BITFIELD", "k", "GET", "u8", b"#1\x00")
    oracle.same("BITOP", b"and\x00", "d", "k")
    oracle.same("BITCOUNT", "k", "0", "1", b"bit\x00")
    oracle.same("BITPOS", "k", "1", "0", "1", b"BYTE\x00x")
    oracle.same("SETBIT", "k", b"1\x00", "1")
