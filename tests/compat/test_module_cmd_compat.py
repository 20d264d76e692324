"""MODULE against redis-server 7.0: the refusals a stock server gives (the Stack
modules are built in, so only MODULE LIST differs: it names them)."""
import pytest

from redislab import Redis
from tests.support.realredis import decode


@pytest.mark.parametrize("args", [
    ("MODULE", "LOAD", "/nonexistent/module.so"),
    ("MODULE", "LOAD", "/x.so", "a", "b"),
    ("MODULE", "LOADEX", "/x.so"),
    ("MODULE", "UNLOAD", "nosuch"),
    ("MODULE", "UNLOAD", "ReJSON"),
    ("MODULE", "NOSUCH"),
    ("MODULE",),
    ("MODULE", "LOAD"),
    ("MODULE", "UNLOAD"),
    ("MODULE", "LIST", "extra"),
    ("CONFIG", "GET", "enable-module-command"),
    ("CONFIG", "SET", "enable-module-command", "yes"),
])
def test_module_replies_same(oracle, args):
    oracle.same(*args)


def test_module_help_lists_the_same_subcommands(oracle):
    mine, theirs = map(decode, oracle.run("MODULE", "HELP"))
    # Our own words for each line; the subcommand lines and the layout are Redis's.
    def heads(reply):
        return [line for line in reply if not line.startswith(" ")]
    assert heads(mine) == heads(theirs)


def test_module_list_names_the_built_in_stack_modules():
    from redislab.modules import LOADED

    for protocol in (2, 3):
        mods = {m[b"name"]: m for m in Redis(protocol=protocol).module_list()}
        assert set(mods) == {name.encode() for name, _ in LOADED}
        for name, ver in LOADED:
            assert mods[name.encode()][b"ver"] == ver


def test_module_command_info_same(oracle):
    # Subcommands come in the server's dict order: compare them as a set.
    mine, theirs = map(decode, oracle.run("COMMAND", "INFO", "module"))
    assert mine[0][:9] == theirs[0][:9]
    assert sorted(mine[0][9]) == sorted(theirs[0][9])
