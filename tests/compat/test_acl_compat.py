"""ACL against a real redis-server 7.0.

Every test restores the server's default user, drops the users it made and clears
requirepass in a ``finally``: the oracle fixture cannot undo ACL state itself.
Where 7.0 and 7.2+ print rules differently (7.0 rebuilds the command rules from its
bitmap, 7.2+ keeps them as given) only the cases on which both agree are compared.
"""
from __future__ import annotations

import contextlib

import pytest

from tests.support.realredis import decode


@contextlib.contextmanager
def restored(oracle):
    try:
        yield
    finally:
        for side_run in (oracle.engine_run, oracle.conn.command):
            side_run("CONFIG", "SET", "requirepass", "")
            side_run("ACL", "SETUSER", "default", "on", "nopass", "~*", "&*", "+@all")
        users = decode(oracle.conn.command("ACL", "USERS"))
        others = [u for u in users if u != b"default"]
        if others:
            oracle.conn.command("ACL", "DELUSER", *others)
        oracle.conn.command("ACL", "LOG", "RESET")


@pytest.fixture
def acl(oracle):
    oracle.engine_run = lambda *a: oracle.engine.execute(
        oracle.session, [x if isinstance(x, bytes) else str(x).encode() for x in a])
    with restored(oracle):
        yield oracle


RULE_SETS = [
    (),
    ("on",),
    ("on", "nopass"),
    ("on", ">secret", ">other", "<other"),
    ("#" + "a" * 64, "!" + "a" * 64, ">x"),
    ("~a*", "~a*", "%R~b*", "%W~c*", "%RW~d*", "%WR~e", "%R~a*"),
    ("allkeys",), ("~*",), ("resetkeys",), ("allkeys", "resetkeys", "~x"),
    ("&ch*", "&ch*", "&x"), ("allchannels",), ("&*", "resetchannels", "&y"),
    ("+@all",), ("allcommands",), ("nocommands",), ("-@all",),
    ("+@all", "-@dangerous"), ("+@all", "-@admin"),
    ("-@all", "+get"), ("+@all", "-get"),
    ("+config|get",), ("+select|0",), ("+@all", "-config|set"),
    ("on", "nopass", "~*", "&*", "+@all", "skip-sanitize-payload"),
    ("sanitize-payload",), ("reset",), ("on", ">p", "reset"),
    ("(~x* +get)",), ("(~x*", "+get)",), ("()",), ("(+set %W~y*)", "(&c -@all)"),
    ("(~x* +get)", "clearselectors"), ("allkeys", "(+get ~x)", "+@all"),
    ("nopass", "resetpass"), ("OFF", "On", "NOPASS", "AllKeys"),
]


@pytest.mark.parametrize("rules", RULE_SETS, ids=lambda r: " ".join(r) or "bare")
def test_setuser_list_getuser(acl, rules):
    acl.same("ACL", "SETUSER", "u1", *rules)
    acl.same("ACL", "LIST")
    acl.same("ACL", "GETUSER", "u1")
    acl.same("ACL", "USERS")


ERROR_RULES = [
    ("foo",), ("+nosuch",), ("+@nosuch",), ("-select|0",), ("+select|0|1",), ("+config|get|x",),
    ("+config|",), ("+get|",), ("+config|nosuch",), ("<nopw",), ("#abc",), ("!abc",),
    ("!" + "b" * 64,), ("(~x",), ("(~x*", "+get"), ("(",), ("(foo)",), (")",), ("(on)",),
    ("%X~a",), ("%~a",), ("%RR~a",), ("allkeys", "~a"), ("allkeys", "%R~a"), ("allchannels", "&x"),
    ("on", "+get", "bogus"),
]


@pytest.mark.parametrize("rules", ERROR_RULES, ids=lambda r: " ".join(r))
def test_setuser_errors_change_nothing(acl, rules):
    acl.same("ACL", "SETUSER", "u2", *rules)
    acl.same("ACL", "LIST")
    acl.same("ACL", "SETUSER", "u2", "on")
    acl.same("ACL", "SETUSER", "u2", *rules)
    acl.same("ACL", "GETUSER", "u2")


def test_users_whoami_deluser_getuser_missing(acl):
    for name in ("zed", "amy", "Bob"):
        acl.same("ACL", "SETUSER", name)
    acl.same("ACL", "USERS")
    acl.same("ACL", "WHOAMI")
    acl.same("ACL", "GETUSER", "nobody")
    acl.same("ACL", "DELUSER", "nobody", "amy", "zed", "amy")
    acl.same("ACL", "DELUSER", "default")
    acl.same("ACL", "DELUSER", "Bob", "default")
    acl.same("ACL", "USERS")
    acl.same("ACL", "SETUSER")
    acl.same("ACL", "DELUSER")


def test_dryrun(acl):
    acl.same("ACL", "SETUSER", "lim", "on", ">pw", "~k*", "%R~r*", "&ch*", "+get", "+set", "+config|get",
             "+publish", "+subscribe", "+psubscribe", "+select|0", "+mget", "+copy", "(~x* +del)")
    for cmd in (("get", "x"), ("get", "k1"), ("del", "k1"), ("del", "x1"), ("config", "set", "a", "b"),
                ("config", "get", "a"), ("publish", "x", "m"), ("publish", "ch1", "m"),
                ("mget", "k1", "x2", "x3"), ("select", "1"), ("select", "0"), ("psubscribe", "ch*"),
                ("psubscribe", "ch1"), ("subscribe", "ch1", "zz"), ("get", "r1"), ("set", "r1", "v"),
                ("get",), ("nosuch", "a"), ("ping",)):
        acl.same("ACL", "DRYRUN", "lim", *cmd)
    acl.same("ACL", "DRYRUN", "nouser", "get", "a")


def test_noperm_errors_and_log(acl):
    acl.same("ACL", "SETUSER", "lim", "on", ">pw", "~k*", "&ch*", "+get", "+set", "+config|get",
             "+publish", "+subscribe", "+multi", "+exec", "+acl|whoami")
    c = acl.client()
    c.same("AUTH", "lim", "wrong")
    c.same("AUTH", "nobody", "pw")
    c.same("AUTH", "lim", "pw")
    c.same("ACL", "WHOAMI")
    for cmd in (("GET", "x"), ("GET", "k1"), ("SET", "k1", "v"), ("DEL", "k1"), ("CONFIG", "SET", "a", "b"),
                ("PUBLISH", "x", "m"), ("PUBLISH", "ch1", "m"), ("GET", "x")):
        c.same(*cmd)
    c.same("MULTI")
    c.same("GET", "x")
    c.same("GET", "k")
    c.same("EXEC")
    _same_log(acl)
    _same_log(acl, "2")
    acl.same("ACL", "LOG", "foo")
    acl.same("ACL", "LOG", "RESET")
    acl.same("ACL", "LOG")


def _same_log(acl, *count):
    """Entries equal in every field 7.0 has, except age and client details (7.2+ adds
    entry-id and timestamps)."""
    mine, theirs = acl.run("ACL", "LOG", *count)
    mine, theirs = decode(mine), decode(theirs)
    assert len(mine) == len(theirs)

    def fields(entry):
        d = dict(zip(entry[::2], entry[1::2]))
        return [d[k] for k in (b"count", b"reason", b"context", b"object", b"username")]

    assert [fields(e) for e in mine] == [fields(e) for e in theirs]


def test_requirepass_is_default_password(acl):
    acl.same("CONFIG", "SET", "requirepass", "foo")
    acl.same("ACL", "LIST")
    acl.same("ACL", "GETUSER", "default")
    c = acl.client()
    c.same("GET", "x")
    c.same("AUTH", "bar")
    c.same("AUTH", "foo")
    c.same("GET", "x")
    c2 = acl.client()
    c2.same("AUTH", "default", "foo")
    c2.same("HELLO", "2", "AUTH", "default", "nope")
    acl.same("CONFIG", "SET", "requirepass", "")
    acl.same("ACL", "LIST")
    acl.same("AUTH", "x")


def test_default_password_via_setuser(acl):
    acl.same("ACL", "SETUSER", "default", "resetpass", ">pw")
    c = acl.client()
    c.same("PING")
    c.same("AUTH", "pw")
    c.same("PING")
    c.same("RESET")
    c.same("PING")
    c.same("AUTH", "default", "pw")
    acl.same("ACL", "SETUSER", "default", "nopass")
    acl.same("CONFIG", "GET", "requirepass")


def test_disabled_user_and_deluser_closes(acl):
    acl.same("ACL", "SETUSER", "bob", "off", ">pw", "+@all", "~*")
    c = acl.client()
    c.same("AUTH", "bob", "pw")
    acl.same("ACL", "SETUSER", "bob", "on")
    c.same("AUTH", "bob", "pw")
    c.same("ACL", "WHOAMI")
    c.same("CLIENT", "KILL", "USER", "nobody")


@pytest.mark.parametrize("cat", ["keyspace", "read", "write", "string", "hash", "list", "set", "sortedset",
                                 "bitmap", "hyperloglog", "geo", "stream", "pubsub", "admin", "fast",
                                 "blocking", "dangerous", "connection", "transaction", "scripting"])
def test_cat_membership(acl, cat):
    """Only commands both sides implement are compared; the rest is reported by the lead."""
    mine, theirs = acl.run("ACL", "CAT", cat)
    mine, theirs = set(decode(mine)), set(decode(theirs))
    from redislab.engine import registry

    known = {sp.name.encode() for sp in registry.all_specs()} - KNOWN_MISMATCHES.get(cat, set())
    theirs &= known
    # Commands 7.4 recategorised or that 7.0 lacks are left out of the comparison.
    assert mine & known == theirs | (mine - _all_real(acl)), (
        f"only engine: {sorted(mine - theirs - (mine - _all_real(acl)))} only redis: {sorted(theirs - mine)}")


# Differences in the shared command table (reported, not ours to edit): SORT/SORT_RO are
# not @keyspace in Redis, KEYS is @dangerous there.
KNOWN_MISMATCHES = {"keyspace": {b"sort", b"sort_ro"}, "dangerous": {b"keys"}}


def _all_real(acl):
    names = set()
    for cat in decode(acl.conn.command("ACL", "CAT")):
        names |= set(decode(acl.conn.command("ACL", "CAT", cat)))
    return names


def test_cat_and_genpass(acl):
    # The built-in Stack modules add their categories after Redis 7.0's own, in order.
    from redislab.engine.acl import MODULE_CATEGORIES

    mine, theirs = (decode(x) for x in acl.run("ACL", "CAT"))
    assert [c for c in mine if c.decode() not in MODULE_CATEGORIES] == theirs
    acl.same("ACL", "CAT", "nosuch")
    acl.same("ACL", "CAT", "a", "b")
    for bits in ("1", "5", "128", "4096"):
        mine, theirs = acl.run("ACL", "GENPASS", bits)
        assert len(decode(mine)) == len(decode(theirs))
    for bad in ("0", "-1", "4097", "x"):
        acl.same("ACL", "GENPASS", bad)
    acl.same("ACL", "LOAD")
    acl.same("ACL", "SAVE")


def test_resp3_shapes(acl):
    acl.run("HELLO", "3")   # version and id differ
    acl.same("ACL", "SETUSER", "u3", "on", ">p", "~a", "%R~b", "&c", "+get", "(~x +set)")
    acl.same("ACL", "GETUSER", "u3")
    acl.same("ACL", "GETUSER", "default")
    acl.same("ACL", "GETUSER", "nobody")
    acl.same("ACL", "LIST")
    acl.same("ACL", "DRYRUN", "u3", "get", "zz")
    acl.run("HELLO", "2")


def test_read_write_patterns_follow_key_specs(acl):
    # %R~ / %W~ checks read each key's key-spec flags (COMMAND INFO): SET needs read access
    # only with GET, BITFIELD needs write access only for SET/INCRBY, EXISTS and TYPE need
    # neither, SORT needs read on its key and write on STORE's destination.
    acl.same("ACL", "SETUSER", "rw", "on", "nopass", "%R~r*", "%W~w*", "+@all")
    for cmd in (("set", "w1", "v"), ("set", "w1", "v", "GET"), ("set", "r1", "v"),
                ("bitfield", "r1", "GET", "u8", "0"), ("bitfield", "r1", "SET", "u8", "0", "1"),
                ("bitfield", "w1", "GET", "u8", "0"), ("exists", "w1", "r1"), ("type", "w1"),
                ("sort", "r1", "STORE", "w1"), ("sort", "r1", "STORE", "r2"), ("sort", "w1"),
                ("del", "r1"), ("del", "w1"), ("copy", "r1", "w1"), ("copy", "w1", "w2"),
                ("sinterstore", "w1", "r1", "r2"), ("sunionstore", "r9", "r1"), ("smove", "r1", "w1", "m"),
                ("getdel", "w1"), ("incr", "w1"), ("append", "w1", "x"), ("strlen", "w1"),
                ("hsetnx", "w1", "f", "v"), ("hlen", "w1"), ("rename", "w1", "w2"),
                ("eval", "return 1", "1", "w1"), ("eval_ro", "return 1", "1", "r1")):
        acl.same("ACL", "DRYRUN", "rw", *cmd)
