"""Sorted-set key specs against redis-server 7.0, through what reads them: COMMAND
GETKEYSANDFLAGS (per-key flags, destination apart from sources) and ACL DRYRUN with
read-only (%R~) and write-only (%W~) key patterns.

The declarations themselves are compared field by field in
test_command_table_compat.py; these cases check that the engine *uses* them as Redis
does (a destination is OW update, a ZUNIONSTORE source RO access, ZCARD needs no
read permission, a pop needs read and write)."""
from __future__ import annotations

import pytest

from tests.support.realredis import decode

GETKEYS_CASES = [
    ("ZUNIONSTORE", "d", "2", "a", "b"),
    ("ZUNIONSTORE", "d", "2", "a", "b", "WEIGHTS", "1", "2", "AGGREGATE", "MAX"),
    ("ZINTERSTORE", "d", "1", "a"),
    ("ZINTERSTORE", "d", "3", "a", "b", "c"),
    ("ZDIFFSTORE", "d", "2", "a", "b"),
    ("ZRANGESTORE", "d", "s", "0", "-1"),
    ("ZRANGESTORE", "d", "s", "(1", "5", "BYSCORE", "LIMIT", "0", "1"),
    ("ZCARD", "z"), ("ZINCRBY", "z", "1", "m"), ("ZREM", "z", "a", "b"),
    ("ZPOPMIN", "z"), ("ZPOPMAX", "z", "3"),
    ("ZMPOP", "2", "a", "b", "MIN"), ("ZMPOP", "1", "a", "MAX", "COUNT", "2"),
    ("BZPOPMIN", "a", "b", "0"), ("BZPOPMAX", "a", "1.5"),
    ("BZMPOP", "0", "2", "a", "b", "MIN"),
    ("ZREMRANGEBYLEX", "z", "-", "+"), ("ZREMRANGEBYRANK", "z", "0", "1"),
    ("ZREMRANGEBYSCORE", "z", "0", "1"),
    # neighbours whose specs were already right, for contrast
    ("ZADD", "z", "1", "m"), ("ZUNION", "2", "a", "b"), ("ZINTERCARD", "2", "a", "b"),
    ("SUNIONSTORE", "d", "a", "b"), ("SINTERSTORE", "d", "a"),
]


@pytest.mark.parametrize("argv", GETKEYS_CASES, ids=lambda a: " ".join(a))
def test_getkeysandflags(oracle, argv):
    oracle.same("COMMAND", "GETKEYSANDFLAGS", *argv)
    oracle.same("COMMAND", "GETKEYS", *argv)


def _reset_acl(oracle):
    for side in (lambda *a: oracle.engine.execute(oracle.session, [x.encode() for x in a]),
                 oracle.conn.command):
        side("ACL", "DELUSER", "zr", "zw")


@pytest.fixture
def acl_users(oracle):
    try:
        # zr may read r* keys only, zw may write w* keys only; both may use every command.
        oracle.same("ACL", "SETUSER", "zr", "on", "nopass", "%R~r*", "+@all")
        oracle.same("ACL", "SETUSER", "zw", "on", "nopass", "%W~w*", "+@all")
        yield oracle
    finally:
        _reset_acl(oracle)


DRYRUN_CASES = [
    ("ZCARD", "r1"), ("ZCARD", "w1"), ("ZSCORE", "w1", "m"), ("ZSCORE", "r1", "m"),
    ("ZINCRBY", "w1", "1", "m"), ("ZINCRBY", "r1", "1", "m"),
    ("ZREM", "w1", "m"), ("ZREM", "r1", "m"),
    ("ZPOPMIN", "w1"), ("ZPOPMAX", "r1"), ("ZMPOP", "1", "w1", "MIN"),
    ("BZPOPMIN", "w1", "0"), ("BZMPOP", "0", "1", "w1", "MAX"),
    ("ZREMRANGEBYRANK", "w1", "0", "1"), ("ZREMRANGEBYSCORE", "w1", "0", "1"),
    ("ZREMRANGEBYLEX", "w1", "-", "+"),
    ("ZUNIONSTORE", "w1", "1", "r1"), ("ZUNIONSTORE", "w1", "2", "r1", "w2"),
    ("ZINTERSTORE", "r1", "1", "r2"), ("ZDIFFSTORE", "w1", "2", "r1", "r2"),
    ("ZRANGESTORE", "w1", "r1", "0", "-1"), ("ZRANGESTORE", "w1", "w2", "0", "-1"),
    ("ZRANGESTORE", "r1", "r2", "0", "-1"),
]


@pytest.mark.parametrize("argv", DRYRUN_CASES, ids=lambda a: " ".join(a))
def test_dryrun_read_and_write_patterns(acl_users, argv):
    for user in ("zr", "zw"):
        acl_users.same("ACL", "DRYRUN", user, *argv)


def test_command_info_of_the_corrected_commands(oracle):
    names = ("zcard", "zincrby", "zmpop", "zpopmax", "zpopmin", "zrem", "zdiffstore", "zinterstore",
             "zunionstore", "bzmpop", "bzpopmax", "bzpopmin", "zrangestore", "zremrangebylex",
             "zremrangebyrank", "zremrangebyscore")
    mine, theirs = oracle.run("COMMAND", "INFO", *names)
    # Field 8 is the key specs: identical bytes, notes and all.
    assert [e[8] for e in decode(mine)] == [e[8] for e in decode(theirs)]
