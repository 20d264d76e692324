import pytest

from redislab.engine import Engine, VirtualClock


@pytest.fixture
def engine():
    """A fresh engine on a virtual clock: tests advance time instead of sleeping."""
    return Engine(clock=VirtualClock())


@pytest.fixture
def r(engine):
    """Run a command on the engine: r("SET", "k", "v") -> reply."""
    s = engine.session()

    def run(*args):
        return engine.execute(s, [a if isinstance(a, bytes) else str(a).encode() for a in args])

    run.session = s
    run.engine = engine
    return run
