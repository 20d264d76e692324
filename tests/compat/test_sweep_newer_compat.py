"""Cases of the fidelity sweep where redis-server 7.0 and 7.2+/7.4 answer differently
and the engine follows the newer version (docs/COMPATIBILITY.md). Each test still runs
the case on the 7.0 oracle, asserts what 7.0 says (so a changed oracle is noticed), and
checks the engine against the newer behaviour."""
from __future__ import annotations

import pytest

from redislab.engine import Engine


def test_xadd_auto_sequence_overflow(oracle):
    # ms-* after ms-18446744073709551615: no sequence is left in that millisecond. 7.4
    # sets errno and answers the "equal or smaller" error; 7.0 returned without setting
    # it, so XADD reported a stale errno as "Elements are too large to be stored".
    oracle.same("XADD", "x", "2-18446744073709551615", "a", "1")
    mine, theirs = oracle.run("XADD", "x", "2-*", "a", "1")
    assert theirs == b"-ERR Elements are too large to be stored\r\n"
    assert mine == b"-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n"
    oracle.same("XLEN", "x")
    # A later millisecond is fine on both.
    oracle.same("XADD", "x", "3-*", "a", "1")


# (list-max-listpack-size, encodings after pushing "", 1000, 2000, 3000, 4000 x's, then
# after each of four RPOPs): 7.2 converts to quicklist before a push would pass the
# limit and back to listpack once a single node is under half of it (0 acts as 1).
LIST_RULES = [
    (1, "lqqqq" + "qqqq"), (2, "llqqq" + "qqql"), (3, "lllqq" + "qqql"),
    (0, "lqqqq" + "qqqq"), (-1, "lllqq" + "qqll"), (-5, "lllll" + "llll"),
]


@pytest.mark.parametrize("fill,expected", LIST_RULES)
def test_list_encoding_follows_72_rules(fill, expected):
    e = Engine()
    s = e.session("tcp")

    def run(*a):
        return e.execute(s, [str(x).encode() for x in a])

    run("CONFIG", "SET", "list-max-listpack-size", fill)
    seen = []
    for i in range(5):
        run("RPUSH", "l", "x" * (i * 1000))
        seen.append(run("OBJECT", "ENCODING", "l"))
    for _ in range(4):
        run("RPOP", "l")
        seen.append(run("OBJECT", "ENCODING", "l"))
    assert "".join(v[:1].decode() for v in seen) == expected
