"""COMMAND against redis-server 7.0 for commands whose table data we own."""
import pytest

from tests.support.realredis import decode

MINE = ["ping", "echo", "select", "hello", "auth", "reset", "info", "time", "dbsize", "lastsave",
        "monitor", "flushdb", "flushall", "swapdb", "save", "bgsave", "get"]


@pytest.mark.parametrize("name", MINE)
def test_command_info_same(oracle, name):
    oracle.same("COMMAND", "INFO", name)


@pytest.mark.parametrize("name", ["config|get", "config|set", "config|help", "config|resetstat",
                                  "config|rewrite", "slowlog|get", "slowlog|len", "slowlog|reset",
                                  "client|id", "client|list", "client|kill", "client|setname",
                                  "client|getname", "client|info", "client|reply", "client|pause",
                                  "client|unpause", "client|no-evict", "command|count", "command|info",
                                  "command|docs", "command|list", "command|help"])
def test_subcommand_info_same(oracle, name):
    oracle.same("COMMAND", "INFO", name)


def test_container_info_same(oracle):
    mine, theirs = oracle.run("COMMAND", "INFO", "config")
    a, b = decode(mine)[0], decode(theirs)[0]
    assert a[:9] == b[:9]
    assert sorted(x[0] for x in a[9]) == sorted(x[0] for x in b[9])


def test_getkeys_same(oracle):
    oracle.same("COMMAND", "GETKEYS", "SET", "a", "b")
    oracle.same("COMMAND", "GETKEYS", "GET", "k")
    oracle.same("COMMAND", "GETKEYS", "nosuch", "a")
    oracle.same("COMMAND", "GETKEYS", "PING", "a")
    oracle.same("COMMAND", "GETKEYS", "GET", "a", "b")
    oracle.same("COMMAND", "GETKEYS", "CONFIG", "GET", "x")
    oracle.same("COMMAND", "GETKEYSANDFLAGS", "GET", "k")
    oracle.same("COMMAND", "GETKEYS")


def test_list_errors_same(oracle):
    oracle.same("COMMAND", "LIST", "FILTERBY", "PATTERN")
    oracle.same("COMMAND", "LIST", "foo")
    oracle.same("COMMAND", "LIST", "FILTERBY", "MODULE", "x")
    oracle.same("COMMAND", "FOO")
    oracle.same("COMMAND", "INFO", "nosuch")


def test_docs_structure(oracle):
    # Summaries are our own words, so compare the shape and the facts, not the text.
    for name in ("get", "config", "client"):
        mine, theirs = oracle.run("COMMAND", "DOCS", name)
        a, b = decode(mine), decode(theirs)
        da, db = dict(zip(a[1][::2], a[1][1::2])), dict(zip(b[1][::2], b[1][1::2]))
        assert a[0] == b[0]
        for field in (b"since", b"group", b"complexity"):
            assert da.get(field) == db.get(field), (name, field)
        if b"subcommands" in db:
            newer = {b"client|setinfo", b"client|no-touch"}     # 7.2+, not in the 7.0 oracle
            assert set(da[b"subcommands"][::2]) - newer <= set(db[b"subcommands"][::2])
