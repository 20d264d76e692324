"""APPEND, STRLEN, GETRANGE/SUBSTR, SETRANGE and LCS against a real redis-server."""
import pytest

from tests.compat.test_strings_compat import nonstring, resp3, ttl


def test_append_strlen(oracle):
    oracle.same("APPEND", "k", "abc")
    oracle.same("APPEND", "k", "")
    oracle.same("APPEND", "k", b"\x00\xff")
    oracle.same("GET", "k")
    oracle.same("STRLEN", "k")
    oracle.same("STRLEN", "missing")
    oracle.same("APPEND", "e", "")
    oracle.same("EXISTS", "e")
    oracle.same("SET", "n", "12")
    oracle.same("APPEND", "n", "3")
    oracle.same("INCR", "n")
    oracle.same("SET", "t", "v", "EX", "100")
    oracle.same("APPEND", "t", "w")
    ttl(oracle, "t")
    nonstring(oracle)
    oracle.same("APPEND", "h", "x")
    oracle.same("STRLEN", "h")
    oracle.same("APPEND", "k")
    oracle.same("STRLEN")
    oracle.same("STRLEN", "a", "b")


RANGES = [(0, -1), (0, 0), (1, 3), (-3, -1), (-1, -3), (-100, -99), (0, -100), (-100, 100),
          (5, 2), (3, 100), (100, 200), (-1, -1), (2, -2), (-2, 2), (0, 9223372036854775807),
          (-9223372036854775808, 9223372036854775807), (-9223372036854775808, -9223372036854775808),
          (10, 10), (9, 9)]


@pytest.mark.parametrize("cmd", ["GETRANGE", "SUBSTR"])
@pytest.mark.parametrize("value", [None, "", "0123456789", "x", "12345"])
def test_getrange_matrix(oracle, cmd, value):
    if value is not None:
        oracle.same("SET", "k", value)
    for a, b in RANGES:
        oracle.same(cmd, "k", a, b)


@pytest.mark.parametrize("cmd", ["GETRANGE", "SUBSTR"])
def test_getrange_errors(oracle, cmd):
    nonstring(oracle)
    oracle.same(cmd, "h", 0, -1)
    oracle.same(cmd, "h", "x", -1)
    oracle.same(cmd, "k", "x", -1)
    oracle.same(cmd, "k", 0, "1.5")
    oracle.same(cmd, "k", "9223372036854775808", 0)
    oracle.same(cmd, "k", 0)
    oracle.same(cmd, "k", 0, 1, 2)


def test_setrange(oracle):
    oracle.same("SETRANGE", "k", 0, "")
    oracle.same("EXISTS", "k")
    oracle.same("SETRANGE", "k", 5, "")
    oracle.same("EXISTS", "k")
    oracle.same("SETRANGE", "k", 3, "abc")
    oracle.same("GET", "k")
    oracle.same("SETRANGE", "k", 1, "Z")
    oracle.same("SETRANGE", "k", 6, "end")
    oracle.same("SETRANGE", "k", 12, "far")
    oracle.same("SETRANGE", "k", 100, "")
    oracle.same("GET", "k")
    oracle.same("SETRANGE", "k", 0, "overwrite-everything-and-more")
    oracle.same("GET", "k")
    oracle.same("SET", "n", "1234")
    oracle.same("SETRANGE", "n", 1, "9")
    oracle.same("INCR", "n")
    oracle.same("SET", "t", "v", "EX", "100")
    oracle.same("SETRANGE", "t", 2, "w")
    ttl(oracle, "t")


@pytest.mark.parametrize("offset", ["-1", "x", "1.5", "9223372036854775808", "536870912",
                                    "536870911", "9223372036854775807", "536870910", "0"])
@pytest.mark.parametrize("existing", [False, True])
def test_setrange_limits(oracle, offset, existing):
    if existing:
        oracle.same("SET", "k", "abc")
    if offset in ("536870910", "536870911") or (offset == "0" and not existing):
        piece = "x" * 3   # only the failing sizes: a real 512 MB string is too costly
    else:
        piece = "x"
    if offset in ("536870910",) and piece:
        oracle.same("SETRANGE", "k", offset, piece)   # 536870913 bytes: too big
        return
    if offset == "536870911":
        oracle.same("SETRANGE", "k", offset, "xy")
        return
    oracle.same("SETRANGE", "k", offset, piece)
    oracle.same("SETRANGE", "k", offset, "")
    oracle.same("GET", "k")


def test_setrange_errors(oracle):
    nonstring(oracle)
    oracle.same("SETRANGE", "h", 0, "x")
    oracle.same("SETRANGE", "h", -1, "x")
    oracle.same("SETRANGE", "h", 0, "")
    oracle.same("SETRANGE", "k", 0)


def test_append_size_limit(oracle):
    try:
        oracle.conn.command("CONFIG", "SET", "proto-max-bulk-len", "1mb")
        oracle.engine.config.values["proto-max-bulk-len"] = 1024 * 1024
        oracle.same("SET", "k", "x" * (1024 * 1024 - 2))
        oracle.same("APPEND", "k", "ab")
        oracle.same("APPEND", "k", "c")
        oracle.same("SETRANGE", "k", 1024 * 1024 - 1, "de")
        oracle.same("SETRANGE", "n", 1024 * 1024, "x")
        oracle.same("SETRANGE", "n", 1024 * 1024 - 1, "x")
        oracle.same("STRLEN", "n")
    finally:
        oracle.conn.command("CONFIG", "SET", "proto-max-bulk-len", "512mb")


# ----------------------------------------------------------------------- LCS

LCS_PAIRS = [("ohmytext", "mynewtext"), ("", ""), ("abc", ""), ("abc", "abc"), ("abc", "xyz"),
             ("aaaa", "aa"), ("abcabcabc", "cbacbacba"), ("GAC", "AGCAT"),
             ("ACCGGTCGAGTGCGCGGAAGCCGGCCGAA", "GTCGTTCGGAATGCCGTTGCTCTGTAAA"),
             ("xabcyabcz", "abcqabc"), ("aabbaabb", "ababab")]
LCS_OPTS = [(), ("LEN",), ("IDX",), ("IDX", "WITHMATCHLEN"), ("IDX", "MINMATCHLEN", "2"),
            ("IDX", "MINMATCHLEN", "3", "WITHMATCHLEN"), ("idx", "minmatchlen", "-5"),
            ("LEN", "IDX"), ("IDX", "LEN"), ("FOO",), ("IDX", "MINMATCHLEN"),
            ("MINMATCHLEN", "x"), ("MINMATCHLEN", "2"), ("LEN", "WITHMATCHLEN"),
            ("IDX", "IDX", "MINMATCHLEN", "1", "MINMATCHLEN", "0"), ("WITHMATCHLEN",),
            ("LEN", "IDX", "FOO"), ("LEN", "MINMATCHLEN", "x", "IDX")]


@pytest.mark.parametrize("resp", [2, 3])
@pytest.mark.parametrize("a,b", LCS_PAIRS)
def test_lcs_matrix(oracle, a, b, resp):
    if resp == 3:
        resp3(oracle)
    if a:
        oracle.same("SET", "a", a)
    if b:
        oracle.same("SET", "b", b)
    for opts in LCS_OPTS:
        oracle.same("LCS", "a", "b", *opts)
        oracle.same("LCS", "b", "a", *opts)


def test_lcs_errors(oracle):
    nonstring(oracle)
    oracle.same("SET", "s", "abc")
    oracle.same("LCS", "h", "s")
    oracle.same("LCS", "s", "h")
    oracle.same("LCS", "s", "h", "FOO")
    oracle.same("LCS", "missing", "h", "LEN", "IDX")
    oracle.same("LCS", "s")
    oracle.same("LCS", "s", "s", "IDX", "MINMATCHLEN")


def test_lcs_table_limit(oracle):
    try:
        oracle.conn.command("CONFIG", "SET", "proto-max-bulk-len", "1mb")
        oracle.engine.config.values["proto-max-bulk-len"] = 1024 * 1024
        oracle.same("SET", "a", "x" * 600)
        oracle.same("SET", "b", "y" * 600)
        oracle.same("LCS", "a", "b")
        oracle.same("SET", "b", "y" * 300)
        oracle.same("LCS", "a", "b", "LEN")
    finally:
        oracle.conn.command("CONFIG", "SET", "proto-max-bulk-len", "512mb")
