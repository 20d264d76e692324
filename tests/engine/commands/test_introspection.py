from redislab.engine.commands.introspection import acl_categories, command_flags, key_specs
from redislab.engine.registry import lookup
from redislab.errors import RedisError


def test_command_count_matches_table(r):
    n = r("COMMAND", "COUNT")
    assert n == len(r("COMMAND"))
    assert n > 10


def test_command_info_shape(r):
    (entry,) = r("COMMAND", "INFO", "get")
    name, arity, flags, first, last, step, cats, tips, specs, subs = entry
    assert (name, arity, first, last, step) == (b"get", 2, 1, 1, 1)
    assert list(flags) == ["readonly", "fast"]
    assert list(cats) == ["@read", "@string", "@fast"]
    assert specs[0][b"begin_search"] == {b"type": b"index", b"spec": {b"index": 1}}
    assert specs[0][b"find_keys"][b"spec"] == {b"lastkey": 0, b"keystep": 1, b"limit": 0}
    assert subs == []


def test_command_info_unknown_is_nil_and_subcommand_by_full_name(r):
    out = r("COMMAND", "INFO", "nosuch", "config|get")
    assert out[0] is None
    assert out[1][0] == b"config|get"


def test_container_lists_subcommands(r):
    (entry,) = r("COMMAND", "INFO", "config")
    assert entry[1] == -2 and list(entry[6]) == ["@slow"]
    assert {e[0] for e in entry[9]} >= {b"config|get", b"config|set", b"config|help"}


def test_bare_command_runs_despite_subcommands(r):
    assert isinstance(r("COMMAND"), list)
    assert r("COMMAND", "FOO") == RedisError("ERR unknown subcommand 'FOO'. Try COMMAND HELP.")


def test_command_docs_map(r):
    docs = r("COMMAND", "DOCS", "set", "nosuch")
    assert [k for k, _ in docs] == [b"set"]
    d = dict(docs)[b"set"]
    assert d[b"group"] == b"string" and d[b"since"] == b"1.0.0"
    assert d[b"arguments"][0][b"name"] == b"key"


def test_command_list_filters(r):
    names = r("COMMAND", "LIST")
    assert b"config|get" in names and b"get" in names
    assert r("COMMAND", "LIST", "FILTERBY", "PATTERN", "conf*") == [
        n for n in names if n.startswith(b"conf")]
    assert b"ping" in r("COMMAND", "LIST", "FILTERBY", "ACLCAT", "connection")
    assert r("COMMAND", "LIST", "FILTERBY", "MODULE", "x") == []
    assert r("COMMAND", "LIST", "FILTERBY", "PATTERN") == RedisError("ERR syntax error")
    assert r("COMMAND", "LIST", "FOO", "BAR", "BAZ") == RedisError("ERR syntax error")


def test_getkeys(r):
    assert r("COMMAND", "GETKEYS", "SET", "a", "b") == [b"a"]
    assert r("COMMAND", "GETKEYS", "nosuch", "a") == RedisError("ERR Invalid command specified")
    assert r("COMMAND", "GETKEYS", "PING", "x") == RedisError("ERR The command has no key arguments")
    assert r("COMMAND", "GETKEYS", "GET", "a", "b") == RedisError(
        "ERR Invalid number of arguments specified for command")
    (pair,) = r("COMMAND", "GETKEYSANDFLAGS", "GET", "a")
    assert pair[0] == b"a" and list(pair[1]) == ["RO", "access"]


def test_key_specs_derivation_per_position_flags():
    class Spec:
        key_specs = ()
        key_flags = ("RO access", "OW update")
        keynum = None
        first_key, last_key, step = 1, 2, 1
        getkeys = None
        flags = frozenset({"write"})
    specs = key_specs(Spec)
    assert specs == [("RO access", ("index", 1), ("range", 0, 1, 0)),
                     ("OW update", ("index", 2), ("range", 0, 1, 0))]


def test_keynum_spec():
    class Spec:
        key_specs = ()
        key_flags = ()
        keynum = (2, 3, 1)
        first_key = last_key = step = 0
        getkeys = None
        flags = frozenset({"movablekeys"})
    assert key_specs(Spec) == [("RW access update", ("index", 2), ("keynum", 0, 1, 1))]


def test_flag_and_category_order():
    spec = lookup("config").subcommands["get"]
    assert command_flags(spec) == ["admin", "noscript", "loading", "stale"]
    assert acl_categories(spec) == ["admin", "slow", "dangerous"]


def test_command_help(r):
    lines = r("COMMAND", "HELP")
    assert lines[0].startswith("COMMAND <subcommand>")
    assert lines[-2] == "HELP"
