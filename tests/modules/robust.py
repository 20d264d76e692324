"""The checks behind the modules' robustness tests (test_*_robust.py): whatever the
arguments, a module command answers with a reply or an error reply and never raises
anything else out of the engine (which would be a crash for a server client)."""
from redislab.engine import Engine, VirtualClock, registry
from redislab.errors import RedisError


def command_names(*prefixes: str) -> list:
    """The registered commands whose names start with one of ``prefixes`` (lower case)."""
    return sorted(sp.name for sp in registry.load_all().values() if sp.name.startswith(prefixes))


def engine_with(setup) -> tuple:
    """A fresh engine and session after running the ``setup`` commands, each of which must succeed."""
    e = Engine(clock=VirtualClock())
    s = e.session()
    for argv in setup:
        assert not isinstance(e.execute(s, [a.encode() for a in argv]), RedisError), argv
    return e, s


def run_in_both_protocols(engine, session, name: str, args) -> None:
    """Run one command in RESP2 and in RESP3; a Python exception fails the test."""
    for resp in (2, 3):
        session.resp = resp
        engine.execute(session, [name.upper().encode(), *args])
    session.resp = 2


def assert_wrong_arity_everywhere(setup, names) -> None:
    """Every command named, called with no arguments, answers Redis's arity error."""
    e, s = engine_with(setup)
    for name in names:
        r = e.execute(s, [name.encode()])
        assert isinstance(r, RedisError) and "wrong number of arguments" in r.message, name
